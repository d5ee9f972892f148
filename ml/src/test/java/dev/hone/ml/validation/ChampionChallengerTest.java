package dev.hone.ml.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ChampionChallengerTest {

    @Test
    void mcNemarsPValuesAreTheReferenceOnes() {
        // exact: 2 P(X <= 2), X ~ Binomial(12, 1/2) = 2 (1 + 12 + 66) / 4096
        assertThat(ChampionChallenger.mcNemar(10, 2)).isCloseTo(158.0 / 4096, within(1e-12));
        assertThat(ChampionChallenger.mcNemar(3, 3)).isEqualTo(1.0);
        assertThat(ChampionChallenger.mcNemar(0, 0)).isEqualTo(1.0);
        // chi-square with continuity correction: (|40 - 20| - 1)^2 / 60 = 6.0167, p = erfc(sqrt(6.0167 / 2)) =
        // 0.0141714 (Python's math.erfc)
        assertThat(ChampionChallenger.mcNemar(40, 20)).isCloseTo(0.0141714, within(1e-6));
    }

    @Test
    void aChallengerWrongWhereTheChampionIsRightIsSignificantlyWorse() {
        int n = 400;
        int[] truth = new int[n];
        int[] champion = new int[n];
        int[] challenger = new int[n];
        for (int r = 0; r < n; r++) {
            truth[r] = r % 3;
            champion[r] = r < 360 ? truth[r] : (truth[r] + 1) % 3; // 90% right
            challenger[r] = r < 330 ? truth[r] : (truth[r] + 1) % 3; // 82.5% right: wrong on 30 more rows
        }
        ChampionChallenger.Comparison c = ChampionChallenger.compare(truth, champion, challenger, 5);
        assertThat(c.championAccuracy()).isEqualTo(0.9);
        assertThat(c.challengerAccuracy()).isEqualTo(0.825);
        assertThat(c.difference()).isCloseTo(-0.075, within(1e-12));
        assertThat(c.championOnly()).isEqualTo(30);
        assertThat(c.challengerOnly()).isZero();
        assertThat(c.pValue()).isLessThan(1e-6);
        assertThat(c.significantlyWorse(0.05)).isTrue();
        assertThat(c.differenceInterval().high()).isLessThan(0);

        ChampionChallenger.Comparison same = ChampionChallenger.compare(truth, champion, champion, 5);
        assertThat(same.pValue()).isEqualTo(1.0);
        assertThat(same.significantlyWorse(0.05)).isFalse();
        assertThat(same.differenceInterval().low()).isZero();
    }

    @Test
    void badInputIsRefusedNamingTheProblem() {
        assertThatThrownBy(() -> ChampionChallenger.compare(new int[0], new int[0], new int[0], 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("none");
        assertThatThrownBy(() -> ChampionChallenger.compare(new int[2], new int[2], new int[1], 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one each per row");
    }
}
