package dev.hone.ml.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class PermutationImportanceTest {

    private static final List<String> COLUMNS = List.of("a", "b", "noise", "colour");
    /** "colour" is one-hot in features 3 and 4. */
    private static final List<int[]> GROUPS = List.of(new int[] {0}, new int[] {1}, new int[] {2}, new int[] {3, 4});

    /** Rows whose label is a + b > 0; noise and colour are drawn but play no part. */
    private static float[][] rows(int n, Random random) {
        float[][] x = new float[n][5];
        for (float[] row : x) {
            row[0] = (float) random.nextGaussian();
            row[1] = (float) random.nextGaussian();
            row[2] = (float) random.nextGaussian();
            int colour = random.nextInt(2);
            row[3 + colour] = 1;
        }
        return x;
    }

    /** Accuracy of the rule a + 0.5 b > 0 against labels from a + b > 0 of the original rows. */
    private static ToDoubleFunction<float[][]> accuracyAgainst(float[][] original) {
        return rows -> {
            int right = 0;
            for (int r = 0; r < rows.length; r++) {
                boolean truth = original[r][0] + original[r][1] > 0;
                boolean said = rows[r][0] + 0.5 * rows[r][1] > 0;
                right += truth == said ? 1 : 0;
            }
            return (double) right / rows.length;
        };
    }

    @Test
    void theTwoColumnsTheLabelDependsOnRankFirstAndTheOthersScoreZero() {
        float[][] x = rows(2_000, new Random(3));
        List<PermutationImportance.Importance> ranked = PermutationImportance.compute(x, COLUMNS, GROUPS,
                accuracyAgainst(x), true, 5, 11);
        assertThat(ranked).extracting(PermutationImportance.Importance::column).startsWith("a", "b");
        // the rule leans on a twice as much as on b: shuffling a costs more
        assertThat(ranked.get(0).mean()).isGreaterThan(ranked.get(1).mean()).isGreaterThan(0.1);
        assertThat(ranked.get(0).lower()).isGreaterThan(ranked.get(1).upper());
        // a column the model never reads: every shuffle leaves its answers as they were
        assertThat(ranked.subList(2, 4)).allSatisfy(i -> {
            assertThat(i.mean()).isZero();
            assertThat(i.drops()).hasSize(5).containsOnly(0.0);
        });
        assertThat(ranked).allSatisfy(i -> assertThat(i.mean()).isBetween(i.lower(), i.upper()));
    }

    @Test
    void aLossThatGrowsWhenAColumnIsShuffledIsAPositiveImportance() {
        float[][] x = rows(500, new Random(4));
        ToDoubleFunction<float[][]> error = rows -> 1 - accuracyAgainst(x).applyAsDouble(rows);
        List<PermutationImportance.Importance> ranked = PermutationImportance.compute(x, COLUMNS, GROUPS, error,
                false, 3, 5);
        assertThat(ranked.getFirst().column()).isEqualTo("a");
        assertThat(ranked.getFirst().mean()).isPositive();
    }

    @Test
    void aGroupMovesAsOneColumnAndTheSameSeedGivesTheSameShuffles() {
        float[][] x = rows(50, new Random(5));
        float[][] shuffled = PermutationImportance.shuffled(x, new int[] {3, 4}, new SplittableRandom(9));
        for (float[] row : shuffled) {
            assertThat(row[3] + row[4]).as("one colour per row: the slots came from one row").isEqualTo(1f);
        }
        assertThat(shuffled).isDeepEqualTo(PermutationImportance.shuffled(x, new int[] {3, 4},
                new SplittableRandom(9)));
        for (int r = 0; r < x.length; r++) {
            assertThat(shuffled[r][0]).as("other features stay").isEqualTo(x[r][0]);
        }
        assertThat(PermutationImportance.compute(x, COLUMNS, GROUPS, accuracyAgainst(x), true, 3, 1))
                .isEqualTo(PermutationImportance.compute(x, COLUMNS, GROUPS, accuracyAgainst(x), true, 3, 1));
    }

    @Test
    void badInputIsRefusedNamingTheProblem() {
        float[][] x = rows(10, new Random(6));
        assertThatThrownBy(() -> PermutationImportance.compute(x, COLUMNS, GROUPS, accuracyAgainst(x), true, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 repeats");
        assertThatThrownBy(() -> PermutationImportance.compute(x, List.of("a"), GROUPS, accuracyAgainst(x), true, 2,
                1)).isInstanceOf(IllegalArgumentException.class).hasMessage("1 columns but 4 feature groups");
        assertThatThrownBy(() -> PermutationImportance.compute(new float[1][5], COLUMNS, GROUPS, r -> 0, true, 2, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 rows");
    }
}
