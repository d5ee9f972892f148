package dev.hone.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hone.vocabulary.Activation;
import dev.hone.vocabulary.ClassWeights;
import dev.hone.vocabulary.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MlpTrainerTest {

    /** A linear model: no hidden layers, no dropout, full-batch Adam, no early stop. */
    private static MlpConfig linear(double weightDecay, int batchSize) {
        return new MlpConfig(List.of(), Activation.RELU, 0, weightDecay, 0.05, null, batchSize, 400, 400, 3);
    }

    private static double predict(double[] coefficients, float[] row) {
        double y = coefficients[coefficients.length - 1];
        for (int j = 0; j < row.length; j++) {
            y += coefficients[j] * row[j];
        }
        return y;
    }

    /** Targets that the closed-form solution predicts exactly. */
    private static float[] closedFormTargets(double[] coefficients, float[][] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) predict(coefficients, x[i]);
        }
        return y;
    }

    private static void assertPredicts(TrainingResult r, float[][] x, float[] expected) {
        try (MlpModel model = MlpModel.loadRegressor(r.parameters(), 2, r.config())) {
            float[][] predicted = model.predictRaw(x);
            for (int i = 0; i < x.length; i++) {
                // 1e-3 of targets whose spread is 3.6: Adam at a fixed rate circles the minimum, and
                // how closely the kept epoch lands on it depends on the CPU's kernels (AVX2 here,
                // AVX-512 there sum in another order); an unconverged model misses by 0.1 or more.
                assertThat(predicted[i][0]).isCloseTo(expected[i], within(1e-3f));
            }
        }
    }

    @Test
    void linearRegressorConvergesToLeastSquares() {
        Random random = new Random(11);
        float[][] x = Synthetic.gaussian(200, 2, random);
        float[] y = Synthetic.linearTarget(x, 0.05, random);
        double[] ols = Synthetic.ridge(x, y, 0);
        assertThat(ols).containsExactly(new double[] {2, -3, 0.5}, within(0.02)); // the reference
        // Validation targets are the least-squares predictions, so the validation loss reaches
        // its minimum (0) only where training converges, and that is the epoch kept.
        float[][] xVal = Synthetic.gaussian(40, 2, random);
        float[] yVal = closedFormTargets(ols, xVal);

        TrainingResult r = MlpTrainer.trainRegressor(x, y, xVal, yVal, linear(1e-8, 200), null);

        assertPredicts(r, xVal, yVal);
        assertThat(r.best().validationMetric()).isLessThan(1e-3);
    }

    @Test
    void aRefitRunsEveryEpochOnAllRowsAndKeepsTheLast() {
        Random random = new Random(13);
        float[][] x = Synthetic.gaussian(240, 2, random);
        float[] y = Synthetic.linearTarget(x, 0.05, random);
        double[] ols = Synthetic.ridge(x, y, 0);
        float[][] xCheck = Synthetic.gaussian(40, 2, random);

        TrainingResult r = MlpTrainer.refitRegressor(x, y, linear(1e-8, 240), null);

        // 400 epochs, none held out, and the weights of the last: least squares on all 240 rows.
        assertThat(r.history()).hasSize(400);
        assertThat(r.bestEpoch()).isEqualTo(400);
        assertThat(r.stoppedEarly()).isFalse();
        assertThat(r.best().validationLoss()).isNaN();
        assertPredicts(r, xCheck, closedFormTargets(ols, xCheck));
    }

    /** Every weight and bias of the network trained on these rows for exactly that config. */
    private static float[] weightsOf(float[][] x, float[] y, MlpConfig cfg) {
        TrainingResult r = MlpTrainer.refitRegressor(x, y, cfg, null);
        try (MlpModel model = MlpModel.loadRegressor(r.parameters(), x[0].length, cfg)) {
            List<Float> all = new ArrayList<>();
            for (DenseNetwork.Layer layer : model.dense().layers()) {
                for (float w : layer.weights()) {
                    all.add(w);
                }
                for (float b : layer.bias()) {
                    all.add(b);
                }
            }
            float[] out = new float[all.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = all.get(i);
            }
            return out;
        }
    }

    @Test
    void theKeptWeightsAreTheAverageOverEpochsTheConfigAsksFor() {
        Random random = new Random(31);
        float[][] x = Synthetic.gaussian(120, 3, random);
        float[] y = Synthetic.linearTarget(x, 0.1, random);
        MlpConfig plain = new MlpConfig(List.of(6), Activation.RELU, 0, 0, 0.02, null, 16, 3, 3, 5);
        // Averaging changes what is kept, not the path: epochs 1-3 of every training here are the same.
        float[] w1 = weightsOf(x, y, plain.withEpochs(1));
        float[] w2 = weightsOf(x, y, plain.withEpochs(2));
        float[] w3 = weightsOf(x, y, plain.withEpochs(3));
        float[] averaged = weightsOf(x, y, plain.withWeightAveraging(0.6));

        // Epoch 2 weighs the first epoch's copy by min(0.6, 1/2), epoch 3 by min(0.6, 2/3).
        assertThat(w3).isNotEqualTo(w2);
        for (int i = 0; i < averaged.length; i++) {
            double a2 = 0.5 * w1[i] + 0.5 * w2[i];
            assertThat((double) averaged[i]).as("parameter %d", i).isCloseTo(0.6 * a2 + 0.4 * w3[i], within(1e-6));
        }
    }

    @Test
    void validationScoresTheAveragedWeightsAndTheBestAverageIsKept() {
        Random random = new Random(32);
        Synthetic.Blobs train = Synthetic.Blobs.generate(120, random);
        Synthetic.Blobs val = Synthetic.Blobs.generate(40, random);
        MlpConfig cfg = new MlpConfig(List.of(16), Activation.RELU, 0.1, 1e-4, 0.01, null, 16, 30, 5, 4)
                .withWeightAveraging(0.9);

        TrainingResult r = MlpTrainer.trainClassifier(train.x(), train.y(), val.x(), val.y(), 3, cfg, null);

        assertThat(r.config().weightAveraging()).isEqualTo(0.9);
        assertThat(r.bestEpoch()).as("an average of several epochs is kept").isGreaterThan(3);
        try (MlpModel model = MlpModel.loadClassifier(r.parameters(), 2, 3, cfg)) {
            float[][] p = model.predictRaw(val.x());
            double loss = 0;
            for (int i = 0; i < p.length; i++) {
                loss -= Math.log(p[i][val.y()[i]]) / p.length;
            }
            assertThat(loss).isCloseTo(r.best().validationLoss(), within(1e-4));
        }
    }

    @Test
    void weightDecayIsAppliedWithTheConfiguredStrength() {
        Random random = new Random(12);
        float[][] x = Synthetic.gaussian(200, 2, random);
        float[] y = Synthetic.linearTarget(x, 0.05, random);
        // With decay 0.5 the weights shrink by a factor of about 1 / (1 + 0.25): 2 -> 1.6.
        double[] ridge = Synthetic.ridge(x, y, 0.5);
        assertThat(ridge[0]).isBetween(1.5, 1.7);
        float[][] xVal = Synthetic.gaussian(40, 2, random);
        float[] yVal = closedFormTargets(ridge, xVal);
        // The decay is the optimizer's, Adam's and SGD's alike, on the weights only: ridge leaves the intercept.
        for (Optimizer kind : List.of(Optimizer.ADAM, Optimizer.SGD)) {
            MlpConfig cfg = new MlpConfig(List.of(), Activation.RELU, 0, 0.5, 0.05, kind, 200, 400, 400, 3);

            TrainingResult r = MlpTrainer.trainRegressor(x, y, xVal, yVal, cfg, null);

            assertPredicts(r, xVal, yVal);
        }
    }

    @Test
    void rmsPropAndAdagradConvergeToLeastSquares() {
        // Each step must follow this batch's gradient alone: a gradient left to accumulate over the steps
        // (never zeroed) swings the weights around the minimum instead of settling on it.
        Random random = new Random(11);
        float[][] x = Synthetic.gaussian(200, 2, random);
        float[] y = Synthetic.linearTarget(x, 0.05, random);
        double[] ols = Synthetic.ridge(x, y, 0);
        float[][] xVal = Synthetic.gaussian(40, 2, random);
        float[] yVal = closedFormTargets(ols, xVal);
        for (Optimizer kind : List.of(Optimizer.RMSPROP, Optimizer.ADAGRAD)) {
            MlpConfig cfg = new MlpConfig(List.of(), Activation.RELU, 0, 0, kind == Optimizer.ADAGRAD ? 0.5 : 0.03,
                    kind, 200, 400, 400, 3);

            TrainingResult r = MlpTrainer.trainRegressor(x, y, xVal, yVal, cfg, null);

            assertThat(r.best().validationMetric()).as(kind.name()).isLessThan(1e-3);
        }
    }

    private static MlpConfig small(long seed) {
        return new MlpConfig(List.of(16), Activation.RELU, 0.1, 1e-4, 0.01, null, 32, 30, 5, seed);
    }

    @Test
    void classifierSeparatesGaussianBlobs() {
        Random random = new Random(21);
        Synthetic.Blobs train = Synthetic.Blobs.generate(300, random);
        Synthetic.Blobs val = Synthetic.Blobs.generate(90, random);

        TrainingResult r = MlpTrainer.trainClassifier(
                train.x(), train.y(), val.x(), val.y(), 3, small(5), null);

        assertThat(r.best().validationMetric()).isGreaterThanOrEqualTo(0.95);
        assertThat(r.inputSize()).isEqualTo(2);
        assertThat(r.outputSize()).isEqualTo(3);
        try (MlpModel model = MlpModel.loadClassifier(r.parameters(), 2, 3, r.config())) {
            float[][] p = model.predictRaw(val.x());
            int correct = 0;
            for (int i = 0; i < p.length; i++) {
                assertThat(p[i][0] + p[i][1] + p[i][2]).isCloseTo(1f, within(1e-5f));
                int predicted = p[i][0] >= p[i][1] && p[i][0] >= p[i][2] ? 0 : p[i][1] >= p[i][2] ? 1 : 2;
                correct += predicted == val.y()[i] ? 1 : 0;
            }
            // the loaded model reproduces the accuracy recorded for the kept epoch
            assertThat(correct / 90.0).isEqualTo(r.best().validationMetric());
        }
    }

    @Test
    void everyOptimizerLearnsAndEachTakesItsOwnPath() {
        Random random = new Random(23);
        Synthetic.Blobs train = Synthetic.Blobs.generate(300, random);
        Synthetic.Blobs val = Synthetic.Blobs.generate(90, random);
        java.util.Set<String> parameters = new java.util.HashSet<>();
        for (Optimizer kind : Optimizer.values()) {
            MlpConfig cfg = new MlpConfig(List.of(16), Activation.RELU, 0, 0, kind == Optimizer.SGD ? 0.05 : 0.01,
                    kind, 32, 40, 40, 5);

            TrainingResult r = MlpTrainer.trainClassifier(train.x(), train.y(), val.x(), val.y(), 3, cfg, null);

            assertThat(r.best().validationMetric()).as("%s", kind).isGreaterThanOrEqualTo(0.9);
            assertThat(r.config().optimizer()).isEqualTo(kind);
            parameters.add(java.util.Arrays.toString(r.parameters()));
        }
        assertThat(parameters).as("each optimizer ends with different weights").hasSize(Optimizer.values().length);
    }

    @Test
    void aConfigWithoutOptimizerMeansAdam() {
        assertThat(new MlpConfig(List.of(8), Activation.RELU, 0, 0, 0.01, null, 16, 1, 1, 1).optimizer())
                .isEqualTo(Optimizer.ADAM);
    }

    /** 900 rows of class 0 around 0 and 100 of class 1 around 1.5 (one feature, unit variance): a 9:1 imbalance. */
    private static Synthetic.Blobs imbalanced(int rows, Random random) {
        float[][] x = new float[rows][];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = i % 10 == 0 ? 1 : 0;
            x[i] = new float[] {(float) (random.nextGaussian() + 1.5 * y[i])};
        }
        return new Synthetic.Blobs(x, y);
    }

    /** One hidden layer of 8 units, Adam at 0.02, batches of 100, seed 5. */
    private static MlpConfig eightUnits(int maxEpochs, int patience, ClassWeights weights) {
        return new MlpConfig(List.of(8), Activation.RELU, 0, 0, 0.02, null, 100, maxEpochs, patience, 5, weights);
    }

    private static double recall(TrainingResult r, Synthetic.Blobs data, int label) {
        try (MlpModel model = MlpModel.loadClassifier(r.parameters(), 1, 2, r.config())) {
            float[][] p = model.predictRaw(data.x());
            int found = 0;
            int total = 0;
            for (int i = 0; i < p.length; i++) {
                if (data.y()[i] == label) {
                    total++;
                    found += (p[i][1] > p[i][0] ? 1 : 0) == label ? 1 : 0;
                }
            }
            return (double) found / total;
        }
    }

    @Test
    void balancedClassWeightsFindTheSmallClassThatAnUnweightedLossGivesUp() {
        Random random = new Random(31);
        Synthetic.Blobs train = imbalanced(1000, random);
        Synthetic.Blobs val = imbalanced(300, random);
        MlpConfig plain = new MlpConfig(List.of(), Activation.RELU, 0, 0, 0.05, null, 100, 60, 60, 3, ClassWeights.NONE);

        TrainingResult unweighted = MlpTrainer.trainClassifier(train.x(), train.y(), val.x(), val.y(), 2, plain, null);
        TrainingResult weighted = MlpTrainer.trainClassifier(train.x(), train.y(), val.x(), val.y(), 2,
                plain.withClassWeights(ClassWeights.BALANCED), null);

        // A 9:1 imbalance at a separation of 1.5 standard deviations: the unweighted optimum puts the boundary
        // near 2.2, past most of class 1; equal weights put it near 0.75, the midpoint.
        assertThat(recall(unweighted, val, 1)).isLessThan(0.4);
        assertThat(recall(weighted, val, 1)).isGreaterThan(0.65);
        assertThat((recall(weighted, val, 0) + recall(weighted, val, 1)) / 2)
                .as("balanced accuracy").isGreaterThan((recall(unweighted, val, 0) + recall(unweighted, val, 1)) / 2);
    }

    @Test
    void balancedAdjustedIsTheBalancedModelWithItsLogitsShiftedBackToTheClassesProportions() {
        Synthetic.Blobs train = imbalanced(1000, new Random(33));
        Synthetic.Blobs val = imbalanced(300, new Random(33 + 100));
        MlpConfig plain = eightUnits(40, 40, ClassWeights.NONE);

        // A fixed number of epochs (no early stopping), so both keep the same epoch.
        TrainingResult balanced = MlpTrainer.refitClassifier(train.x(), train.y(), 2,
                plain.withClassWeights(ClassWeights.BALANCED), null);
        TrainingResult adjusted = MlpTrainer.refitClassifier(train.x(), train.y(), 2,
                plain.withClassWeights(ClassWeights.BALANCED_ADJUSTED), null);
        TrainingResult auto = MlpTrainer.refitClassifier(train.x(), train.y(), 2,
                plain.withClassWeights(ClassWeights.AUTO), null);

        assertThat(auto.config().classWeights()).as("AUTO at 9:1").isEqualTo(ClassWeights.BALANCED_ADJUSTED);
        assertThat(auto.parameters()).isEqualTo(adjusted.parameters());
        // The same training, epoch by epoch: the shift comes after it.
        for (int e = 0; e < balanced.history().size(); e++) {
            assertThat(adjusted.history().get(e).trainLoss()).isEqualTo(balanced.history().get(e).trainLoss());
        }
        float[][] b = probabilities(balanced, val);
        float[][] a = probabilities(adjusted, val);
        // Class 1 weighs 1000 / (2 * 100) = 5 and class 0 1000 / (2 * 900) = 5/9: its logit moves by ln(1/9) more.
        for (int i = 0; i < val.x().length; i++) {
            double moved = Math.log(a[i][1] / a[i][0]) - Math.log(b[i][1] / b[i][0]);
            assertThat(moved).as("row %d", i).isCloseTo(Math.log(1.0 / 9), within(1e-3));
        }
        // A tenth of the rows are class 1: the adjusted probabilities say so, the balanced ones do not.
        assertThat(java.util.Arrays.stream(a).mapToDouble(p -> p[1]).average().orElseThrow())
                .isCloseTo(0.1, within(0.04));
        assertThat(java.util.Arrays.stream(b).mapToDouble(p -> p[1]).average().orElseThrow()).isGreaterThan(0.25);
        assertThat(accuracy(a, val)).isGreaterThan(accuracy(b, val));
    }

    @Test
    void balancedAdjustedIsJudgedOnValidationRowsByWhatItAnswersUnweighted() {
        Synthetic.Blobs train = imbalanced(1000, new Random(35));
        Synthetic.Blobs val = imbalanced(300, new Random(35 + 100));
        MlpConfig plain = eightUnits(40, 5, ClassWeights.NONE);

        TrainingResult balanced = MlpTrainer.trainClassifier(train.x(), train.y(), val.x(), val.y(), 2,
                plain.withClassWeights(ClassWeights.BALANCED), null);
        TrainingResult adjusted = MlpTrainer.trainClassifier(train.x(), train.y(), val.x(), val.y(), 2,
                plain.withClassWeights(ClassWeights.BALANCED_ADJUSTED), null);

        int epochs = Math.min(balanced.history().size(), adjusted.history().size());
        for (int e = 0; e < epochs; e++) {
            assertThat(adjusted.history().get(e).trainLoss()).as("epoch %d", e + 1)
                    .isEqualTo(balanced.history().get(e).trainLoss());
        }
        // The kept model's loss on the validation rows is its answers' plain log loss (an unweighted model's scale),
        // and its reported accuracy is theirs; the balanced model's stays weighted as it trained (class 1 weighs 9x).
        float[][] a = probabilities(adjusted, val);
        float[][] b = probabilities(balanced, val);
        EpochMetrics kept = adjusted.history().get(adjusted.bestEpoch() - 1);
        assertThat(kept.validationLoss()).isCloseTo(logLoss(a, val, 1), within(1e-4));
        assertThat(kept.validationMetric()).isEqualTo(accuracy(a, val));
        assertThat(balanced.history().get(balanced.bestEpoch() - 1).validationLoss())
                .isCloseTo(logLoss(b, val, 9), within(1e-4));
        assertThat(kept.validationLoss()).isEqualTo(adjusted.history().stream()
                .mapToDouble(EpochMetrics::validationLoss).min().orElseThrow());
    }

    /** Mean negative log probability of the true class, class 1's rows weighing {@code weight1} times class 0's. */
    private static double logLoss(float[][] p, Synthetic.Blobs data, double weight1) {
        double sum = 0;
        double weights = 0;
        for (int i = 0; i < p.length; i++) {
            double w = data.y()[i] == 1 ? weight1 : 1;
            sum -= w * Math.log(p[i][data.y()[i]]);
            weights += w;
        }
        return sum / weights;
    }

    @Test
    void fineTuningABalancedAdjustedNetworkDoesNotShiftItsLogitsTwice() {
        Synthetic.Blobs train = imbalanced(1000, new Random(34));
        Synthetic.Blobs val = imbalanced(300, new Random(34 + 100));
        MlpConfig cfg = eightUnits(20, 20, ClassWeights.AUTO);
        TrainingResult adjusted = MlpTrainer.trainClassifier(train.x(), train.y(), val.x(), val.y(), 2, cfg, null);
        DenseNetwork start;
        try (MlpModel model = MlpModel.loadClassifier(adjusted.parameters(), 1, 2, adjusted.config())) {
            start = model.dense();
        }
        // One epoch at a learning rate too small to move anything: what comes out is what went in.
        MlpConfig still = new MlpConfig(List.of(8), Activation.RELU, 0, 0, 1e-9, null, 100, 1, 1, 5,
                adjusted.config().classWeights());
        TrainingResult tuned = MlpTrainer.fineTuneClassifier(start, train.x(), train.y(), val.x(), val.y(), still,
                null);
        float[][] before = probabilities(adjusted, val);
        float[][] after = probabilities(tuned, val);
        for (int i = 0; i < before.length; i++) {
            assertThat(after[i][1]).as("row %d", i).isCloseTo(before[i][1], within(1e-4f));
        }
    }

    private static float[][] probabilities(TrainingResult r, Synthetic.Blobs data) {
        try (MlpModel model = MlpModel.loadClassifier(r.parameters(), data.x()[0].length, 2, r.config())) {
            return model.predictRaw(data.x());
        }
    }

    private static double accuracy(float[][] p, Synthetic.Blobs data) {
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            right += (p[i][1] > p[i][0] ? 1 : 0) == data.y()[i] ? 1 : 0;
        }
        return (double) right / p.length;
    }

    @Test
    void balancedWeightsOnBalancedClassesAreTheUnweightedLossAndAutoLeavesThemOff() {
        Random random = new Random(32);
        Synthetic.Blobs train = Synthetic.Blobs.generate(300, random);
        Synthetic.Blobs val = Synthetic.Blobs.generate(90, random);
        MlpConfig plain = new MlpConfig(List.of(8), Activation.RELU, 0, 0, 0.01, null, 300, 10, 10, 4, ClassWeights.NONE);

        TrainingResult unweighted = MlpTrainer.trainClassifier(train.x(), train.y(), val.x(), val.y(), 3, plain, null);
        TrainingResult balanced = MlpTrainer.trainClassifier(train.x(), train.y(), val.x(), val.y(), 3,
                plain.withClassWeights(ClassWeights.BALANCED), null);
        TrainingResult auto = MlpTrainer.trainClassifier(train.x(), train.y(), val.x(), val.y(), 3,
                plain.withClassWeights(ClassWeights.AUTO), null);

        // Blobs has 100 rows per class, so every weight is 300 / (3 * 100) = 1: the same losses, epoch by epoch.
        for (int e = 0; e < 10; e++) {
            assertThat(balanced.history().get(e).validationLoss())
                    .isCloseTo(unweighted.history().get(e).validationLoss(), within(1e-5));
        }
        assertThat(auto.config().classWeights()).isEqualTo(ClassWeights.NONE);
        assertThat(MlpTrainer.weights(ClassWeights.BALANCED, new int[] {0, 0, 0, 1}, 3))
                .as("3:1, and a class absent from training weighs 1").containsExactly(4f / 6, 2f, 1f);
    }

    @Test
    void sameSeedGivesIdenticalParametersAndOtherSeedDoesNot() {
        Random random = new Random(22);
        Synthetic.Blobs train = Synthetic.Blobs.generate(120, random);
        Synthetic.Blobs val = Synthetic.Blobs.generate(30, random);
        MlpConfig cfg = new MlpConfig(List.of(16, 8), Activation.GELU, 0.2, 1e-3, 0.01, null, 16, 5, 5, 77);

        TrainingResult first = MlpTrainer.trainClassifier(train.x(), train.y(), val.x(), val.y(), 3, cfg, null);
        TrainingResult again = MlpTrainer.trainClassifier(train.x(), train.y(), val.x(), val.y(), 3, cfg, null);
        TrainingResult other = MlpTrainer.trainClassifier(train.x(), train.y(), val.x(), val.y(), 3,
                new MlpConfig(List.of(16, 8), Activation.GELU, 0.2, 1e-3, 0.01, null, 16, 5, 5, 78), null);

        assertThat(again.parameters()).isEqualTo(first.parameters());
        assertThat(again.history().stream().map(EpochMetrics::trainLoss).toList())
                .isEqualTo(first.history().stream().map(EpochMetrics::trainLoss).toList());
        assertThat(again.history().stream().map(EpochMetrics::validationLoss).toList())
                .isEqualTo(first.history().stream().map(EpochMetrics::validationLoss).toList());
        assertThat(other.parameters()).isNotEqualTo(first.parameters());
    }

    @Test
    void stopsEarlyWhenOverfittingAndKeepsTheBestEpoch() {
        // 40 rows of noise with random labels: a wide network memorizes them and the
        // validation loss soon climbs.
        Random random = new Random(23);
        float[][] x = Synthetic.gaussian(40, 10, random);
        int[] y = random.ints(40, 0, 2).toArray();
        float[][] xVal = Synthetic.gaussian(40, 10, random);
        int[] yVal = random.ints(40, 0, 2).toArray();
        MlpConfig cfg = new MlpConfig(List.of(128, 128), Activation.RELU, 0, 0, 0.01, null, 8, 200, 3, 9);

        TrainingResult r = MlpTrainer.trainClassifier(x, y, xVal, yVal, 2, cfg, null);

        assertThat(r.stoppedEarly()).isTrue();
        assertThat(r.history()).hasSize(r.bestEpoch() + 3);
        double lowest = r.history().stream().mapToDouble(EpochMetrics::validationLoss).min().orElseThrow();
        assertThat(r.best().validationLoss()).isEqualTo(lowest);
        assertThat(r.history().get(r.history().size() - 1).validationLoss()).isGreaterThan(lowest);
        // the returned parameters are the best epoch's: recompute its validation loss
        try (MlpModel model = MlpModel.loadClassifier(r.parameters(), 10, 2, cfg)) {
            float[][] p = model.predictRaw(xVal);
            double loss = 0;
            for (int i = 0; i < p.length; i++) {
                loss -= Math.log(p[i][yVal[i]]) / p.length;
            }
            assertThat(loss).isCloseTo(lowest, within(1e-4));
        }
    }

    @Test
    void throwingListenerAbortsTrainingAndTheNextTrainingStillWorks() {
        Random random = new Random(24);
        Synthetic.Blobs train = Synthetic.Blobs.generate(90, random);
        Synthetic.Blobs val = Synthetic.Blobs.generate(30, random);
        AtomicInteger epochsSeen = new AtomicInteger();
        TrainingListener abortAtEpoch2 = m -> {
            if (epochsSeen.incrementAndGet() == 2) {
                throw new IllegalStateException("cancelled by caller");
            }
        };
        TrainingListener abortInBatch = new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics m) {}

            @Override
            public void onBatch(int epoch, int batch, int batches) {
                throw new IllegalStateException("heartbeat failed");
            }
        };

        assertThatThrownBy(() -> MlpTrainer.trainClassifier(
                        train.x(), train.y(), val.x(), val.y(), 3, small(1), abortAtEpoch2))
                .isInstanceOf(IllegalStateException.class).hasMessage("cancelled by caller");
        assertThat(epochsSeen.get()).isEqualTo(2);
        assertThatThrownBy(() -> MlpTrainer.trainClassifier(
                        train.x(), train.y(), val.x(), val.y(), 3, small(1), abortInBatch))
                .isInstanceOf(IllegalStateException.class).hasMessage("heartbeat failed");

        List<EpochMetrics> seen = new ArrayList<>();
        TrainingResult r = MlpTrainer.trainClassifier(
                train.x(), train.y(), val.x(), val.y(), 3, small(1), seen::add);
        assertThat(seen).isEqualTo(r.history());
        assertThat(r.best().validationMetric()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void concurrentTrainingsTakeTurnsInsteadOfFailing() throws Exception {
        Random random = new Random(25);
        Synthetic.Blobs train = Synthetic.Blobs.generate(90, random);
        Synthetic.Blobs val = Synthetic.Blobs.generate(30, random);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<TrainingResult>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> MlpTrainer.trainClassifier(
                        train.x(), train.y(), val.x(), val.y(), 3, small(4), null)));
            }
            // both succeed, and being the same seed, agree exactly
            assertThat(runs.get(0).get().parameters()).isEqualTo(runs.get(1).get().parameters());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsMismatchedInput() {
        float[][] x = {{1, 2}, {3, 4}};
        assertThatThrownBy(() -> MlpTrainer.trainClassifier(x, new int[] {0, 2}, x, new int[] {0, 1}, 2,
                        small(1), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("class index 2");
        assertThatThrownBy(() -> MlpTrainer.trainRegressor(x, new float[] {1}, x, new float[] {1, 2},
                        small(1), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
