package dev.hone.ml.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.hone.vocabulary.Direction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GridSamplerTest {

    @Test
    void enumeratesTheCartesianProductInNestedLoopOrder() {
        SearchSpace space = SearchSpace.of(
                CategoricalParameter.of("act", "relu", "tanh"),
                IntParameter.uniform("layers", 1, 3),
                FloatParameter.uniform("dropout", 0.0, 0.5));

        List<Map<String, Object>> grid = GridSampler.grid(space, 3);

        List<Map<String, Object>> expected = new ArrayList<>();
        for (String act : List.of("relu", "tanh")) {
            for (int layers = 1; layers <= 3; layers++) {
                for (double dropout : new double[] {0.0, 0.25, 0.5}) {
                    expected.add(Map.of("act", act, "layers", layers, "dropout", dropout));
                }
            }
        }
        assertThat(grid).containsExactlyElementsOf(expected);
        assertThat(GridSampler.gridSize(space, 3)).isEqualTo(18);
    }

    @Test
    void logFloatsAreGeometricallySpacedAndCoarseIntsEvenlyOnTheirStepGrid() {
        List<Object> lr = GridSampler.values(FloatParameter.logUniform("lr", 1e-4, 1e-1), 4);
        List<Object> epochs = GridSampler.values(IntParameter.stepped("epochs", 10, 200, 10), 5);
        List<Object> fine = GridSampler.values(IntParameter.stepped("epochs", 10, 50, 10), 5);
        List<Object> width = GridSampler.values(IntParameter.logUniform("width", 8, 512), 4);

        assertThat(lr).hasSize(4);
        double[] expectedLr = {1e-4, 1e-3, 1e-2, 1e-1};
        for (int i = 0; i < 4; i++) {
            assertThat((Double) lr.get(i)).isCloseTo(expectedLr[i], within(1e-12 * expectedLr[i] * 10));
        }
        // 20 values on the grid 10..200, 5 wanted: indices 0, 4.75, 9.5, 14.25, 19 rounded
        assertThat(epochs).containsExactly(10, 60, 110, 150, 200);
        assertThat(fine).containsExactly(10, 20, 30, 40, 50);
        assertThat(width).containsExactly(8, 32, 128, 512);
    }

    @Test
    void conditionalParametersAreExpandedOnlyWhereActive() {
        SearchSpace space = SearchSpace.of(
                IntParameter.uniform("layers", 1, 2),
                IntParameter.stepped("width1", 32, 128, 32).when(null),
                IntParameter.stepped("width2", 32, 96, 32).when(Condition.when("layers", "2")));

        List<Map<String, Object>> grid = GridSampler.grid(space, 10);

        // layers=1: 4 widths; layers=2: 4 x 3
        assertThat(grid).hasSize(4 + 12).doesNotHaveDuplicates();
        assertThat(GridSampler.gridSize(space, 10)).isEqualTo(16);
        assertThat(grid).allSatisfy(p ->
                assertThat(p.containsKey("width2")).isEqualTo(p.get("layers").equals(2)));
        assertThat(grid.getFirst()).isEqualTo(Map.of("layers", 1, "width1", 32));
        assertThat(grid.getLast()).isEqualTo(Map.of("layers", 2, "width1", 128, "width2", 96));
    }

    @Test
    void nestedConditionsCountEachBranchOnce() {
        SearchSpace space = SearchSpace.of(
                IntParameter.uniform("layers", 1, 3),
                IntParameter.logUniform("width1", 8, 256),
                IntParameter.logUniform("width2", 8, 256).when(Condition.when("layers", "2", "3")),
                IntParameter.logUniform("width3", 8, 256).when(Condition.when("layers", "3")),
                CategoricalParameter.of("optimizer", "adam", "sgd"),
                FloatParameter.uniform("momentum", 0.5, 0.9).when(Condition.when("optimizer", "sgd")));

        List<Map<String, Object>> grid = GridSampler.grid(space, 3);

        // widths: 3 points each; layers 1, 2, 3 give 3 + 9 + 27; optimizer adam 1 + sgd 3
        assertThat(grid).hasSize((3 + 9 + 27) * 4).doesNotHaveDuplicates();
        assertThat(GridSampler.gridSize(space, 3)).isEqualTo(156);
        assertThat(grid).allSatisfy(p -> assertThat(p.keySet()).containsExactlyInAnyOrderElementsOf(
                ConditionalSamplingTest.expectedKeys(space, p)));
    }

    @Test
    void trialKTakesPointKModuloTheGridSize() {
        SearchSpace space = Spaces.mlp();
        GridSampler sampler = new GridSampler(2);
        int size = GridSampler.gridSize(space, 2);
        List<Map<String, Object>> grid = GridSampler.grid(space, 2);

        assertThat(grid).hasSize(size).doesNotHaveDuplicates();
        for (int k : new int[] {0, 1, 17, size / 2, size - 1}) {
            assertThat(sampler.sample(space, List.of(), Direction.MINIMIZE, 99, k)).isEqualTo(grid.get(k));
        }
        assertThat(sampler.sample(space, List.of(), Direction.MINIMIZE, 5, size + 3)).isEqualTo(grid.get(3));
    }

    @Test
    void refusesAGridLargerThanTheTrialBudget() {
        SearchSpace space = SearchSpace.of(
                FloatParameter.uniform("a", 0, 1), FloatParameter.uniform("b", 0, 1));

        GridSampler.requireFitsBudget(space, 5, 25);
        assertThatThrownBy(() -> GridSampler.requireFitsBudget(space, 5, 24))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxTrials")
                .hasMessageContaining("25 points")
                .hasMessageContaining("24 trials");
    }

    @Test
    void countsAHugeGridWithoutListingIt() {
        List<ParameterSpec> params = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            params.add(FloatParameter.uniform("x" + i, 0, 1));
        }
        SearchSpace space = new SearchSpace(params);

        assertThat(GridSampler.gridSize(space, 10)).isEqualTo(Integer.MAX_VALUE);
        assertThatThrownBy(() -> GridSampler.grid(space, 10)).hasMessageContaining("1000000000000 points");
        // a single point is still found directly
        Map<String, Object> p =
                new GridSampler(10).sample(space, List.of(), Direction.MINIMIZE, 0, 1_234_567);
        assertThat(p.get("x11")).isEqualTo(7 / 9.0);
        assertThat(p.get("x5")).isEqualTo(1 / 9.0);
        assertThat(p.get("x0")).isEqualTo(0.0);
    }

    @Test
    void sizesABillionPointsPerParameterByArithmetic() {
        SearchSpace one = SearchSpace.of(FloatParameter.uniform("a", 0, 1));
        SearchSpace two = SearchSpace.of(FloatParameter.uniform("a", 0, 1), IntParameter.uniform("b", 0, 2_000_000_000));
        SearchSpace three = SearchSpace.of(FloatParameter.uniform("a", 0, 1), FloatParameter.uniform("b", 0, 1),
                FloatParameter.uniform("c", 0, 1));
        int billion = 1_000_000_000;

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(GridSampler.gridSize(one, billion, Long.MAX_VALUE)).isEqualTo(billion);
            assertThat(GridSampler.gridSize(two, billion, Long.MAX_VALUE)).isEqualTo((long) billion * billion);
            assertThat(GridSampler.gridSize(three, billion, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
            assertThatThrownBy(() -> GridSampler.requireFitsBudget(two, billion, 1000))
                    .hasMessageContaining("at least 1000000000000000000 points").hasMessageContaining("1000 trials");
            assertThat(GridSampler.point(one, billion, billion - 1L)).isEqualTo(Map.of("a", 1.0));
            assertThat(GridSampler.point(two, billion, 3L * billion + 7))
                    .isEqualTo(Map.of("a", 3.0 / (billion - 1), "b", 14));
        });
    }

    @Test
    void stopsCountingNestedBranchesOnceTheLimitIsPassed() {
        // Three nested parents of 1000 values each: a billion points, and a billion branches to walk
        // for an exact count; the budget check needs only to know that there are more than 100.
        String[] all = new String[1000];
        for (int i = 0; i < all.length; i++) {
            all[i] = Integer.toString(i);
        }
        SearchSpace space = SearchSpace.of(
                IntParameter.uniform("a", 0, 999),
                IntParameter.uniform("b", 0, 999).when(Condition.when("a", all)),
                IntParameter.uniform("c", 0, 999).when(Condition.when("b", all)),
                CategoricalParameter.of("d", "x").when(Condition.when("c", all)));

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(GridSampler.gridSize(space, 1000, 100)).isGreaterThan(100);
            assertThatThrownBy(() -> GridSampler.requireFitsBudget(space, 1000, 100))
                    .hasMessageContaining("allows only 100 trials");
            assertThat(new GridSampler(1000).sample(space, List.of(), Direction.MINIMIZE, 0, 1_001))
                    .isEqualTo(Map.of("a", 0, "b", 1, "c", 1, "d", "x"));
        });
    }

    @Test
    void logIntValuesAreDeduplicatedWithoutAList() {
        IntParameter width = IntParameter.logUniform("width", 1, 100);
        List<Object> values = GridSampler.values(width, 50);

        assertThat(values).doesNotHaveDuplicates().isSorted().startsWith(1).endsWith(100);
        assertThat(GridSampler.gridSize(SearchSpace.of(width), 50)).isEqualTo(values.size());
        for (int k = 0; k < values.size(); k++) {
            assertThat(GridSampler.point(SearchSpace.of(width), 50, k)).isEqualTo(Map.of("width", values.get(k)));
        }
    }
}
