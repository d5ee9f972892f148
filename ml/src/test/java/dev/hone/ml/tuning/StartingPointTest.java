package dev.hone.ml.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.hone.vocabulary.Direction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartingPointTest {

    private static final Map<String, Object> DEFAULTS = Map.of("learningRate", 3e-3, "batchSize", 32, "epochs", 30,
            "dropout", 0.1, "weightDecay", 1e-4, "activation", "RELU", "optimizer", "adam", "layers", 2,
            "width1", 64, "width2", 64);

    @Test
    void trialZeroIsThePointItselfWhenTheSpaceHoldsIt() {
        Map<String, Object> zero = new StartingPoint(new RandomSampler(), DEFAULTS)
                .sample(Spaces.mlp(), List.of(), Direction.MINIMIZE, 7, 0);

        // every value as given, the categorical spelled as the space spells it, and width3 and momentum
        // absent because layers = 2 and the optimizer is not sgd
        assertThat(zero).containsExactly(entry("learningRate", 3e-3), entry("batchSize", 32), entry("epochs", 30),
                entry("dropout", 0.1), entry("weightDecay", 1e-4), entry("activation", "relu"),
                entry("optimizer", "adam"), entry("layers", 2), entry("width1", 64), entry("width2", 64));
        assertThat(Spaces.mlpLoss(zero)).isFinite();
    }

    @Test
    void aPointOutsideTheSpaceMovesToItsNearestConfiguration() {
        SearchSpace space = SearchSpace.of(
                FloatParameter.logUniform("learningRate", 1e-2, 1e-1),
                IntParameter.stepped("epochs", 10, 50, 10),
                IntParameter.logUniform("batchSize", 64, 512),
                CategoricalParameter.of("batchChoice", "16", "128", "256"),
                CategoricalParameter.of("activation", "tanh", "gelu"),
                FloatParameter.uniform("dropout", 0.2, 0.4));

        Map<String, Object> zero = StartingPoint.nearest(space.validate(), Map.of("learningRate", 3e-3, "epochs", 34,
                "batchSize", 32, "batchChoice", 100, "activation", "relu"));

        assertThat(zero).containsExactly(entry("learningRate", 1e-2), entry("epochs", 30), entry("batchSize", 64),
                entry("batchChoice", "128"), entry("activation", "tanh"), entry("dropout", 0.30000000000000004));
    }

    @Test
    void laterTrialsAreTheWrappedSamplersOwn() {
        Sampler random = new RandomSampler();
        Sampler started = new StartingPoint(random, DEFAULTS);
        List<Trial> history = new ArrayList<>();
        for (int n = 1; n < 20; n++) {
            assertThat(started.sample(Spaces.mlp(), history, Direction.MINIMIZE, 7, n))
                    .isEqualTo(random.sample(Spaces.mlp(), history, Direction.MINIMIZE, 7, n));
        }
    }
}
