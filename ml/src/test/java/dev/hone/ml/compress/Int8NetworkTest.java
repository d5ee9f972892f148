package dev.hone.ml.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hone.ml.model.DenseNetwork;
import dev.hone.ml.model.MlpModel;
import dev.hone.vocabulary.Activation;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Int8NetworkTest {

    @Test
    void theVectorKernelGivesTheScalarKernelsSumsToTheBit() {
        DenseKernel best = DenseKernel.best();
        DenseKernel scalar = new ScalarDenseKernel();
        assertThat(best.name()).startsWith("vector"); // the build runs tests with the incubator module
        Random random = new Random(7);
        for (int[] shape : new int[][] {{1, 1, 1}, {3, 5, 2}, {16, 4, 4}, {37, 9, 7}, {64, 64, 64}, {130, 3, 5},
                {5, 33, 9}, {6, 17, 3}}) {
            int inputs = shape[0];
            int outputs = shape[1];
            int rows = shape[2];
            byte[] w = new byte[outputs * inputs]; // row-major: one row of inputs per output
            float[] wf = new float[w.length];
            for (int k = 0; k < w.length; k++) {
                w[k] = (byte) (random.nextInt(255) - 127);
                wf[k] = w[k] / 127f;
            }
            int[] x = new int[rows * inputs];
            float[] xf = new float[rows * inputs];
            for (int k = 0; k < x.length; k++) {
                x[k] = random.nextInt(256);
                xf[k] = (float) random.nextGaussian();
            }
            int stride = Forward.stride(outputs, best.lanes());
            float[] scales = new float[stride];
            float[] bias = new float[stride];
            for (int j = 0; j < outputs; j++) {
                scales[j] = random.nextFloat() / 100;
                bias[j] = (float) random.nextGaussian();
            }
            boolean relu = inputs % 2 == 1;
            int[] expected = new int[rows * outputs];
            int[] actual = new int[rows * stride];
            scalar.multiplyInt(Forward.pack(w, inputs, inputs, outputs, 1), inputs, outputs, x, rows, expected);
            best.multiplyInt(Forward.pack(w, inputs, inputs, outputs, best.lanes()), inputs, stride, x, rows, actual);
            float[] expectedF = new float[rows * outputs];
            float[] actualF = new float[rows * stride];
            scalar.dense(Forward.pack(w, inputs, inputs, outputs, 1), scales, inputs, outputs, bias, xf, rows,
                    expectedF, relu);
            best.dense(Forward.pack(w, inputs, inputs, outputs, best.lanes()), scales, inputs, stride, bias, xf, rows,
                    actualF, relu);
            float[] expectedW = new float[rows * outputs];
            float[] actualW = new float[rows * stride];
            scalar.dense(Forward.pack(wf, inputs, outputs, 1), inputs, outputs, bias, xf, rows, expectedW, relu);
            best.dense(Forward.pack(wf, inputs, outputs, best.lanes()), inputs, stride, bias, xf, rows, actualW,
                    relu);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < outputs; j++) {
                    String at = "shape " + Arrays.toString(shape) + ", row " + r + ", output " + j;
                    assertThat(actual[r * stride + j]).as("int, %s", at).isEqualTo(expected[r * outputs + j]);
                    // the same fused multiply-adds in the same four chains, added in the same order
                    assertThat(actualF[r * stride + j]).as("int8 weights, %s", at)
                            .isEqualTo(expectedF[r * outputs + j]);
                    assertThat(actualW[r * stride + j]).as("float weights, %s", at)
                            .isEqualTo(expectedW[r * outputs + j]);
                }
            }
        }
    }

    @Test
    void theVectorSoftmaxGivesTheScalarsProbabilities() {
        DenseKernel best = DenseKernel.best();
        DenseKernel scalar = new ScalarDenseKernel();
        Random random = new Random(11);
        for (int n : new int[] {1, 2, 10, 16, 17, 40}) {
            float[] v = new float[Forward.stride(n, best.lanes()) + 3];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextGaussian() * 20;
            }
            float[] expected = v.clone();
            scalar.softmax(expected, 3, n);
            float[] actual = v.clone();
            best.softmax(actual, 3, n);
            double total = 0;
            for (int i = 0; i < v.length; i++) {
                if (i < 3 || i >= 3 + n) {
                    assertThat(actual[i]).as("outside the range, %d of %d", i, n).isEqualTo(v[i]);
                } else {
                    assertThat(actual[i]).as("%d of %d", i, n).isCloseTo(expected[i], within(1e-6f));
                    total += actual[i];
                }
            }
            assertThat(total).as("sum of %d", n).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void aRowGetsTheSameAnswerAloneAsInABatch() {
        TrainedNetworks.Task task = TrainedNetworks.classifier();
        Int8Network int8 = Int8Network.quantize(task.network(), task.train());
        float[][] rows = Arrays.copyOf(task.test(), 67); // 33 pairs of rows and one left over
        float[][] batch = int8.predict(rows);
        for (int r = 0; r < rows.length; r++) {
            assertThat(int8.predict(new float[][] {rows[r]})[0]).as("row %d", r).containsExactly(batch[r]);
        }
    }

    @Test
    void weightsMapTheirLargestMagnitudeTo127PerOutputUnit() {
        // unit 0: 0.5 and -1.0 (scale 1/127: 63.5 rounds to 64); unit 1: 0.25 and 0.125 (scale 0.25/127, 63.5 again)
        DenseNetwork net = new DenseNetwork(List.of(new DenseNetwork.Layer(2, 2,
                new float[] {0.5f, -1f, 0.25f, 0.125f}, new float[] {0.1f, -0.2f})), Activation.RELU, false);
        Int8Network q = Int8Network.quantize(net, new float[][] {{1, -1}, {-2, 3}});
        DenseNetwork back = q.dequantized();
        // scales and biases are kept as 16-bit floats (11 significant bits)
        assertThat(back.layers().getFirst().weights()).containsExactly(
                new float[] {64 / 127f, -1f, 0.25f, 64 * 0.25f / 127}, within(1e-4f));
        assertThat(back.layers().getFirst().bias()).containsExactly(new float[] {0.1f, -0.2f}, within(1e-4f));
        // inputs span [-2, 3]: 5/255 a step, 0.0 at step 102
        float step = 5f / 255;
        float[] y = q.predict(new float[][] {{1, -1}}, true)[0];
        // x quantizes to (1 -> 153 - 102 = 51 steps, -1 -> 51 - 102 = -51 steps)
        float x0 = 51 * step;
        float x1 = -51 * step;
        assertThat(y[0]).isCloseTo(64 / 127f * x0 - 1f * x1 + 0.1f, within(1e-3f));
        assertThat(y[1]).isCloseTo(0.25f * x0 + 64 * 0.25f / 127 * x1 - 0.2f, within(1e-3f));
        // the int8-weight path keeps the inputs as they are
        float[] yFloat = q.predict(new float[][] {{1, -1}})[0];
        assertThat(yFloat[0]).isCloseTo(64 / 127f * 1 - 1f * -1 + 0.1f, within(1e-3f));
        assertThat(yFloat[1]).isCloseTo(0.25f * 1 + 64 * 0.25f / 127 * -1 - 0.2f, within(1e-3f));
    }

    @ParameterizedTest(name = "8-bit inputs: {0}")
    @ValueSource(booleans = {false, true})
    void aTrainedClassifierKeepsItsAnswersAfterQuantization(boolean integerInputs) {
        TrainedNetworks.Task task = TrainedNetworks.classifier();
        Int8Network q = Int8Network.quantize(task.network(), task.train());
        float[][] float32 = task.network().predict(task.test());
        float[][] int8 = q.predict(task.test(), integerInputs);
        int agree = 0;
        int floatCorrect = 0;
        int int8Correct = 0;
        double change = 0;
        for (int r = 0; r < float32.length; r++) {
            agree += argMax(float32[r]) == argMax(int8[r]) ? 1 : 0;
            floatCorrect += argMax(float32[r]) == task.testClasses()[r] ? 1 : 0;
            int8Correct += argMax(int8[r]) == task.testClasses()[r] ? 1 : 0;
            for (int c = 0; c < float32[r].length; c++) {
                change += Math.abs(float32[r][c] - int8[r][c]);
            }
        }
        assertThat(agree).as("rows whose class int8 keeps").isGreaterThanOrEqualTo((int) (0.97 * float32.length));
        // test accuracy moves by less than one point (4 of 400 rows)
        assertThat(Math.abs(int8Correct - floatCorrect)).isLessThan(4);
        assertThat(change / (float32.length * TrainedNetworks.CLASSES)).as("mean change of a class probability")
                .isLessThan(0.01);
    }

    @ParameterizedTest(name = "8-bit inputs: {0}")
    @ValueSource(booleans = {false, true})
    void aTrainedRegressorStaysCloseAfterQuantization(boolean integerInputs) {
        TrainedNetworks.Task task = TrainedNetworks.regressor();
        Int8Network q = Int8Network.quantize(task.network(), task.train());
        float[][] float32 = task.network().predict(task.test());
        float[][] int8 = q.predict(task.test(), integerInputs);
        double squared = 0;
        double spread = 0;
        for (int r = 0; r < float32.length; r++) {
            squared += Math.pow(float32[r][0] - int8[r][0], 2);
            spread += Math.pow(float32[r][0], 2);
        }
        // the int8 answers move by under 5% of the answers' own size (root mean square)
        assertThat(Math.sqrt(squared / float32.length)).isLessThan(0.05 * Math.sqrt(spread / float32.length));
    }

    @Test
    void batchesAndSingleRowsGetTheSameAnswers() {
        TrainedNetworks.Task task = TrainedNetworks.classifier();
        Int8Network q = Int8Network.quantize(task.network(), task.train());
        for (boolean integerInputs : new boolean[] {false, true}) {
            float[][] batch = q.predict(task.test(), integerInputs);
            for (int r = 0; r < 13; r++) {
                assertThat(q.predict(new float[][] {task.test()[r]}, integerInputs)[0]).containsExactly(batch[r]);
            }
        }
    }

    @Test
    void theArtifactReadsBackToTheSameNetworkAtAQuarterOfTheFloatSize() {
        TrainedNetworks.Task task = TrainedNetworks.classifier();
        Int8Network q = Int8Network.quantize(task.network(), task.train());
        byte[] artifact = q.write();
        Int8Network read = Int8Network.read(artifact);
        assertThat(read.predict(task.test())).isDeepEqualTo(q.predict(task.test()));
        // against the float network's stored parameters, as FLOAT_MLP keeps them
        long floatBytes = MlpModel.parameters(task.network(), task.config()).length;
        assertThat((double) floatBytes / artifact.length).isGreaterThan(3.9);
    }

    @Test
    void damagedArtifactsAreRefusedNamingTheProblem() {
        TrainedNetworks.Task task = TrainedNetworks.classifier();
        byte[] artifact = Int8Network.quantize(task.network(), task.train()).write();
        assertThatThrownBy(() -> Int8Network.read(Arrays.copyOf(artifact, artifact.length - 10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> Int8Network.read(new byte[] {1, 2, 3, 4, 5}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an int8 network");
        byte[] longer = Arrays.copyOf(artifact, artifact.length + 3);
        assertThatThrownBy(() -> Int8Network.read(longer))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 bytes after its last layer");
        assertThatThrownBy(() -> Int8Network.quantize(task.network(), new float[0][]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("calibration row");
        assertThatThrownBy(() -> Int8Network.quantize(task.network(), new float[][] {{1, 2}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("calibration row 0 has 2 features");
    }

    @Test
    void scalesAndBiasesOutsideHalfPrecisionStayInFullPrecision() {
        assertThat(Int8Network.halfPrecise(new float[] {0f, 1e-3f, -300f, 65504f})).isTrue();
        assertThat(Int8Network.halfPrecise(new float[] {1e-6f})).isFalse(); // below float16's normal range
        assertThat(Int8Network.halfPrecise(new float[] {70000f})).isFalse();
        DenseNetwork net = new DenseNetwork(List.of(new DenseNetwork.Layer(2, 1, new float[] {1e-7f, 2e-7f},
                new float[] {1e5f})), Activation.RELU, false);
        Int8Network q = Int8Network.quantize(net, new float[][] {{1, 2}});
        Int8Network read = Int8Network.read(q.write());
        assertThat(read.predict(new float[][] {{1, 2}})[0][0]).isEqualTo(q.predict(new float[][] {{1, 2}})[0][0])
                .isCloseTo(1e5f + 5e-7f, within(1e-2f));
        assertThat(read.dequantized().layers().getFirst().weights()).containsExactly(new float[] {1e-7f, 2e-7f},
                within(1e-9f));
    }

    static int argMax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
