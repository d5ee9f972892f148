package dev.hone.ml.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.hone.vocabulary.ClassWeights;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an MLP with the configured optimizer (Adam by default) on mini-batches, stops early when the validation loss has not improved
 * for {@code patience} epochs, and returns the parameters of the best epoch: the epoch's average of the weights so
 * far when the config averages them ({@link MlpConfig#weightAveraging()}), its own weights otherwise.
 *
 * <p>Deterministic for a seed: the engine's random seed (initialization, dropout) and the batch
 * order come from {@link MlpConfig#seed()}. One training runs at a time per JVM ({@link
 * GradientLock}).
 */
public final class MlpTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(MlpTrainer.class);

    private MlpTrainer() {}

    /**
     * Trains a classifier with softmax cross-entropy, weighted by class as the config's class weights say
     * (the result's config says what AUTO became).
     *
     * @param yTrain class indices in [0, classes)
     */
    public static TrainingResult trainClassifier(
            float[][] xTrain, int[] yTrain, float[][] xVal, int[] yVal, int classes,
            MlpConfig cfg, TrainingListener l) {
        return trainClassifier(xTrain, yTrain, xVal, yVal, classes, cfg, l, null);
    }

    /**
     * As above, each training row's loss also multiplied by its weight in {@code rowWeights} (null: all 1), e.g.
     * reweighing for fairness; validation stays unweighted by row.
     */
    public static TrainingResult trainClassifier(
            float[][] xTrain, int[] yTrain, float[][] xVal, int[] yVal, int classes,
            MlpConfig cfg, TrainingListener l, float[] rowWeights) {
        if (rowWeights != null && rowWeights.length != yTrain.length) {
            throw new IllegalArgumentException(rowWeights.length + " row weights for " + yTrain.length + " rows");
        }
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be >= 2, was " + classes);
        }
        checkLabels(yTrain, classes, "yTrain");
        checkLabels(yVal, classes, "yVal");
        checkShapes(xTrain, yTrain.length, xVal, yVal.length);
        MlpConfig resolved = cfg.withClassWeights(classWeights(cfg.classWeights(), yTrain, classes));
        return train(Task.Classification.of(classes, yTrain, yVal, resolved.classWeights(), rowWeights), xTrain, xVal,
                resolved, l);
    }

    /** What AUTO means for these labels: BALANCED_ADJUSTED when the classes are imbalanced, else NONE. */
    static ClassWeights classWeights(ClassWeights asked, int[] y, int classes) {
        if (asked != ClassWeights.AUTO) {
            return asked;
        }
        long[] counts = counts(y, classes);
        long max = Arrays.stream(counts).max().orElse(0);
        long min = Arrays.stream(counts).filter(c -> c > 0).min().orElse(max);
        return max >= ClassWeights.IMBALANCE_RATIO * min ? ClassWeights.BALANCED_ADJUSTED : ClassWeights.NONE;
    }

    /**
     * Per-class loss weights, or null when every row weighs the same. BALANCED (and BALANCED_ADJUSTED): rows /
     * (classes * rows of the class), so each class present contributes equally; a class absent from training weighs 1.
     */
    static float[] weights(ClassWeights weighting, int[] y, int classes) {
        if (weighting != ClassWeights.BALANCED && weighting != ClassWeights.BALANCED_ADJUSTED) {
            return null;
        }
        long[] counts = counts(y, classes);
        long present = Arrays.stream(counts).filter(c -> c > 0).count();
        float[] w = new float[classes];
        for (int c = 0; c < classes; c++) {
            w[c] = counts[c] == 0 ? 1f : (float) ((double) y.length / (present * counts[c]));
        }
        return w;
    }

    private static long[] counts(int[] y, int classes) {
        long[] counts = new long[classes];
        for (int label : y) {
            counts[label]++;
        }
        return counts;
    }

    /** Trains a regressor with mean squared error on (usually standardized) targets; class weights do not apply. */
    public static TrainingResult trainRegressor(
            float[][] xTrain, float[] yTrain, float[][] xVal, float[] yVal,
            MlpConfig cfg, TrainingListener l) {
        checkShapes(xTrain, yTrain.length, xVal, yVal.length);
        return train(new Task.Regression(yTrain, yVal), xTrain, xVal, cfg.withClassWeights(ClassWeights.NONE), l);
    }

    /**
     * Trains a classifier on every given row (a run's training and validation splits together) for
     * exactly {@code cfg.maxEpochs()} epochs, chosen before by a training with validation, and keeps the
     * last epoch's parameters. Nothing is held out, so the history's validation values are NaN.
     */
    public static TrainingResult refitClassifier(float[][] x, int[] y, int classes, MlpConfig cfg, TrainingListener l) {
        return refitClassifier(x, y, classes, cfg, l, null);
    }

    /** As above, each row's loss multiplied by its weight in {@code rowWeights} (null: all 1). */
    public static TrainingResult refitClassifier(float[][] x, int[] y, int classes, MlpConfig cfg, TrainingListener l,
            float[] rowWeights) {
        if (rowWeights != null && rowWeights.length != y.length) {
            throw new IllegalArgumentException(rowWeights.length + " row weights for " + y.length + " rows");
        }
        checkLabels(y, classes, "y");
        checkShapes(x, y.length, x, y.length);
        MlpConfig resolved = cfg.withClassWeights(classWeights(cfg.classWeights(), y, classes));
        return train(Task.Classification.of(classes, y, null, resolved.classWeights(), rowWeights), x, null, resolved,
                l);
    }

    /** The regression form of {@link #refitClassifier}. */
    public static TrainingResult refitRegressor(float[][] x, float[] y, MlpConfig cfg, TrainingListener l) {
        checkShapes(x, y.length, x, y.length);
        return train(new Task.Regression(y, null), x, null, cfg.withClassWeights(ClassWeights.NONE), l);
    }

    /**
     * Trains a classifier further from a given network (a pruned one, usually) instead of a fresh
     * initialization, with early stopping as {@link #trainClassifier}; weights that are zero in the start
     * network stay zero. The config's hidden layers and activation must be the network's.
     */
    public static TrainingResult fineTuneClassifier(DenseNetwork start, float[][] xTrain, int[] yTrain,
            float[][] xVal, int[] yVal, MlpConfig cfg, TrainingListener l) {
        int classes = start.outputSize();
        checkStart(start, cfg, xTrain, true);
        checkLabels(yTrain, classes, "yTrain");
        checkLabels(yVal, classes, "yVal");
        checkShapes(xTrain, yTrain.length, xVal, yVal.length);
        MlpConfig resolved = cfg.withClassWeights(classWeights(cfg.classWeights(), yTrain, classes));
        return train(Task.Classification.of(classes, yTrain, yVal, resolved.classWeights(), null), xTrain, xVal,
                resolved, l, start);
    }

    /** The regression form of {@link #fineTuneClassifier}. */
    public static TrainingResult fineTuneRegressor(DenseNetwork start, float[][] xTrain, float[] yTrain,
            float[][] xVal, float[] yVal, MlpConfig cfg, TrainingListener l) {
        checkStart(start, cfg, xTrain, false);
        checkShapes(xTrain, yTrain.length, xVal, yVal.length);
        return train(new Task.Regression(yTrain, yVal), xTrain, xVal, cfg.withClassWeights(ClassWeights.NONE), l,
                start);
    }

    /**
     * Trains a (smaller) classifier from a teacher's answers: {@code teacher[r]} are the teacher's class
     * probabilities for training row {@code r}, softened to the temperature ({@code p^(1/T)}, normalized) and
     * mixed with the true labels with weight {@code alpha} ({@link DistillationLoss}). Early stopping watches the
     * cross-entropy on the validation labels.
     *
     * @param temperature at least 1; higher spreads the teacher's probability over more classes
     * @param alpha in [0, 1]: 0 trains on the labels only, 1 on the teacher only
     */
    public static TrainingResult distilClassifier(float[][] teacher, float[][] xTrain, int[] yTrain, float[][] xVal,
            int[] yVal, int classes, double temperature, double alpha, MlpConfig cfg, TrainingListener l) {
        checkLabels(yTrain, classes, "yTrain");
        checkLabels(yVal, classes, "yVal");
        checkShapes(xTrain, yTrain.length, xVal, yVal.length);
        checkDistillation(teacher.length, xTrain.length, temperature, alpha);
        float[][] soft = new float[teacher.length][];
        for (int r = 0; r < teacher.length; r++) {
            if (teacher[r].length != classes) {
                throw new IllegalArgumentException("the teacher gives " + teacher[r].length + " probabilities for row "
                        + r + "; there are " + classes + " classes");
            }
            soft[r] = soften(teacher[r], temperature);
        }
        return train(new Task.Distilled(classes, yTrain, yVal, soft, (float) temperature, (float) alpha), xTrain, xVal,
                cfg.withClassWeights(ClassWeights.NONE), l);
    }

    /**
     * The regression form of {@link #distilClassifier}: the student learns {@code alpha * teacher + (1 - alpha)
     * * y} (whose squared error has the gradients of the mixed one); early stopping watches the true targets.
     */
    public static TrainingResult distilRegressor(float[] teacher, float[][] xTrain, float[] yTrain, float[][] xVal,
            float[] yVal, double alpha, MlpConfig cfg, TrainingListener l) {
        checkShapes(xTrain, yTrain.length, xVal, yVal.length);
        checkDistillation(teacher.length, xTrain.length, 1, alpha);
        float[] blended = new float[yTrain.length];
        for (int r = 0; r < blended.length; r++) {
            blended[r] = (float) (alpha * teacher[r] + (1 - alpha) * yTrain[r]);
        }
        return train(new Task.Regression(blended, yVal), xTrain, xVal, cfg.withClassWeights(ClassWeights.NONE), l);
    }

    /** Probabilities at a temperature: {@code p^(1/T)}, normalized (softmax of the logits divided by T). */
    static float[] soften(float[] probabilities, double temperature) {
        double[] q = new double[probabilities.length];
        double sum = 0;
        for (int c = 0; c < q.length; c++) {
            q[c] = Math.exp(Math.log(Math.max(probabilities[c], 1e-12)) / temperature);
            sum += q[c];
        }
        float[] out = new float[q.length];
        for (int c = 0; c < q.length; c++) {
            out[c] = (float) (q[c] / sum);
        }
        return out;
    }

    private static void checkDistillation(int teacherRows, int rows, double temperature, double alpha) {
        if (teacherRows != rows) {
            throw new IllegalArgumentException("the teacher answered " + teacherRows + " rows; there are " + rows
                    + " training rows");
        }
        if (!(temperature >= 1) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be at least 1, was " + temperature);
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], was " + alpha);
        }
    }

    private static void checkStart(DenseNetwork start, MlpConfig cfg, float[][] x, boolean classifier) {
        if (start.classifier() != classifier) {
            throw new IllegalArgumentException("the start network is a "
                    + (start.classifier() ? "classifier" : "regressor") + "; this trains a "
                    + (classifier ? "classifier" : "regressor"));
        }
        if (!cfg.hiddenLayers().equals(start.hiddenLayers()) || cfg.activation() != start.activation()) {
            throw new IllegalArgumentException("the config describes hidden layers " + cfg.hiddenLayers() + " with "
                    + cfg.activation() + ", the start network has " + start.hiddenLayers() + " with "
                    + start.activation());
        }
        if (x.length > 0 && x[0].length != start.inputSize()) {
            throw new IllegalArgumentException("the rows have " + x[0].length + " features; the start network takes "
                    + start.inputSize());
        }
    }

    /** What differs between classification and regression: labels, loss, metric. */
    private sealed interface Task {
        int outputSize();

        Loss loss();

        /** What the loss compares the given training rows' outputs with, in the given manager. */
        NDList trainLabels(NDManager m, int[] rows);

        NDList validationLabels(NDManager m);

        /** What the kept model will answer for these outputs of the network in training (the same by default). */
        default NDArray answered(NDArray output) {
            return output;
        }

        /** Accuracy or RMSE from validation outputs, as {@link #answered} gives them. */
        double validationMetric(NDArray output, double validationLoss);

        /**
         * @param weights per-class loss weights, or null for an unweighted loss
         * @param rowWeights per training row, a factor of its loss weight; null for none
         * @param shift BALANCED_ADJUSTED's per-class logit shift, {@code -ln(weight)}, which the kept model's output
         *     biases take on at the end (a start network's are taken off first); null for none
         */
        record Classification(int classes, int[] yTrain, int[] yVal, float[] weights, float[] rowWeights,
                float[] shift) implements Task {

            static Classification of(int classes, int[] yTrain, int[] yVal, ClassWeights resolved,
                    float[] rowWeights) {
                float[] weights = MlpTrainer.weights(resolved, yTrain, classes);
                float[] shift = null;
                if (resolved == ClassWeights.BALANCED_ADJUSTED) {
                    shift = new float[classes];
                    for (int c = 0; c < classes; c++) {
                        shift[c] = (float) -Math.log(weights[c]);
                    }
                }
                return new Classification(classes, yTrain, yVal, weights, rowWeights, shift);
            }

            public int outputSize() {
                return classes;
            }

            public Loss loss() {
                return new TargetCrossEntropy();
            }

            public NDList trainLabels(NDManager m, int[] rows) {
                int[] y = new int[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    y[i] = yTrain[rows[i]];
                }
                return targets(m, y, rows, weights);
            }

            /**
             * Weighted as the training is, except for BALANCED_ADJUSTED: its answers are meant for the classes' real
             * proportions, so they are scored unweighted (after the shift, {@link #answered}), which also puts its
             * validation loss on the scale of an unweighted model's (a study may compare the two).
             */
            public NDList validationLabels(NDManager m) {
                return targets(m, yVal, null, shift == null ? weights : null);
            }

            public NDArray answered(NDArray output) {
                return shift == null ? output : output.add(output.getManager().create(shift));
            }

            /**
             * The {@link TargetCrossEntropy} targets: row i's class holds {@code -w_i / sum(w)}, where {@code w_i} is
             * its class weight times its row weight (each 1 when absent), every other entry 0.
             *
             * @param rows the training rows' indices (their row weights apply), or null for validation rows
             * @param classWeights per class, or null for none
             */
            private NDList targets(NDManager m, int[] y, int[] rows, float[] classWeights) {
                double[] w = new double[y.length];
                double sum = 0;
                for (int i = 0; i < y.length; i++) {
                    w[i] = (classWeights == null ? 1 : classWeights[y[i]]) * (rows == null || rowWeights == null ? 1
                            : rowWeights[rows[i]]);
                    sum += w[i];
                }
                float[] t = new float[y.length * classes];
                for (int i = 0; i < y.length; i++) {
                    t[i * classes + y[i]] = (float) (-w[i] / sum);
                }
                return new NDList(m.create(t, new Shape(y.length, classes)));
            }

            public double validationMetric(NDArray output, double validationLoss) {
                return accuracy(output, yVal);
            }
        }

        /**
         * Classification taught by a teacher: per training row the teacher's class probabilities at the
         * temperature ({@code soft}), mixed with the true labels ({@link DistillationLoss}); validation is
         * scored on the true labels alone.
         */
        record Distilled(int classes, int[] yTrain, int[] yVal, float[][] soft, float temperature, float alpha)
                implements Task {
            public int outputSize() {
                return classes;
            }

            public Loss loss() {
                return new DistillationLoss(temperature, alpha);
            }

            public NDList trainLabels(NDManager m, int[] rows) {
                int[] y = new int[rows.length];
                float[] q = new float[rows.length * classes];
                for (int i = 0; i < rows.length; i++) {
                    y[i] = yTrain[rows[i]];
                    System.arraycopy(soft[rows[i]], 0, q, i * classes, classes);
                }
                return new NDList(m.create(y), m.create(q, new Shape(rows.length, classes)));
            }

            public NDList validationLabels(NDManager m) {
                return new NDList(m.create(yVal));
            }

            public double validationMetric(NDArray output, double validationLoss) {
                return accuracy(output, yVal);
            }
        }

        private static double accuracy(NDArray output, int[] y) {
            long[] predicted = output.argMax(1).toLongArray();
            long correct = 0;
            for (int i = 0; i < predicted.length; i++) {
                correct += predicted[i] == y[i] ? 1 : 0;
            }
            return (double) correct / predicted.length;
        }

        record Regression(float[] yTrain, float[] yVal) implements Task {
            public int outputSize() {
                return 1;
            }

            public Loss loss() {
                return new MeanSquaredError();
            }

            public NDList trainLabels(NDManager m, int[] rows) {
                float[] y = new float[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    y[i] = yTrain[rows[i]];
                }
                return new NDList(m.create(y, new Shape(rows.length, 1)));
            }

            public NDList validationLabels(NDManager m) {
                return new NDList(m.create(yVal, new Shape(yVal.length, 1)));
            }

            public double validationMetric(NDArray output, double validationLoss) {
                return Math.sqrt(validationLoss);
            }
        }
    }

    private static TrainingResult train(
            Task task, float[][] xTrain, float[][] xVal, MlpConfig cfg, TrainingListener listener) {
        return train(task, xTrain, xVal, cfg, listener, null);
    }

    private static TrainingResult train(Task task, float[][] xTrain, float[][] xVal, MlpConfig cfg,
            TrainingListener listener, DenseNetwork start) {
        cfg.validate();
        TrainingListener l = listener == null ? TrainingListener.NONE : listener;
        int inputSize = xTrain[0].length;
        try (GradientLock.Held held = GradientLock.acquire()) {
            Engine engine = Engine.getEngine(MlpBlocks.ENGINE);
            engine.setRandomSeed(Long.hashCode(cfg.seed()));
            return trainLocked(engine, task, xTrain, xVal, inputSize, cfg, l, start);
        }
    }

    /**
     * The config's optimizer, decaying the parameters in {@code weightIds} (the weight matrices, not the biases)
     * by the config's weight decay inside its update. Public for the epoch benchmark's re-run of the loop.
     */
    public static Optimizer optimizer(MlpConfig cfg, Set<String> weightIds) {
        return cfg.weightDecay() == 0 ? optimizer(cfg, 0f)
                : new WeightDecayOnWeights(optimizer(cfg, (float) cfg.weightDecay()), optimizer(cfg, 0f), weightIds);
    }

    private static Optimizer optimizer(MlpConfig cfg, float weightDecay) {
        Tracker rate = Tracker.fixed((float) cfg.learningRate());
        float lr = (float) cfg.learningRate();
        return switch (cfg.optimizer()) {
            case ADAM -> Adam.builder().optLearningRateTracker(rate).optWeightDecays(weightDecay).build();
            case SGD -> Optimizer.sgd().setLearningRateTracker(rate).optMomentum(0.9f).optWeightDecays(weightDecay)
                    .build();
            case RMSPROP -> SquaredGradientOptimizer.rmsProp(lr, weightDecay);
            case ADAGRAD -> SquaredGradientOptimizer.adagrad(lr, weightDecay);
        };
    }

    private static Set<String> weightIds(Block block) {
        Set<String> ids = new HashSet<>();
        for (Parameter p : block.getParameters().values()) {
            if (p.getType() == Parameter.Type.WEIGHT) {
                ids.add(p.getId());
            }
        }
        return ids;
    }

    private static TrainingResult trainLocked(
            Engine engine, Task task, float[][] xTrain, float[][] xVal, int inputSize,
            MlpConfig cfg, TrainingListener l, DenseNetwork initial) {
        Block block = MlpBlocks.build(task.outputSize(), cfg);
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(task.loss())
                        .optDevices(new Device[] {Device.cpu()})
                        .optOptimizer(optimizer(cfg, weightIds(block)));
        List<Parameter> parameters = List.copyOf(block.getParameters().values());
        Random shuffler = new Random(cfg.seed());
        int n = xTrain.length;
        int batches = (n + cfg.batchSize() - 1) / cfg.batchSize();
        List<EpochMetrics> history = new ArrayList<>();
        byte[] bestParameters = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int epochsSinceBest = 0;
        boolean stoppedEarly = false;

        try (Model model = Model.newInstance("mlp", Device.cpu(), engine.getEngineName())) {
            model.setBlock(block);
            try (Trainer trainer = model.newTrainer(config);
                    NDManager dataManager = trainer.getManager().newSubManager()) {
                trainer.initialize(new Shape(cfg.batchSize(), inputSize));
                NDList weights = new NDList();
                for (Parameter p : block.getParameters().values()) {
                    if (p.getType() == Parameter.Type.WEIGHT) {
                        weights.add(p.getArray());
                    }
                }
                NDList masks = initial == null ? null : startFrom(block, initial, weights, trainer.getManager());
                // A balanced-adjusted start (compression's fine-tuning) learns on from the logits it was trained to.
                float[] shift = task instanceof Task.Classification c ? c.shift() : null;
                if (initial != null && shift != null) {
                    outputBias(block).subi(trainer.getManager().create(shift));
                }
                Optimizer optimizer = config.getOptimizer();
                // A refit has no validation rows: it runs every epoch and keeps the last.
                boolean refit = xVal == null;
                NDArray valX = refit ? null : toMatrix(dataManager, xVal, inputSize);
                NDList valY = refit ? null : task.validationLabels(dataManager);
                int[] order = new int[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                boolean averaging = cfg.weightAveraging() > 0;
                NDList averaged = new NDList();

                for (int epoch = 1; epoch <= cfg.maxEpochs(); epoch++) {
                    long start = System.nanoTime();
                    shuffle(order, shuffler);
                    double trainLoss;
                    try (NDManager batchLosses = trainer.getManager().newSubManager()) {
                        NDList losses = new NDList(batches);
                        for (int b = 0; b < batches; b++) {
                            if (Thread.currentThread().isInterrupted()) {
                                throw new CancellationException("Training was interrupted");
                            }
                            int from = b * cfg.batchSize();
                            int[] rows = Arrays.copyOfRange(order, from, Math.min(n, from + cfg.batchSize()));
                            losses.add(step(trainer, optimizer, parameters, task, weights, masks, xTrain, rows,
                                    inputSize, batchLosses));
                            l.onBatch(epoch, b + 1, batches);
                        }
                        trainLoss = meanLoss(losses, n, cfg.batchSize());
                    }

                    // Validation scores, and the model keeps, the weights averaged over the epochs so far.
                    if (averaging) {
                        average(averaged, parameters, epoch, cfg.weightAveraging(), trainer.getManager());
                        swap(averaged, parameters);
                    }
                    double validationLoss = Double.NaN;
                    double metric = Double.NaN;
                    if (!refit) {
                        try (NDManager eval = trainer.getManager().newSubManager()) {
                            eval.tempAttachAll(valX, valY);
                            NDArray out = task.answered(trainer.evaluate(new NDList(valX)).singletonOrThrow());
                            validationLoss = trainer.getLoss().evaluate(valY, new NDList(out)).getFloat();
                            metric = task.validationMetric(out, validationLoss);
                        }
                    }
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    EpochMetrics m = new EpochMetrics(epoch, trainLoss, validationLoss, metric, millis);
                    history.add(m);
                    LOG.debug("Epoch {}: {}", epoch, m);

                    if (refit) {
                        if (epoch == cfg.maxEpochs() && Double.isFinite(trainLoss)) {
                            bestEpoch = epoch;
                            bestParameters = saveParameters(block);
                        }
                    } else if (validationLoss < bestLoss) {
                        bestLoss = validationLoss;
                        bestEpoch = epoch;
                        bestParameters = saveParameters(block);
                        epochsSinceBest = 0;
                    } else {
                        epochsSinceBest++;
                    }
                    if (averaging) {
                        swap(averaged, parameters); // training goes on from its own weights
                    }
                    l.onEpoch(m);
                    if (!refit && epochsSinceBest >= cfg.patience() && epoch < cfg.maxEpochs()) {
                        stoppedEarly = true;
                        break;
                    }
                }
                if (shift != null && bestParameters != null) {
                    bestParameters = shifted(block, bestParameters, shift, trainer.getManager());
                }
            }
        }
        if (bestParameters == null) {
            throw new IllegalStateException(
                    "Training diverged: " + (xVal == null ? "the last epoch's training loss was not"
                            : "the validation loss was never") + " a finite number. Try a lower learning rate.");
        }
        if (xVal == null) {
            // A fixed epoch count without validation rows: there is no validation loss to report.
            LOG.info("Trained {}x{} MLP {} for a fixed {} epochs without validation rows (training loss {})",
                    inputSize, task.outputSize(), cfg.hiddenLayers(), history.size(),
                    history.getLast().trainLoss());
        } else {
            LOG.info("Trained {}x{} MLP {} for {} epochs; best epoch {} (validation loss {}, metric {})",
                    inputSize, task.outputSize(), cfg.hiddenLayers(), history.size(), bestEpoch,
                    bestLoss, history.get(bestEpoch - 1).validationMetric());
        }
        return new TrainingResult(bestParameters, inputSize, task.outputSize(), cfg, history,
                bestEpoch, stoppedEarly);
    }

    /**
     * Softmax cross-entropy with a weight per row, {@code sum(w * nll) / sum(w)} (PyTorch's {@code
     * CrossEntropyLoss(weight=...)} reduction; the mean when every weight is 1), as three native operations:
     * {@code sum(logSoftmax(z) * T)}, where the target matrix {@code T} holds {@code -w_i / sum(w)} at row i's class
     * (built on the host, {@link Task.Classification#targets}). DJL's loss picks by index, negates and averages
     * in more operations, each a JNI call and a node for backward.
     */
    private static final class TargetCrossEntropy extends Loss {

        TargetCrossEntropy() {
            super("TargetCrossEntropy");
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            return predictions.singletonOrThrow().logSoftmax(1).mul(labels.singletonOrThrow()).sum();
        }
    }

    /** Mean squared error of an {@code [n, 1]} output against {@code [n, 1]} targets, in three native operations. */
    private static final class MeanSquaredError extends Loss {

        MeanSquaredError() {
            super("MeanSquaredError");
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            return predictions.singletonOrThrow().sub(labels.singletonOrThrow()).square().mean();
        }
    }

    /**
     * Hinton et al.'s distillation loss: {@code alpha * T^2 * CE(teacher_T, softmax(z / T)) + (1 - alpha) *
     * CE(y, softmax(z))}, the soft cross-entropy scaled by T^2 so that its gradients keep their size as the
     * temperature changes. Labels: the class indices, then the soft targets; with the class indices alone (the
     * validation rows) it is the plain cross-entropy on the labels.
     */
    private static final class DistillationLoss extends Loss {

        private final float temperature;
        private final float alpha;

        DistillationLoss(float temperature, float alpha) {
            super("DistillationLoss");
            this.temperature = temperature;
            this.alpha = alpha;
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            NDArray z = predictions.singletonOrThrow();
            NDArray hard = z.logSoftmax(1).get(new NDIndex().addAllDim().addPickDim(labels.get(0))).neg().mean();
            if (labels.size() == 1) {
                return hard;
            }
            NDArray soft = z.div(temperature).logSoftmax(1).mul(labels.get(1)).sum(new int[] {1}).neg().mean()
                    .mul(temperature * temperature);
            return soft.mul(alpha).add(hard.mul(1 - alpha));
        }
    }

    /**
     * One optimizer step on the given rows (the weight decay is the optimizer's, {@link WeightDecayOnWeights}).
     * Returns the batch's mean data loss as a scalar array in {@code losses}, read with the epoch's others at
     * its end: reading each to the host costs more than the operations that made it.
     *
     * <p>The update goes straight to the optimizer with each parameter's own gradient, which it zeroes: {@code
     * Trainer.step} would copy every gradient first (DJL's parameter server does, for several devices), and
     * refuses a first step whose gradients sum to exactly zero, which a linear softmax classifier's do.
     */
    private static NDArray step(Trainer trainer, Optimizer optimizer, List<Parameter> parameters, Task task,
            NDList weights, NDList masks, float[][] x, int[] rows, int inputSize, NDManager losses) {
        NDArray loss;
        try (NDManager batch = trainer.getManager().newSubManager()) {
            NDArray input = toMatrix(batch, x, rows, inputSize);
            NDList labels = task.trainLabels(batch, rows);
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray output = trainer.forward(new NDList(input)).singletonOrThrow();
                NDArray dataLoss = trainer.getLoss().evaluate(labels, new NDList(output));
                collector.backward(dataLoss);
                // Detached (shares the value, not the graph) and kept past the batch's arrays.
                loss = dataLoss.stopGradient();
                loss.attach(losses);
            }
        }
        for (Parameter p : parameters) {
            NDArray w = p.getArray();
            try (NDArray gradient = w.getGradient()) {
                optimizer.update(p.getId(), w, gradient);
            }
        }
        if (masks != null) {
            for (int i = 0; i < masks.size(); i++) {
                weights.get(i).muli(masks.get(i));
            }
        }
        return loss;
    }

    /** The epoch's training loss: the batches' mean losses, each weighed by its rows (the last batch may be short). */
    private static double meanLoss(NDList batchLosses, int rows, int batchSize) {
        float[] means = NDArrays.stack(batchLosses).toFloatArray();
        double sum = 0;
        for (int b = 0; b < means.length; b++) {
            sum += (double) means[b] * Math.min(batchSize, rows - b * batchSize);
        }
        return sum / rows;
    }

    /**
     * Sets the block's parameters to the start network's. Returns one mask per weight array (1 where the
     * start's weight is not zero) when the start has pruned weights, else null: the steps multiply the
     * weights by their masks, so pruned weights stay zero while the others learn.
     */
    private static NDList startFrom(Block block, DenseNetwork start, NDList weights, NDManager manager) {
        MlpBlocks.setParameters(block, start);
        if (start.nonZeroWeights() == start.weightCount()) {
            return null;
        }
        NDList masks = new NDList();
        for (int i = 0; i < weights.size(); i++) {
            float[] w = start.layers().get(i).weights();
            float[] mask = new float[w.length];
            for (int k = 0; k < w.length; k++) {
                mask[k] = w[k] != 0f ? 1f : 0f;
            }
            masks.add(manager.create(mask, weights.get(i).getShape()));
        }
        return masks;
    }

    private static NDArray toMatrix(NDManager m, float[][] x, int inputSize) {
        float[] flat = new float[x.length * inputSize];
        for (int r = 0; r < x.length; r++) {
            System.arraycopy(x[r], 0, flat, r * inputSize, inputSize);
        }
        return m.create(flat, new Shape(x.length, inputSize));
    }

    private static NDArray toMatrix(NDManager m, float[][] x, int[] rows, int inputSize) {
        float[] flat = new float[rows.length * inputSize];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(x[rows[i]], 0, flat, i * inputSize, inputSize);
        }
        return m.create(flat, new Shape(rows.length, inputSize));
    }

    /** Fisher-Yates with our own seeded generator, so the batch order is reproducible. */
    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * Takes epoch {@code epoch}'s weights into their exponential average: a copy at the first epoch, then
     * {@code beta * average + (1 - beta) * weights} with {@code beta = min(decay, (epoch - 1) / epoch)}, the plain
     * mean of the epochs so far until that reaches the decay.
     */
    private static void average(NDList averaged, List<Parameter> parameters, int epoch, double decay,
            NDManager manager) {
        if (averaged.isEmpty()) {
            for (Parameter p : parameters) {
                NDArray copy = p.getArray().duplicate();
                copy.attach(manager);
                averaged.add(copy);
            }
            return;
        }
        float beta = (float) Math.min(decay, (epoch - 1.0) / epoch);
        try (NDManager temp = manager.newSubManager()) {
            for (int i = 0; i < parameters.size(); i++) {
                NDArray w = parameters.get(i).getArray();
                NDArray scaled = w.mul(1 - beta);
                scaled.attach(temp);
                NDArray next = averaged.get(i).mul(beta);
                next.attach(temp);
                next.addi(scaled).copyTo(averaged.get(i));
            }
        }
    }

    /** Exchanges the parameters' values with the averaged ones. */
    private static void swap(NDList averaged, List<Parameter> parameters) {
        for (int i = 0; i < parameters.size(); i++) {
            NDArray w = parameters.get(i).getArray();
            NDArray held = w.duplicate();
            averaged.get(i).copyTo(w);
            held.copyTo(averaged.get(i));
            held.close();
        }
    }

    /**
     * The parameters with the output layer's biases moved by {@code shift}: the logit adjustment of BALANCED_ADJUSTED
     * (a class of weight w gets {@code -ln(w)}, so the weighted model's probabilities return to the classes' own
     * proportions: p(c) proportional to q(c) / w(c)). Leaves the block holding them.
     */
    private static byte[] shifted(Block block, byte[] parameters, float[] shift, NDManager manager) {
        try {
            block.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(parameters)));
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("The kept parameters could not be read back", e);
        }
        outputBias(block).addi(manager.create(shift));
        return saveParameters(block);
    }

    /** The bias of the network's last linear layer: one value per output. */
    private static NDArray outputBias(Block block) {
        return MlpBlocks.linears(block).getLast().getParameters().get("bias").getArray();
    }

    static byte[] saveParameters(Block block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void checkShapes(float[][] xTrain, int yTrain, float[][] xVal, int yVal) {
        if (xTrain.length == 0 || xVal.length == 0) {
            throw new IllegalArgumentException(
                    "Training and validation sets must not be empty (" + xTrain.length + " train, "
                            + xVal.length + " validation rows)");
        }
        if (xTrain.length != yTrain || xVal.length != yVal) {
            throw new IllegalArgumentException("Features and labels differ in length");
        }
        int width = xTrain[0].length;
        if (width == 0) {
            throw new IllegalArgumentException("Rows must have at least one feature");
        }
        for (float[][] x : List.of(xTrain, xVal)) {
            for (float[] row : x) {
                if (row.length != width) {
                    throw new IllegalArgumentException(
                            "Every row must have " + width + " features; found one with " + row.length);
                }
            }
        }
    }

    private static void checkLabels(int[] y, int classes, String name) {
        for (int label : y) {
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException(
                        name + " has class index " + label + " outside [0, " + classes + ")");
            }
        }
    }
}
