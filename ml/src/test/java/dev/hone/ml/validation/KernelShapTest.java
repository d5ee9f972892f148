package dev.hone.ml.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class KernelShapTest {

    private static Function<float[][], double[]> linear(double[] w, double bias) {
        return rows -> {
            double[] out = new double[rows.length];
            for (int r = 0; r < rows.length; r++) {
                out[r] = bias;
                for (int i = 0; i < w.length; i++) {
                    out[r] += w[i] * rows[r][i];
                }
            }
            return out;
        };
    }

    private static float[][] gaussian(int rows, int columns, Random random) {
        float[][] x = new float[rows][columns];
        for (float[] row : x) {
            for (int i = 0; i < columns; i++) {
                row[i] = (float) random.nextGaussian();
            }
        }
        return x;
    }

    private static List<int[]> singles(int n) {
        List<int[]> groups = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            groups.add(new int[] {i});
        }
        return groups;
    }

    /** For a linear model and independent columns, a column's value is its weight times its distance from the mean. */
    private static double[] expectedLinear(double[] w, float[] row, float[][] background, List<int[]> groups) {
        double[] out = new double[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            for (int f : groups.get(g)) {
                double mean = 0;
                for (float[] b : background) {
                    mean += b[f];
                }
                out[g] += w[f] * (row[f] - mean / background.length);
            }
        }
        return out;
    }

    @Test
    void aLinearModelsValuesAreItsWeightsTimesTheDistanceFromTheBackgroundMean() {
        Random random = new Random(1);
        double[] w = {2, -3, 0.5, 0, 1.5};
        float[][] background = gaussian(20, 5, random);
        float[] row = {1.2f, -0.4f, 2f, 5f, -1f};
        // columns: a, b, c, and a one-hot-like group of features 3 and 4
        List<int[]> groups = List.of(new int[] {0}, new int[] {1}, new int[] {2}, new int[] {3, 4});
        KernelShap.Explanation e = KernelShap.explain(row, background, groups, linear(w, 1), 7);
        assertThat(e.values()).containsExactly(expectedLinear(w, row, background, groups), within(1e-6));
        assertThat(e.prediction() - e.baseline()).isCloseTo(sum(e.values()), within(1e-9));
    }

    @Test
    void aProductIsSharedEquallyAndAnUnusedColumnGetsNothing() {
        Function<float[][], double[]> product = rows -> {
            double[] out = new double[rows.length];
            for (int r = 0; r < rows.length; r++) {
                out[r] = rows[r][0] * rows[r][1];
            }
            return out;
        };
        KernelShap.Explanation e = KernelShap.explain(new float[] {2, 3, 9}, new float[][] {{0, 0, 0}}, singles(3),
                product, 1);
        assertThat(e.baseline()).isZero();
        assertThat(e.values()).containsExactly(new double[] {3, 3, 0}, within(1e-6));
    }

    @Test
    void withManyColumnsSampledCoalitionsStillAddUpAndGetALinearModelExactly() {
        Random random = new Random(2);
        int m = 14; // above the exact limit: coalitions are sampled
        assertThat(m).isGreaterThan(KernelShap.EXACT_COLUMNS);
        double[] w = new double[m];
        for (int i = 0; i < m; i++) {
            w[i] = random.nextGaussian();
        }
        float[][] background = gaussian(10, m, random);
        float[] row = gaussian(1, m, random)[0];
        KernelShap.Explanation linearE = KernelShap.explain(row, background, singles(m), linear(w, 0), 3);
        assertThat(linearE.values()).containsExactly(expectedLinear(w, row, background, singles(m)), within(1e-6));

        Function<float[][], double[]> nonlinear = rows -> {
            double[] out = new double[rows.length];
            for (int r = 0; r < rows.length; r++) {
                out[r] = Math.tanh(rows[r][0] * rows[r][1] + rows[r][2]) + rows[r][5] * rows[r][5];
            }
            return out;
        };
        KernelShap.Explanation e = KernelShap.explain(row, background, singles(m), nonlinear, 3);
        assertThat(sum(e.values())).isCloseTo(e.prediction() - e.baseline(), within(1e-9));
        // a column the model never reads: nothing in expectation; a sample of coalitions leaves a little noise
        double largest = java.util.Arrays.stream(e.values()).map(Math::abs).max().orElseThrow();
        assertThat(Math.abs(e.values()[13])).as("a column the model never reads").isLessThan(0.02 * largest);
        assertThat(KernelShap.explain(row, background, singles(m), nonlinear, 3).values())
                .as("the same seed, the same sample").containsExactly(e.values());
    }

    @Test
    void badInputIsRefusedNamingTheProblem() {
        assertThatThrownBy(() -> KernelShap.explain(new float[] {1}, new float[0][], singles(1), linear(new double[] {1},
                0), 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("background row");
        assertThatThrownBy(() -> KernelShap.explain(new float[] {1}, new float[][] {{0}}, List.of(),
                linear(new double[] {1}, 0), 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one column");
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
