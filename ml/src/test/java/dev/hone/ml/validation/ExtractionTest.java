package dev.hone.ml.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExtractionTest {

    private static float[][] rows(int n, int width, Random random) {
        float[][] x = new float[n][width];
        for (float[] row : x) {
            for (int i = 0; i < width; i++) {
                row[i] = (float) random.nextGaussian();
            }
        }
        return x;
    }

    private static final List<int[]> SINGLES = IntStream.range(0, 2).mapToObj(i -> new int[] {i}).toList();

    @Test
    void aSimpleBoundaryIsCopiedSoonerThanAnIntricateOne() {
        Random random = new Random(1);
        float[][] reference = rows(2_000, 2, random);
        float[][] heldOut = rows(400, 2, random);
        int[] checkpoints = {25, 50, 100, 200, 400, 800, 1600};
        Function<float[][], int[]> halfPlane = x -> java.util.Arrays.stream(x).mapToInt(r -> r[0] > 0 ? 1 : 0).toArray();
        // a checkerboard of eight squares per unit: far harder to copy from a few points
        Function<float[][], int[]> checkerboard = x -> java.util.Arrays.stream(x)
                .mapToInt(r -> ((int) Math.floor(r[0] * 4) + (int) Math.floor(r[1] * 4)) & 1).toArray();
        Extraction.Result simple = Extraction.attack(reference, heldOut, SINGLES, halfPlane, checkpoints, 0.9, 3);
        Extraction.Result intricate = Extraction.attack(reference, heldOut, SINGLES, checkerboard, checkpoints, 0.9,
                3);
        assertThat(simple.queriesToTarget()).isNotNull().isLessThanOrEqualTo(200);
        assertThat(intricate.queriesToTarget() == null || intricate.queriesToTarget() > simple.queriesToTarget())
                .as("%s against %s", intricate, simple).isTrue();
        assertThat(simple.checkpoints()).hasSize(checkpoints.length);
        assertThat(simple.checkpoints().getLast().agreement()).isGreaterThan(0.95);
    }

    @Test
    void theSameSeedSendsTheSameQueries() {
        Random random = new Random(2);
        float[][] reference = rows(100, 2, random);
        float[][] heldOut = rows(50, 2, random);
        Function<float[][], int[]> model = x -> java.util.Arrays.stream(x).mapToInt(r -> r[1] > r[0] ? 1 : 0).toArray();
        assertThat(Extraction.attack(reference, heldOut, SINGLES, model, new int[] {10, 20}, 0.9, 7))
                .isEqualTo(Extraction.attack(reference, heldOut, SINGLES, model, new int[] {10, 20}, 0.9, 7));
        assertThatThrownBy(() -> Extraction.attack(reference, heldOut, SINGLES, model, new int[] {20, 10}, 0.9, 7))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ascending");
        assertThatThrownBy(() -> Extraction.attack(new float[0][], heldOut, SINGLES, model, new int[] {10}, 0.9, 7))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference rows");
    }
}
