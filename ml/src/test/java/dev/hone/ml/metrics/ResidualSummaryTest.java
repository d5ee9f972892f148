package dev.hone.ml.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ResidualSummaryTest {

    @Test
    void summarisesTrueMinusPredicted() {
        // residuals 10 - 0, 10 - 2, ..., 10 - 20: 10, 8, ..., -10 (eleven values, mean 0)
        double[] truth = new double[11];
        double[] predicted = new double[11];
        for (int i = 0; i < 11; i++) {
            truth[i] = 10;
            predicted[i] = 2 * i;
        }

        ResidualSummary s = ResidualSummary.compute(truth, predicted);

        // numpy: np.quantile(np.arange(-10, 11, 2), [0.05, 0.25, 0.5, 0.75, 0.95]) = [-9, -5, 0, 5, 9];
        // np.std(...) = sqrt(40)
        assertThat(s.mean()).isCloseTo(0, within(1e-12));
        assertThat(s.std()).isCloseTo(Math.sqrt(40), within(1e-12));
        assertThat(new double[] {s.min(), s.p05(), s.p25(), s.median(), s.p75(), s.p95(), s.max()})
                .containsExactly(new double[] {-10, -9, -5, 0, 5, 9, 10}, within(1e-12));
    }

    @Test
    void aModelThatPredictsTooLowHasAPositiveMean() {
        ResidualSummary s = ResidualSummary.compute(new double[] {5, 6, 7}, new double[] {4, 5, 6});

        assertThat(s.mean()).isEqualTo(1.0);
        assertThat(s.std()).isEqualTo(0.0);
    }

    @Test
    void refusesMismatchedInput() {
        assertThatThrownBy(() -> ResidualSummary.compute(new double[] {1}, new double[] {}))
                .hasMessageContaining("same, non-zero number");
    }
}
