package dev.hone.ml.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hone.vocabulary.Direction;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SearchSpaceTest {

    @Test
    void acceptsTheIssuesMlpSpace() {
        SearchSpace space = Spaces.mlp();

        assertThat(space.validate()).isSameAs(space);
    }

    @Test
    void refusesAnEmptySpace() {
        assertThatThrownBy(() -> new SearchSpace(List.of()).validate())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no parameters");
        assertThatThrownBy(() -> new SearchSpace(null).validate())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no parameters");
    }

    static Stream<Arguments> invalidSpaces() {
        FloatParameter lr = FloatParameter.logUniform("lr", 1e-4, 1e-1);
        CategoricalParameter opt = CategoricalParameter.of("optimizer", "adam", "sgd");
        IntParameter layers = IntParameter.uniform("layers", 1, 3);
        FloatParameter momentum = FloatParameter.uniform("momentum", 0, 1);
        return Stream.of(
                Arguments.of(SearchSpace.of(lr, FloatParameter.uniform("lr", 0, 1)),
                        List.of("'lr'", "more than once")),
                Arguments.of(SearchSpace.of(FloatParameter.uniform("dropout", 0.6, 0.1)),
                        List.of("'dropout'", "low 0.6 is greater than high 0.1")),
                Arguments.of(SearchSpace.of(IntParameter.uniform("batch", 64, 16)),
                        List.of("'batch'", "low 64 is greater than high 16")),
                Arguments.of(SearchSpace.of(FloatParameter.uniform("x", 0, Double.POSITIVE_INFINITY)),
                        List.of("'x'", "finite")),
                Arguments.of(SearchSpace.of(FloatParameter.logUniform("lr", 0.0, 0.1)),
                        List.of("'lr'", "log scale needs low > 0")),
                Arguments.of(SearchSpace.of(FloatParameter.logUniform("decay", -1e-3, 0.1)),
                        List.of("'decay'", "log scale")),
                Arguments.of(SearchSpace.of(IntParameter.logUniform("width", 0, 256)),
                        List.of("'width'", "log scale needs low >= 1")),
                Arguments.of(SearchSpace.of(new IntParameter("epochs", 10, 50, false, 0, null)),
                        List.of("'epochs'", "step must be >= 1")),
                Arguments.of(SearchSpace.of(IntParameter.stepped("epochs", 10, 15, 10)),
                        List.of("'epochs'", "step 10 is larger than the range")),
                Arguments.of(SearchSpace.of(new IntParameter("width", 8, 256, true, 8, null)),
                        List.of("'width'", "log scale cannot have a step")),
                Arguments.of(SearchSpace.of(new CategoricalParameter("act", List.of(), null)),
                        List.of("'act'", "at least one choice")),
                Arguments.of(SearchSpace.of(new CategoricalParameter("act", null, null)),
                        List.of("'act'", "at least one choice")),
                Arguments.of(SearchSpace.of(CategoricalParameter.of("act", "relu", "tanh", "relu")),
                        List.of("'act'", "'relu' is listed twice")),
                Arguments.of(
                        SearchSpace.of(new CategoricalParameter("act", Arrays.asList("relu", null), null)),
                        List.of("'act'", "null")),
                Arguments.of(SearchSpace.of(lr, momentum.when(Condition.when("optimiser", "sgd"))),
                        List.of("'momentum'", "unknown parameter 'optimiser'")),
                Arguments.of(SearchSpace.of(momentum.when(Condition.when("optimizer", "sgd")), opt),
                        List.of("'momentum'", "'optimizer'", "declared later")),
                Arguments.of(SearchSpace.of(CategoricalParameter.of("a", "x").when(Condition.when("a", "x"))),
                        List.of("'a'", "itself")),
                Arguments.of(SearchSpace.of(opt, momentum.when(Condition.when("optimizer", "SGD"))),
                        List.of("'momentum'", "'SGD'", "can never take")),
                Arguments.of(SearchSpace.of(layers,
                                IntParameter.uniform("width4", 8, 64).when(Condition.when("layers", "4"))),
                        List.of("'width4'", "'4'", "can never take")),
                Arguments.of(SearchSpace.of(IntParameter.stepped("epochs", 10, 50, 10),
                                FloatParameter.uniform("x", 0, 1).when(Condition.when("epochs", "15"))),
                        List.of("'x'", "'15'", "can never take")),
                Arguments.of(SearchSpace.of(layers,
                                IntParameter.uniform("w", 8, 64).when(Condition.when("layers", "two"))),
                        List.of("'w'", "'two'", "not an integer")),
                Arguments.of(SearchSpace.of(layers,
                                IntParameter.uniform("w", 8, 64).when(new Condition("layers", List.of()))),
                        List.of("'w'", "lists no values")),
                Arguments.of(SearchSpace.of(lr,
                                FloatParameter.uniform("x", 0, 1).when(Condition.when("lr", "0.01"))),
                        List.of("'x'", "float parameter")));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidSpaces")
    void refusesAnInvalidSpaceNamingTheParameterAndTheProblem(SearchSpace space, List<String> fragments) {
        assertThatThrownBy(space::validate)
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
    }

    @Test
    void samplersRefuseAnInvalidSpaceBeforeProposingAnything() {
        SearchSpace bad = SearchSpace.of(FloatParameter.uniform("dropout", 0.6, 0.1));
        for (Sampler s : List.of(new RandomSampler(), TpeSampler.defaults(), new GridSampler(3))) {
            assertThatThrownBy(() -> s.sample(bad, List.of(), Direction.MINIMIZE, 1, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'dropout'");
        }
    }

    @Test
    void conditionalParameterIsActiveOnlyUnderItsActiveParentsListedValues() {
        SearchSpace space = Spaces.mlp();
        ParameterSpec width2 = space.parameter("width2").orElseThrow();
        ParameterSpec width3 = space.parameter("width3").orElseThrow();
        ParameterSpec momentum = space.parameter("momentum").orElseThrow();

        assertThat(space.isActive(width2, Map.of("layers", 1))).isFalse();
        assertThat(space.isActive(width2, Map.of("layers", 2))).isTrue();
        assertThat(space.isActive(width3, Map.of("layers", 2))).isFalse();
        assertThat(space.isActive(width3, Map.of("layers", 3))).isTrue();
        assertThat(space.isActive(width2, Map.of())).isFalse();
        assertThat(space.isActive(momentum, Map.of("optimizer", "sgd"))).isTrue();
        assertThat(space.isActive(momentum, Map.of("optimizer", "adam"))).isFalse();
        assertThat(space.isActive(space.parameter("dropout").orElseThrow(), Map.of())).isTrue();
        // an int parent's value after a JSON round trip
        assertThat(space.isActive(width3, Map.of("layers", 3L))).isTrue();
        assertThat(space.isActive(width3, Map.of("layers", 3.0))).isTrue();
    }

    @Test
    void aChildOfAnInactiveParentIsInactive() {
        SearchSpace space = SearchSpace.of(
                CategoricalParameter.of("optimizer", "adam", "sgd"),
                CategoricalParameter.of("nesterov", "yes", "no").when(Condition.when("optimizer", "sgd")),
                FloatParameter.uniform("dampening", 0, 1).when(Condition.when("nesterov", "no")))
                .validate();
        ParameterSpec dampening = space.parameter("dampening").orElseThrow();

        assertThat(space.isActive(dampening, Map.of("optimizer", "sgd", "nesterov", "no"))).isTrue();
        // a stale value of an inactive parent does not activate its child
        assertThat(space.isActive(dampening, Map.of("optimizer", "adam", "nesterov", "no"))).isFalse();
    }
}
