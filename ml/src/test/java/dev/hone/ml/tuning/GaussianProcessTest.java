package dev.hone.ml.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianProcessTest {

    private static double[][] points(int n, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int k = 0; k < d; k++) {
                row[k] = rng.nextDouble();
            }
        }
        return x;
    }

    @Test
    void theLikelihoodGradientMatchesFiniteDifferences() {
        double[][] x = points(12, 3, 1);
        for (double[] row : x) {
            row[2] = Math.floor(row[2] * 3); // a categorical dimension with 3 choices
        }
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.sin(6 * x[i][0]) + x[i][1] * x[i][1] - (x[i][2] == 1 ? 0.5 : 0);
        }
        GaussianProcess.Likelihood f = new GaussianProcess.Likelihood(x, y, new boolean[] {false, false, true});
        double[] theta = {0.3, -0.7, 0.2, 0.1, Math.log(0.05)};
        double[] gradient = new double[theta.length];
        f.value(theta, gradient);
        for (int j = 0; j < theta.length; j++) {
            double h = 1e-6;
            double[] up = theta.clone();
            double[] down = theta.clone();
            up[j] += h;
            down[j] -= h;
            double numeric = (f.value(up, null) - f.value(down, null)) / (2 * h);
            assertThat(gradient[j]).as("d/dtheta[%d]", j).isCloseTo(numeric, within(1e-5 * Math.max(1, Math.abs(numeric))));
        }
    }

    @Test
    void fitsASmoothFunctionAndIsUnsureOnlyAwayFromTheData() {
        double[][] x = points(30, 2, 7);
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.sin(4 * x[i][0]) * Math.cos(3 * x[i][1]);
        }
        GaussianProcess gp = GaussianProcess.fit(x, y, new boolean[2]);

        double[][] probes = points(200, 2, 8);
        double squaredError = 0;
        for (double[] p : probes) {
            double truth = Math.sin(4 * p[0]) * Math.cos(3 * p[1]);
            squaredError += Math.pow(gp.predict(p)[0] - truth, 2);
        }
        assertThat(Math.sqrt(squaredError / probes.length)).as("RMSE on 200 new points").isLessThan(0.05);
        assertThat(gp.predict(x[0])[1]).isLessThan(1e-3);
        assertThat(gp.predict(new double[] {3, 3})[1]).isGreaterThan(0.5 * gp.scale());
        assertThat(gp.noise()).isLessThan(0.01);
    }

    @Test
    void aPendingPointTakesTheModelsOwnPredictionAndLosesItsUncertainty() {
        double[][] x = points(10, 2, 3);
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = x[i][0] - x[i][1];
        }
        GaussianProcess gp = GaussianProcess.fit(x, y, new boolean[2]);
        double[] pending = {0.95, 0.05};
        GaussianProcess believer = gp.withPending(new double[][] {pending});

        assertThat(believer.predict(pending)[0]).isCloseTo(gp.predict(pending)[0], within(0.05));
        assertThat(believer.predict(pending)[1]).isLessThan(0.1 * gp.predict(pending)[1]);
    }
}
