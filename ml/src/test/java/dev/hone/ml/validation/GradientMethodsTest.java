package dev.hone.ml.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hone.ml.model.DenseNetwork;
import dev.hone.vocabulary.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Input gradients, integrated gradients and the attacks built on them, against known answers. */
class GradientMethodsTest {

    private static DenseNetwork random(Activation activation, boolean classifier, Random random, int... shape) {
        List<DenseNetwork.Layer> layers = new ArrayList<>();
        for (int l = 0; l + 1 < shape.length; l++) {
            float[] w = new float[shape[l] * shape[l + 1]];
            float[] b = new float[shape[l + 1]];
            for (int k = 0; k < w.length; k++) {
                w[k] = (float) (random.nextGaussian() / Math.sqrt(shape[l]));
            }
            for (int k = 0; k < b.length; k++) {
                b[k] = (float) (0.1 * random.nextGaussian());
            }
            layers.add(new DenseNetwork.Layer(shape[l], shape[l + 1], w, b));
        }
        return new DenseNetwork(layers, activation, classifier);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void theGradientIsTheForwardPassesFiniteDifference(Activation activation) {
        Random random = new Random(3);
        DenseNetwork net = random(activation, true, random, 4, 8, 6, 3);
        float[] x = {0.3f, -1.1f, 0.7f, 2.0f};
        double[] g = InputGradient.of(net, x, InputGradient.probability(2));
        double h = 1e-2;
        for (int i = 0; i < x.length; i++) {
            float[] up = x.clone();
            float[] down = x.clone();
            up[i] += (float) h;
            down[i] -= (float) h;
            double numeric = (net.predict(new float[][] {up})[0][2] - net.predict(new float[][] {down})[0][2]) / (2 * h);
            assertThat(g[i]).as("%s, feature %d", activation, i).isCloseTo(numeric, within(2e-3));
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void integratedGradientsAddUpToTheChangeOfTheOutput(Activation activation) {
        Random random = new Random(4);
        DenseNetwork net = random(activation, true, random, 5, 16, 3);
        float[] x = {1.5f, -0.5f, 0.2f, -2f, 0.9f};
        float[] baseline = new float[5];
        double[] ig = IntegratedGradients.attribute(Networks.of(net), x, baseline, InputGradient.probability(1), 200);
        double change = net.predict(new float[][] {x})[0][1] - net.predict(new float[][] {baseline})[0][1];
        assertThat(java.util.Arrays.stream(ig).sum()).isCloseTo(change, within(1e-3));
        // regression: the standardized output itself
        DenseNetwork regressor = random(activation, false, random, 5, 16, 1);
        double[] igR = IntegratedGradients.attribute(Networks.of(regressor), x, baseline, InputGradient.output(), 200);
        double changeR = regressor.predict(new float[][] {x})[0][0] - regressor.predict(new float[][] {baseline})[0][0];
        assertThat(java.util.Arrays.stream(igR).sum()).isCloseTo(changeR, within(1e-3));
        assertThat(IntegratedGradients.byColumn(ig, List.of(new int[] {0, 1}, new int[] {2}, new int[] {3, 4})))
                .containsExactly(new double[] {ig[0] + ig[1], ig[2], ig[3] + ig[4]}, within(1e-12));
    }

    /** A logistic regression of two classes: logits w_c . x + b_c, no hidden layer. */
    private static DenseNetwork linear(float[] w0, float[] w1) {
        float[] w = new float[w0.length * 2];
        System.arraycopy(w0, 0, w, 0, w0.length);
        System.arraycopy(w1, 0, w, w0.length, w1.length);
        return new DenseNetwork(List.of(new DenseNetwork.Layer(w0.length, 2, w, new float[2])), Activation.RELU, true);
    }

    @Test
    void onALinearModelFgsmBreaksExactlyTheRowsCloserThanEpsilonToTheBoundary() {
        float[] w0 = {0, 0, 0};
        float[] w1 = {1f, -2f, 0.5f};
        DenseNetwork net = linear(w0, w1);
        Random random = new Random(5);
        int n = 300;
        float[][] rows = new float[n][3];
        int[] labels = new int[n];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < 3; i++) {
                rows[r][i] = (float) random.nextGaussian();
            }
            labels[r] = w1[0] * rows[r][0] + w1[1] * rows[r][1] + w1[2] * rows[r][2] > 0 ? 1 : 0; // all right
        }
        double[] epsilons = {0.05, 0.1, 0.2, 0.4, 0.8};
        int[] attackable = {0, 1, 2};
        for (Attacks.Norm norm : Attacks.Norm.values()) {
            // the distance to the boundary margin / ||w1 - w0|| in the dual norm (L1 for L-infinity, L2 for L2)
            double dual = norm == Attacks.Norm.LINF ? 3.5 : Math.sqrt(1 + 4 + 0.25);
            Attacks.Curve curve = Attacks.robustness(Networks.of(net), rows, labels, attackable, epsilons, norm, 10);
            assertThat(curve.cleanAccuracy()).isEqualTo(1.0);
            for (Attacks.Point p : curve.points()) {
                long survive = 0;
                for (float[] row : rows) {
                    double margin = Math.abs(w1[0] * row[0] + w1[1] * row[1] + w1[2] * row[2]);
                    survive += margin / dual > p.epsilon() ? 1 : 0;
                }
                assertThat(p.fgsmAccuracy()).as("%s at %s", norm, p.epsilon())
                        .isCloseTo((double) survive / n, within(2.0 / n)); // a row on the edge may go either way
                assertThat(p.pgdAccuracy()).isLessThanOrEqualTo(p.fgsmAccuracy());
            }
        }
    }

    @Test
    void curvesNeverRiseAndPgdIsAtLeastAsStrongAsFgsm() {
        Random random = new Random(6);
        DenseNetwork net = random(Activation.TANH, true, random, 6, 24, 24, 3);
        float[][] rows = new float[200][6];
        int[] labels = new int[200];
        for (int r = 0; r < rows.length; r++) {
            for (int i = 0; i < 6; i++) {
                rows[r][i] = (float) random.nextGaussian();
            }
            float[] p = net.predict(new float[][] {rows[r]})[0];
            labels[r] = p[0] > p[1] && p[0] > p[2] ? 0 : p[1] > p[2] ? 1 : 2; // the model's own answers: all right
        }
        Attacks.Curve curve = Attacks.robustness(Networks.of(net), rows, labels, new int[] {0, 1, 2, 3, 4, 5},
                new double[] {0.01, 0.05, 0.1, 0.2, 0.5, 1, 2}, Attacks.Norm.LINF, 10);
        double fgsm = 1;
        double pgd = 1;
        for (Attacks.Point p : curve.points()) {
            assertThat(p.fgsmAccuracy()).isLessThanOrEqualTo(fgsm);
            assertThat(p.pgdAccuracy()).isLessThanOrEqualTo(pgd).isLessThanOrEqualTo(p.fgsmAccuracy());
            fgsm = p.fgsmAccuracy();
            pgd = p.pgdAccuracy();
        }
        assertThat(curve.halvingEpsilon()).as("a large enough move breaks most rows").isNotNull();
    }

    @Test
    void featuresTheAdversaryMayNotMoveStayPut() {
        // the model reads only feature 2, which is not attackable: nothing is ever broken
        DenseNetwork net = linear(new float[] {0, 0, 0}, new float[] {0, 0, 1});
        float[][] rows = {{0, 0, 1}, {0, 0, -1}, {5, 5, 0.5f}};
        int[] labels = {1, 0, 1};
        Attacks.Curve curve = Attacks.robustness(Networks.of(net), rows, labels, new int[] {0, 1}, new double[] {1, 10},
                Attacks.Norm.L2, 5);
        assertThat(curve.points()).allSatisfy(p -> assertThat(p.pgdAccuracy()).isEqualTo(1.0));
        assertThat(curve.halvingEpsilon()).isNull();
        assertThatThrownBy(() -> Attacks.robustness(Networks.of(net), rows, labels, new int[0], new double[] {1},
                Attacks.Norm.L2, 5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numeric");
        assertThatThrownBy(() -> Attacks.robustness(Networks.of(net), rows, labels, new int[] {0}, new double[] {1, 0.5},
                Attacks.Norm.L2, 5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ascending");
    }
}
