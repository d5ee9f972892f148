package dev.hone.registry.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class FoldComparisonTest {

    @Test
    void pairedLeadAndStandardErrorByHand() {
        // Losses (minimized). Gains of the challenger per fold: 0.05, 0.02, -0.01, 0.03, 0.05; mean 0.028; squared
        // deviations sum to 0.00248, so the standard deviation is sqrt(0.00248 / 4) = 0.024900 and the standard
        // error 0.024900 / sqrt(5) = 0.011136.
        FoldComparison c = FoldComparison.of(List.of(0.50, 0.60, 0.40, 0.50, 0.55),
                List.of(0.45, 0.58, 0.41, 0.47, 0.50), false);
        assertThat(c.meanGain()).isCloseTo(0.028, within(1e-12));
        assertThat(c.standardError()).isCloseTo(0.0111355, within(1e-6));
        assertThat(c.folds()).isEqualTo(5);
        assertThat(c.clear()).isTrue();
    }

    @Test
    void aLeadOnTheMeanThatTheFoldsDoNotAgreeOnIsNotClear() {
        // Accuracy (maximized): ahead by 0.02 on the mean, from one fold.
        FoldComparison c = FoldComparison.of(List.of(0.80, 0.80, 0.80, 0.80), List.of(0.90, 0.78, 0.80, 0.80), true);
        assertThat(c.meanGain()).isCloseTo(0.02, within(1e-12));
        assertThat(c.standardError()).isCloseTo(0.0270801, within(1e-6));
        assertThat(c.clear()).isFalse();
        // The same folds read as losses: the challenger is behind.
        assertThat(FoldComparison.of(List.of(0.80, 0.80, 0.80, 0.80), List.of(0.90, 0.78, 0.80, 0.80), false)
                .meanGain()).isCloseTo(-0.02, within(1e-12));
    }

    @Test
    void anEqualLeadOnEveryFoldIsClearAndNoLeadIsNot() {
        assertThat(FoldComparison.of(List.of(0.5, 0.6, 0.7), List.of(0.49, 0.59, 0.69), false).clear()).isTrue();
        assertThat(FoldComparison.of(List.of(0.5, 0.6, 0.7), List.of(0.5, 0.6, 0.7), false).clear()).isFalse();
    }

    @Test
    void differentFoldsAreRefused() {
        assertThatThrownBy(() -> FoldComparison.of(List.of(0.5, 0.6), List.of(0.5), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("had 2 and 1");
        assertThatThrownBy(() -> FoldComparison.of(List.of(0.5), List.of(0.5), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least two");
    }
}
