package dev.hone.activities.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hone.registry.common.Json;
import dev.hone.registry.tuning.Trial;
import dev.hone.registry.tuning.TrialProgress;
import dev.hone.vocabulary.Direction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A running trial decides itself, from the curves its study's trials stored, with the study's real
 * rule ({@code ml}'s median rule or ASHA, as {@link StudyMapping} builds it for the study).
 */
class EarlyStoppingTest {

    /** The registry's trials of one study as a running trial reads them: curve, status and write count. */
    static final class StoredStudy implements EarlyStopping.Curves {
        final Map<Integer, Trial> trials = new TreeMap<>();
        final List<Integer> curvesRead = new CopyOnWriteArrayList<>();

        /** What {@code StudyService.recordCurve} does: replaces the curve and counts the write. */
        void record(int number, List<Double> values) {
            Trial t = trials.computeIfAbsent(number, n -> {
                Trial created = new Trial();
                created.studyId = 1;
                created.number = n;
                created.status = "RUNNING";
                return created;
            });
            t.intermediateJson = Json.write(values);
            t.curveWrites++;
        }

        void end(int number, String status) {
            trials.get(number).status = status;
        }

        @Override
        public List<TrialProgress> progress(long studyId) {
            return trials.values().stream().map(t -> new TrialProgress(t.number, t.status, t.curveWrites)).toList();
        }

        @Override
        public List<Trial> trials(long studyId, Collection<Integer> numbers) {
            curvesRead.addAll(numbers);
            return numbers.stream().map(trials::get).toList();
        }
    }

    private final StoredStudy stored = new StoredStudy();

    private EarlyStopping rule(String pruner, int number) {
        return new EarlyStopping(stored, 1, number, StudyMapping.pruner(dev.hone.vocabulary.Pruner.of(pruner), 1, 3), Direction.MINIMIZE);
    }

    /** A validation loss falling from 2 towards {@code floor}, the same shape for every trial. */
    private static double loss(double floor, int epoch) {
        return floor + (2.0 - floor) * Math.exp(-epoch / 4.0);
    }

    /**
     * Twelve trials of one study, three at a time, ten epochs each; every trial stores each epoch's
     * loss and asks the median rule, which reads the others' stored curves. The trials that are worse
     * than the median of those that got as far are stopped after two or three epochs, and the best
     * trials all train to the end.
     */
    @Test
    void theMedianRuleStopsTheWeakTrialsOfAStudyFromTheirStoredCurves() {
        double[] floors = {0.3, 0.9, 0.5, 0.2, 0.8, 0.6, 0.1, 0.7, 0.4, 0.95, 0.85, 0.25};
        Map<Integer, Integer> prunedAt = new TreeMap<>();
        List<Integer> completed = new ArrayList<>();
        for (int first = 0; first < floors.length; first += 3) {
            List<Integer> running = new ArrayList<>(List.of(first, first + 1, first + 2));
            Map<Integer, EarlyStopping> rules = new TreeMap<>();
            Map<Integer, List<Double>> curves = new TreeMap<>();
            for (int n : running) {
                rules.put(n, rule("MEDIAN", n));
                curves.put(n, new ArrayList<>());
            }
            for (int epoch = 1; epoch <= 10; epoch++) {
                for (int n : List.copyOf(running)) {
                    curves.get(n).add(loss(floors[n], epoch));
                    stored.record(n, curves.get(n));
                    if (rules.get(n).shouldStop(epoch, curves.get(n))) {
                        stored.end(n, "PRUNED");
                        prunedAt.put(n, epoch);
                        running.remove((Integer) n);
                    }
                }
            }
            running.forEach(n -> stored.end(n, "COMPLETED"));
            completed.addAll(running);
        }

        // The first three had too few others to compare with; after them, each trial is compared with
        // the median of those that reached its epoch.
        assertThat(completed).containsExactly(0, 1, 2, 3, 6, 11);
        assertThat(prunedAt).containsExactlyInAnyOrderEntriesOf(Map.of(4, 2, 5, 2, 7, 2, 8, 3, 9, 2, 10, 2));
        // The stored curves of the stopped trials end where they were stopped.
        assertThat(Json.read(stored.trials.get(8).intermediateJson, List.class)).hasSize(3);
    }

    @Test
    void ashaStopsATrialOutsideTheBestThirdAtARung() {
        for (int n = 0; n < 3; n++) {
            stored.record(n, List.of(0.2 + 0.1 * n, 0.1));
            stored.end(n, "COMPLETED");
        }

        assertThat(rule("ASHA", 3).shouldStop(1, List.of(0.9))).as("worse than the best of four at rung 1").isTrue();
        assertThat(rule("ASHA", 4).shouldStop(1, List.of(0.1))).as("the best at rung 1").isFalse();
        assertThat(rule("ASHA", 5).shouldStop(2, List.of(0.1, 5.0))).as("step 2 is not a rung").isFalse();
    }

    /** At each epoch only the curves written since the last look are read again, not the whole study. */
    @Test
    void readsAgainOnlyTheCurvesThatChanged() {
        for (int n = 0; n < 5; n++) {
            stored.record(n, List.of(1.0, 0.9));
        }
        EarlyStopping trial5 = rule("MEDIAN", 5);

        trial5.shouldStop(1, List.of(1.0));
        assertThat(stored.curvesRead).containsExactly(0, 1, 2, 3, 4);

        stored.curvesRead.clear();
        stored.record(2, List.of(1.0, 0.9, 0.8));
        stored.end(4, "PRUNED");
        trial5.shouldStop(1, List.of(1.0));
        assertThat(stored.curvesRead).containsExactly(2, 4);

        stored.curvesRead.clear();
        trial5.shouldStop(1, List.of(1.0));
        assertThat(stored.curvesRead).isEmpty();
    }

    /** The decision follows what is stored now: a curve that grew since the last look counts as it is. */
    @Test
    void decidesOnTheCurvesAsTheyAreStoredNow() {
        EarlyStopping trial3 = rule("MEDIAN", 3);
        for (int n = 0; n < 3; n++) {
            stored.record(n, List.of(1.0));
        }
        // No other trial reached epoch 2 yet: nothing to compare with.
        assertThat(trial3.shouldStop(2, List.of(1.0, 0.95))).isFalse();

        for (int n = 0; n < 3; n++) {
            stored.record(n, List.of(1.0, 0.5));
        }
        assertThat(trial3.shouldStop(2, List.of(1.0, 0.95))).isTrue();
    }

    @Test
    void aRuleThatCannotDecideSaysWhy() {
        assertThatThrownBy(() -> rule("MEDIAN", 0).shouldStop(3, List.of(1.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("asked about step 3");
    }
}
