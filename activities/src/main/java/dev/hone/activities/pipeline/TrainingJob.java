package dev.hone.activities.pipeline;

import dev.hone.ml.data.DataTable;
import dev.hone.ml.model.EpochMetrics;
import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.MlpTrainer;
import dev.hone.ml.model.TrainingListener;
import dev.hone.ml.model.TrainingResult;
import dev.hone.ml.preprocess.FittedTransform;
import dev.hone.ml.preprocess.Splitter;
import dev.hone.ml.servable.FloatMlpFormat;
import dev.hone.ml.servable.ModelKind;
import dev.hone.ml.servable.ServableArtifact;
import dev.hone.vocabulary.Task;
import dev.hone.workflows.pipeline.StageArtifacts;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** Trains an MLP on a run's preprocessed splits: shared by the training stage and tuning trials. */
@ApplicationScoped
public class TrainingJob {

    /**
     * The kind of model training produces. The training stage's output ({@code TrainedModel}) is
     * always of this kind; a stage that produces another kind (compression) names it in its own output.
     */
    public static final ModelKind KIND = ModelKind.FLOAT_MLP;

    private final ArtifactIO artifacts;

    TrainingJob(ArtifactIO artifacts) {
        this.artifacts = artifacts;
    }

    /** A finished training and what is needed to read its metrics in user units. */
    public record Outcome(TrainingResult result, boolean classifier, double targetStd) {

        /** Validation metrics of an epoch under their API names. */
        public Map<String, Double> metrics(EpochMetrics m) {
            return validationMetrics(m, classifier, targetStd);
        }

        public EpochMetrics best() {
            return result.history().get(result.bestEpoch() - 1);
        }
    }

    /** Validation metrics of an epoch: validation_loss, and validation_accuracy or validation_rmse. */
    public static Map<String, Double> validationMetrics(EpochMetrics m, boolean classifier, double targetStd) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("validation_loss", m.validationLoss());
        if (classifier) {
            metrics.put("validation_accuracy", m.validationMetric());
        } else {
            metrics.put("validation_rmse", m.validationMetric() * targetStd);
        }
        return metrics;
    }

    /** The heartbeat of a training batch: what the stage was doing if it stops answering. */
    public static String batchLine(int epoch, int batch, int batches) {
        return "training: epoch " + epoch + ", batch " + batch + " of " + batches;
    }

    /** Whether the splits are for classification, without training anything. */
    public boolean isClassification(StageArtifacts data) {
        return data.task() == Task.CLASSIFICATION;
    }

    public double targetStd(StageArtifacts data) {
        return artifacts.readTransform(data.transform()).targetStd();
    }

    /** A training-split sample and its size, stored as a table artifact. */
    public record Sample(String artifact, int rows) {}

    /**
     * Stores a sample of about {@code rows} rows of the training split (see {@link Splitter#sample});
     * empty when the split has no more rows than that.
     */
    public java.util.Optional<Sample> sample(StageArtifacts data, int rows, long seed) {
        DataTable train = artifacts.readTable(data.trainSplit());
        if (train.rowCount() <= rows) {
            return java.util.Optional.empty();
        }
        FittedTransform transform = artifacts.readTransform(data.transform());
        DataTable sample = Splitter.sample(train, transform.target(), data.task(), rows, seed);
        return java.util.Optional.of(new Sample(artifacts.writeTable(sample), sample.rowCount()));
    }

    /**
     * Trains on the splits. Fails at once, before any epoch, when the artifact store could not take
     * the weights at the end: a training that cannot be kept is not started.
     */
    public Outcome train(StageArtifacts data, MlpConfig config, TrainingListener listener) {
        artifacts.checkWritable();
        FittedTransform transform = artifacts.readTransform(data.transform());
        DataTable train = artifacts.readTable(data.trainSplit());
        DataTable validation = artifacts.readTable(data.validationSplit());
        float[][] xTrain = transform.transform(train);
        float[][] xVal = transform.transform(validation);
        boolean classifier = transform.task() == Task.CLASSIFICATION;
        TrainingResult result = classifier
                ? MlpTrainer.trainClassifier(xTrain, transform.encodeClasses(train), xVal,
                        transform.encodeClasses(validation), transform.classLabels().size(), config, listener)
                : MlpTrainer.trainRegressor(xTrain, transform.encodeRegressionTarget(train), xVal,
                        transform.encodeRegressionTarget(validation), config, listener);
        return new Outcome(result, classifier, transform.targetStd());
    }

    /**
     * Up to this many training + validation rows, the training stage trains the chosen epoch count again
     * on both splits together: on small data the validation split is a sixth of what there is to learn
     * from. Past it the validation split is large enough to spare, and a second training would double
     * the stage's time.
     */
    public static final int REFIT_MAX_ROWS = 100_000;

    /**
     * Trains again on the training and validation splits together, for exactly {@code epochs} epochs (the
     * best epoch of a training with validation), and returns that network's parameters and its history.
     */
    public TrainingResult refit(StageArtifacts data, MlpConfig config, int epochs, TrainingListener listener) {
        FittedTransform transform = artifacts.readTransform(data.transform());
        DataTable train = artifacts.readTable(data.trainSplit());
        DataTable validation = artifacts.readTable(data.validationSplit());
        float[][] x = concat(transform.transform(train), transform.transform(validation));
        MlpConfig exact = config.withEpochs(epochs);
        if (transform.task() == Task.CLASSIFICATION) {
            int[] a = transform.encodeClasses(train);
            int[] b = transform.encodeClasses(validation);
            int[] y = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, y, a.length, b.length);
            return MlpTrainer.refitClassifier(x, y, transform.classLabels().size(), exact, listener);
        }
        float[] a = transform.encodeRegressionTarget(train);
        float[] b = transform.encodeRegressionTarget(validation);
        float[] y = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, y, a.length, b.length);
        return MlpTrainer.refitRegressor(x, y, exact, listener);
    }

    private static float[][] concat(float[][] a, float[][] b) {
        float[][] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The stored form of a trained network, of {@link #KIND}. */
    public static ServableArtifact artifact(Outcome outcome) {
        return FloatMlpFormat.write(outcome.result(), outcome.classifier());
    }

    /** Stores a model's artifact content; returns the artifact reference. */
    public String store(ServableArtifact model) {
        return artifacts.writeModel(model);
    }
}
