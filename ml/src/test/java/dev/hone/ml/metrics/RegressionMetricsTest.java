package dev.hone.ml.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RegressionMetricsTest {

    @Test
    void matchesScikitLearn() {
        // scikit-learn 1.2.1: sqrt(mean_squared_error), mean_absolute_error, r2_score.
        // By hand: errors 0.5, -0.5, -0.1, -0.8, 0.3 -> MSE 1.24 / 5 = 0.248, MAE 2.2 / 5 = 0.44.
        double[] y = {3.0, -0.5, 2.0, 7.0, 4.2};
        double[] p = {2.5, 0.0, 2.1, 7.8, 3.9};

        RegressionMetrics m = RegressionMetrics.compute(y, p);

        assertThat(m.rmse()).isCloseTo(0.49799598391954925, within(1e-12));
        assertThat(m.mae()).isCloseTo(0.44, within(1e-12));
        assertThat(m.r2()).isCloseTo(0.9594665271966527, within(1e-12));
    }

    @Test
    void constantTargetFollowsScikitLearnConvention() {
        assertThat(RegressionMetrics.compute(new double[] {2, 2}, new double[] {2, 2}).r2()).isEqualTo(1.0);
        assertThat(RegressionMetrics.compute(new double[] {2, 2}, new double[] {2, 3}).r2()).isEqualTo(0.0);
    }
}
