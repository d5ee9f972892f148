package dev.hone.ml.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hone.ml.tuning.ParameterImportance.Score;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParameterImportanceTest {

    private static final SearchSpace SPACE = SearchSpace.of(FloatParameter.logUniform("learningRate", 1e-4, 1e-1),
            CategoricalParameter.of("optimizer", "ADAM", "SGD"), IntParameter.uniform("batchSize", 8, 256));

    /**
     * The objective: a bowl in log(learningRate) around 1e-2, a penalty for SGD, and nothing from
     * batchSize, which is sampled all the same.
     */
    private static List<Trial> trials(int n, long seed) {
        Random random = new Random(seed);
        List<Trial> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double lr = Math.exp(Math.log(1e-4) + random.nextDouble() * (Math.log(1e-1) - Math.log(1e-4)));
            String optimizer = random.nextBoolean() ? "ADAM" : "SGD";
            int batch = 8 + random.nextInt(249);
            double value = Math.pow(Math.log10(lr) + 2, 2) + (optimizer.equals("SGD") ? 0.5 : 0);
            out.add(new Trial(i, Map.of("learningRate", lr, "optimizer", optimizer, "batchSize", batch),
                    TrialState.COMPLETED, value, List.of()));
        }
        return out;
    }

    @Test
    void aParameterTheObjectiveIgnoresRanksLastWithAlmostNothing() {
        List<Score> scores = ParameterImportance.of(SPACE, trials(60, 1), 7);

        assertThat(scores).extracting(Score::parameter).containsExactly("learningRate", "optimizer", "batchSize");
        assertThat(scores.get(2).importance()).isLessThan(0.05);
        assertThat(scores.get(0).importance()).isGreaterThan(0.5);
        assertThat(scores.stream().mapToDouble(Score::importance).sum()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void onlyCompletedTrialsWithAValueCountAndTooFewGiveNoScores() {
        List<Trial> three = new ArrayList<>(trials(3, 2));
        three.add(new Trial(3, Map.of("learningRate", 1e-3, "optimizer", "ADAM", "batchSize", 32), TrialState.PRUNED,
                null, List.of(1.0)));
        three.add(new Trial(4, Map.of("learningRate", 1e-3, "optimizer", "ADAM", "batchSize", 32), TrialState.FAILED,
                null, List.of()));

        assertThat(ParameterImportance.of(SPACE, three, 7)).isEmpty();
        assertThat(ParameterImportance.of(SearchSpace.of(), trials(10, 2), 7)).isEmpty();
    }

    @Test
    void theSameTrialsAndSeedGiveTheSameScores() {
        assertThat(ParameterImportance.of(SPACE, trials(30, 3), 11)).isEqualTo(ParameterImportance.of(SPACE,
                trials(30, 3), 11));
    }

    @Test
    void anInactiveParameterIsALevelOfItsOwn() {
        SearchSpace space = SearchSpace.of(IntParameter.uniform("layers", 1, 2),
                IntParameter.uniform("width2", 8, 64).when(new Condition("layers", List.of("2"))));
        List<Trial> trials = new ArrayList<>();
        Random random = new Random(5);
        for (int i = 0; i < 40; i++) {
            int layers = 1 + random.nextInt(2);
            Integer width2 = layers == 2 ? 8 + random.nextInt(57) : null;
            Map<String, Object> params = width2 == null ? Map.of("layers", layers) : Map.of("layers", layers,
                    "width2", width2);
            trials.add(new Trial(i, params, TrialState.COMPLETED, width2 == null ? 1.0 : 1.0 - width2 / 100.0,
                    List.of()));
        }

        List<Score> scores = ParameterImportance.of(space, trials, 3);

        assertThat(scores).extracting(Score::parameter).containsExactlyInAnyOrder("layers", "width2");
        assertThat(scores.get(0).parameter()).isEqualTo("width2");
    }
}
