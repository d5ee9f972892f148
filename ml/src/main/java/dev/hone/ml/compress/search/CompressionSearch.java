package dev.hone.ml.compress.search;

import dev.hone.ml.compress.CompressionChoice;
import dev.hone.ml.compress.CompressionChoice.Budget;
import dev.hone.ml.compress.CompressionChoice.Measured;
import dev.hone.ml.compress.Distillation;
import dev.hone.ml.compress.Int8Network;
import dev.hone.ml.compress.Pruning;
import dev.hone.ml.metrics.ClassificationMetrics;
import dev.hone.ml.metrics.RegressionMetrics;
import dev.hone.ml.model.DenseNetwork;
import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.MlpModel;
import dev.hone.ml.model.MlpTrainer;
import dev.hone.ml.model.ModelDescriptor;
import dev.hone.ml.model.TrainingListener;
import dev.hone.ml.model.TrainingResult;
import dev.hone.ml.servable.FloatMlpFormat;
import dev.hone.ml.servable.Int8MlpEnsembleFormat;
import dev.hone.ml.servable.Int8MlpFormat;
import dev.hone.ml.servable.MlpEnsembleFormat;
import dev.hone.ml.servable.ServableArtifact;
import dev.hone.ml.servable.ServableModel;
import dev.hone.ml.servable.ServableModels;
import dev.hone.ml.servable.Speed;
import dev.hone.vocabulary.CompressionObjective;
import dev.hone.vocabulary.CompressionTechnique;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Builds a trained float network's compressed candidates and measures them, for the techniques asked:
 * <ul>
 *   <li>{@code QUANTIZE_INT8}: the network in int8, and every other candidate in int8 as well (distil or
 *       prune, then quantize);</li>
 *   <li>{@code PRUNE_UNITS}: half and 80% of each hidden layer's units removed in three steps, fine-tuned
 *       after each ({@link Pruning#iterative});</li>
 *   <li>{@code DISTIL}: the students of {@link Distillation#students}, trained on the network's answers.</li>
 * </ul>
 * Every candidate is written to its artifact, read back through {@link ServableModels} as serving reads
 * it, and measured on the validation rows (metric, bytes, batch-1 latency, batch-64 throughput); the
 * choice is {@link CompressionChoice}'s. Fine-tuning and students train on the training rows with early
 * stopping on the validation rows.
 */
public final class CompressionSearch {

    /** Unit shares {@code PRUNE_UNITS} removes, each in {@link #PRUNING_STEPS} steps. */
    static final double[] UNIT_SHARES = {0.5, 0.8};

    static final int PRUNING_STEPS = 3;

    /**
     * Pruned and distilled candidates are trained anew, so on rows they have not seen they may answer
     * differently from the parent: judging one against a budget of a point needs at least this many validation
     * rows. On fewer (a data set of under about 1,300 rows) only the parent's int8 form is tried, whose weights
     * are the parent's rounded. (On iris's 24 validation rows a distilled student scored 1.0 against the parent's
     * 0.958 and then tested 0.81.)
     */
    public static final int MIN_VALIDATION_ROWS_TO_RETRAIN = 200;

    /** The techniques asked that these many validation rows can judge (see {@link #MIN_VALIDATION_ROWS_TO_RETRAIN}). */
    public static Set<CompressionTechnique> judgeable(Set<CompressionTechnique> asked, int validationRows) {
        if (validationRows >= MIN_VALIDATION_ROWS_TO_RETRAIN) {
            return asked;
        }
        return asked.contains(CompressionTechnique.QUANTIZE_INT8) ? EnumSet.of(CompressionTechnique.QUANTIZE_INT8)
                : EnumSet.noneOf(CompressionTechnique.class);
    }

    /** Fine-tuning and students train at most this many epochs each, stopped early on the validation rows. */
    public static final int TUNE_EPOCHS = 60;

    public static final int TUNE_PATIENCE = 10;

    /**
     * The config fine-tuning and students train with: the parent's optimizer, regularization, class weights and
     * weight averaging, {@link #TUNE_EPOCHS} and {@link #TUNE_PATIENCE}, one network, this seed (hidden layers are
     * set per candidate).
     */
    public static MlpConfig tuneConfig(MlpConfig parent, long seed) {
        return new MlpConfig(parent.hiddenLayers(), parent.activation(), parent.dropout(), parent.weightDecay(),
                parent.learningRate(), parent.optimizer(), parent.batchSize(), TUNE_EPOCHS, TUNE_PATIENCE, seed,
                parent.classWeights(), parent.numericScaling(), 1, parent.weightAveraging());
    }

    /** How many candidates {@link #candidates} makes for this parent and these techniques. */
    public static int plannedCount(Parent parent, Set<CompressionTechnique> techniques) {
        Set<CompressionTechnique> applicable = parent.applicable(techniques);
        int forms = applicable.contains(CompressionTechnique.QUANTIZE_INT8) ? 2 : 1;
        int count = applicable.contains(CompressionTechnique.QUANTIZE_INT8) ? 1 : 0;
        if (applicable.contains(CompressionTechnique.PRUNE_UNITS)) {
            count += UNIT_SHARES.length * forms;
        }
        if (applicable.contains(CompressionTechnique.DISTIL)) {
            count += Distillation.students(parent.networks().getFirst().hiddenLayers()).size() * forms;
        }
        return count;
    }

    private CompressionSearch() {}

    /**
     * Transformed rows and labels (class indices for a classifier, standardized targets for a regressor).
     *
     * @param classes the number of classes, 1 for a regressor
     */
    public record Data(boolean classification, int classes, float[][] xTrain, int[] cTrain, float[] tTrain,
            float[][] xVal, int[] cVal, float[] tVal) {

        public Data {
            if (xTrain.length == 0 || xVal.length == 0) {
                throw new IllegalArgumentException("compression needs training and validation rows, had "
                        + xTrain.length + " and " + xVal.length);
            }
            if (classification ? cTrain == null || cVal == null : tTrain == null || tVal == null) {
                throw new IllegalArgumentException("the rows need " + (classification ? "classes" : "targets"));
            }
        }
    }

    /**
     * A compressed model.
     *
     * @param steps the techniques applied, in order
     * @param parameters weights and biases
     */
    public record Candidate(String name, List<CompressionTechnique> steps, ServableArtifact artifact,
            long parameters) {
    }

    /** Reports which candidate is being made; may throw to stop (a cancelled run). */
    @FunctionalInterface
    public interface Progress {
        void candidate(int done, String making);
    }

    /**
     * The model to compress: one network (every technique applies) or the networks an ensemble averages
     * (quantization, each network in int8, and distillation, whose students learn the averaged answers; not
     * pruning).
     *
     * @param descriptor the stored model's descriptor (its training config, sizes and task)
     */
    public record Parent(List<DenseNetwork> networks, ModelDescriptor descriptor) {

        public Parent {
            if (networks.isEmpty()) {
                throw new IllegalArgumentException("a model to compress has at least one network");
            }
            networks = List.copyOf(networks);
        }

        /** A trained network as the trainer left it. */
        public static Parent of(TrainingResult trained, boolean classifier) {
            return new Parent(List.of(dense(trained, classifier)), ModelDescriptor.of(trained, classifier));
        }

        /** A stored float model, one network or an ensemble ({@link ServableModels#networks}). */
        public static Parent read(ServableArtifact artifact) {
            return new Parent(ServableModels.networks(artifact), FloatMlpFormat.descriptor(artifact.descriptor()));
        }

        public boolean ensemble() {
            return networks.size() > 1;
        }

        /** The techniques that apply to this model among those asked. */
        public Set<CompressionTechnique> applicable(Set<CompressionTechnique> asked) {
            return ensemble() ? asked.stream().filter(t -> t != CompressionTechnique.PRUNE_UNITS)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(CompressionTechnique.class))) : asked;
        }

        /** The model's answers: class probabilities or standardized values, averaged over its networks. */
        float[][] predict(float[][] x) {
            return MlpEnsembleFormat.mean(networks, n -> n.predict(x));
        }
    }

    /**
     * The candidates for the techniques asked, in order of making.
     *
     * @param parent the model to compress; an ensemble is quantized and distilled, not pruned
     * @param tune the config fine-tuning and students train with (its epochs and patience; hidden layers are
     *     set per candidate)
     * @param listener heartbeats of each training inside
     * @throws IllegalArgumentException when no technique is asked, or none applies to an ensemble
     */
    public static List<Candidate> candidates(Parent parent, Data d, Set<CompressionTechnique> techniques,
            MlpConfig tune, Progress progress, TrainingListener listener) {
        if (techniques.isEmpty()) {
            throw new IllegalArgumentException("compression needs at least one technique");
        }
        if (parent.applicable(techniques).isEmpty()) {
            throw new IllegalArgumentException("an ensemble of " + parent.networks().size() + " networks is not "
                    + "pruned, only quantized or distilled; " + techniques + " were asked");
        }
        DenseNetwork network = parent.networks().getFirst();
        MlpConfig one = tune.withEnsembleSize(1);
        boolean int8 = techniques.contains(CompressionTechnique.QUANTIZE_INT8);
        List<Candidate> out = new ArrayList<>();
        if (int8) {
            progress.candidate(out.size(), "int8");
            out.add(parent.ensemble() ? quantizedEnsemble(parent, d)
                    : quantized("int8", List.of(), network, parent.descriptor(), d));
        }
        if (techniques.contains(CompressionTechnique.PRUNE_UNITS) && !parent.ensemble()) {
            for (double share : UNIT_SHARES) {
                String what = String.format(Locale.ROOT, "units -%d%%", Math.round(share * 100));
                progress.candidate(out.size(), what);
                TrainingResult[] last = new TrainingResult[1];
                Pruning.iterative(network, share, PRUNING_STEPS, true, (pruned, step) -> {
                    last[0] = fineTune(pruned, d, one.withHiddenLayers(pruned.hiddenLayers()), listener);
                    return dense(last[0], d.classification());
                });
                add(out, what + " " + last[0].config().hiddenLayers(), CompressionTechnique.PRUNE_UNITS, last[0], d,
                        int8, progress);
            }
        }
        if (techniques.contains(CompressionTechnique.DISTIL)) {
            float[][] answers = parent.predict(d.xTrain());
            for (List<Integer> widths : Distillation.students(network.hiddenLayers())) {
                String what = "student " + widths;
                progress.candidate(out.size(), what);
                add(out, what, CompressionTechnique.DISTIL, distil(answers, d, one.withHiddenLayers(widths),
                        listener), d, int8, progress);
            }
        }
        return out;
    }

    /** A float candidate, and its int8 form when quantization is asked too. */
    private static void add(List<Candidate> out, String name, CompressionTechnique technique, TrainingResult result,
            Data d, boolean int8, Progress progress) {
        DenseNetwork network = dense(result, d.classification());
        out.add(new Candidate(name, List.of(technique), FloatMlpFormat.write(result, d.classification()),
                network.parameterCount()));
        if (int8) {
            progress.candidate(out.size(), name + ", int8");
            out.add(quantized(name + ", int8", List.of(technique), network,
                    ModelDescriptor.of(result, d.classification()), d));
        }
    }

    /** Each of an ensemble's networks in int8, averaged as the float ones are. */
    private static Candidate quantizedEnsemble(Parent parent, Data d) {
        List<Int8Network> networks = parent.networks().stream().map(n -> Int8Network.quantize(n, d.xTrain())).toList();
        return new Candidate("int8", List.of(CompressionTechnique.QUANTIZE_INT8),
                Int8MlpEnsembleFormat.write(networks, parent.descriptor()),
                parent.networks().stream().mapToLong(DenseNetwork::parameterCount).sum());
    }

    private static Candidate quantized(String name, List<CompressionTechnique> before, DenseNetwork network,
            ModelDescriptor source, Data d) {
        List<CompressionTechnique> steps = new ArrayList<>(before);
        steps.add(CompressionTechnique.QUANTIZE_INT8);
        Int8Network q = Int8Network.quantize(network, d.xTrain());
        // One network, whatever the parent was: an ensemble's students are single networks.
        ModelDescriptor one = new ModelDescriptor(source.config().withEnsembleSize(1), source.inputSize(),
                source.outputSize(), source.classifier());
        return new Candidate(name, List.copyOf(steps), Int8MlpFormat.write(q, one), network.parameterCount());
    }

    /**
     * A model read back from its artifact and measured on the validation rows.
     *
     * @param calls single-row calls timed ({@link Speed#measure})
     */
    public static Measured measure(String name, ServableArtifact artifact, long parameters, Data d, int calls) {
        try (ServableModel model = ServableModels.load(artifact)) {
            Speed speed = Speed.measure(model, d.xVal(), calls);
            return new Measured(name, metric(model, d), artifact.content().length, parameters, speed.batch1Micros(),
                    speed.rowsPerSecond());
        }
    }

    /** The choice among measured candidates, and the front: what the stage reports. */
    public record Outcome(Measured parent, List<Measured> candidates, Optional<Measured> chosen,
            List<Measured> front) {
    }

    public static Outcome choose(Measured parent, List<Measured> candidates, Data d, Budget budget,
            CompressionObjective objective) {
        List<Measured> all = new ArrayList<>(candidates);
        all.addFirst(parent);
        return new Outcome(parent, List.copyOf(candidates), CompressionChoice.choose(parent, candidates,
                d.classification(), budget, objective), CompressionChoice.front(all, d.classification()));
    }

    /** Accuracy, or the RMSE in standardized target units, on the validation rows. */
    static double metric(ServableModel model, Data d) {
        float[][] out = model.predict(d.xVal());
        if (d.classification()) {
            List<String> labels = IntStream.range(0, d.classes()).mapToObj(String::valueOf).toList();
            return ClassificationMetrics.compute(d.cVal(), out, labels).accuracy();
        }
        double[] truth = new double[out.length];
        double[] predicted = new double[out.length];
        for (int r = 0; r < out.length; r++) {
            truth[r] = d.tVal()[r];
            predicted[r] = out[r][0];
        }
        return RegressionMetrics.compute(truth, predicted).rmse();
    }

    private static TrainingResult fineTune(DenseNetwork pruned, Data d, MlpConfig cfg, TrainingListener l) {
        return d.classification()
                ? MlpTrainer.fineTuneClassifier(pruned, d.xTrain(), d.cTrain(), d.xVal(), d.cVal(), cfg, l)
                : MlpTrainer.fineTuneRegressor(pruned, d.xTrain(), d.tTrain(), d.xVal(), d.tVal(), cfg, l);
    }

    private static TrainingResult distil(float[][] answers, Data d, MlpConfig cfg, TrainingListener l) {
        if (d.classification()) {
            return MlpTrainer.distilClassifier(answers, d.xTrain(), d.cTrain(), d.xVal(), d.cVal(), d.classes(),
                    Distillation.TEMPERATURE, Distillation.ALPHA, cfg, l);
        }
        float[] teacher = new float[answers.length];
        for (int r = 0; r < teacher.length; r++) {
            teacher[r] = answers[r][0];
        }
        return MlpTrainer.distilRegressor(teacher, d.xTrain(), d.tTrain(), d.xVal(), d.tVal(), Distillation.ALPHA,
                cfg, l);
    }

    /** A trained float network as plain arrays. */
    public static DenseNetwork dense(TrainingResult r, boolean classifier) {
        try (MlpModel model = MlpModel.load(r.parameters(), r.inputSize(), r.outputSize(), r.config(), classifier)) {
            return model.dense();
        }
    }
}
