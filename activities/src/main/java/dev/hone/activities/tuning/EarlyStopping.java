package dev.hone.activities.tuning;

import dev.hone.ml.tuning.Pruner;
import dev.hone.ml.tuning.TrialState;
import dev.hone.registry.tuning.StudyService;
import dev.hone.registry.tuning.Trial;
import dev.hone.registry.tuning.TrialProgress;
import dev.hone.vocabulary.Direction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A running trial's early stopping: the study's rule ({@code ml}'s {@link Pruner}) applied to the
 * trial's own curve and to the curves the study's other trials stored in the registry. The study
 * workflow takes no part, so a study of any size sends it no per-epoch traffic.
 *
 * <p>It keeps the curves it has read. At each epoch it reads one small row per trial of the study
 * (status and how often the curve was written) and re-reads only the curves that changed since, so
 * a decision costs one light query and the few curves that grew (those of the trials running
 * meanwhile), not the whole study.
 */
final class EarlyStopping {

    /** Where the stored curves come from. */
    interface Curves {
        /** Every trial of the study, without curves. */
        List<TrialProgress> progress(long studyId);

        /** The given trials of the study, with their curves. */
        List<Trial> trials(long studyId, Collection<Integer> numbers);

        static Curves of(StudyService studies) {
            return new Curves() {
                @Override
                public List<TrialProgress> progress(long studyId) {
                    return studies.progress(studyId);
                }

                @Override
                public List<Trial> trials(long studyId, Collection<Integer> numbers) {
                    return studies.trials(studyId, numbers);
                }
            };
        }
    }

    /** A stored trial as last read, with the write count and status it had then. */
    private record Read(long curveWrites, String status, dev.hone.ml.tuning.Trial trial) {
    }

    private final Curves curves;
    private final long studyId;
    private final int number;
    private final Pruner pruner;
    private final Direction direction;
    private final Map<Integer, Read> others = new HashMap<>();

    EarlyStopping(Curves curves, long studyId, int number, Pruner pruner, Direction direction) {
        this.curves = curves;
        this.studyId = studyId;
        this.number = number;
        this.pruner = pruner;
        this.direction = direction;
    }

    /**
     * Whether the trial should stop after {@code epoch}, given its own values so far (element i is
     * epoch i+1); the curves of the other trials are read from the registry as they are now.
     *
     * @throws IllegalArgumentException when the rule cannot decide (the curve does not reach the epoch)
     */
    boolean shouldStop(int epoch, List<Double> own) {
        refresh();
        List<dev.hone.ml.tuning.Trial> stored = new ArrayList<>(others.size());
        for (Read read : others.values()) {
            stored.add(read.trial());
        }
        return pruner.shouldStop(dev.hone.ml.tuning.Trial.running(number, Map.of(), own), epoch, stored, direction);
    }

    /** Re-reads the curves of the other trials that were written, or changed status, since the last look. */
    private void refresh() {
        List<Integer> changed = new ArrayList<>();
        for (TrialProgress p : curves.progress(studyId)) {
            Read read = others.get(p.number());
            if (p.number() != number && (read == null || read.curveWrites() != p.curveWrites()
                    || !read.status().equals(p.status()))) {
                changed.add(p.number());
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        for (Trial t : curves.trials(studyId, changed)) {
            others.put(t.number, new Read(t.curveWrites, t.status, new dev.hone.ml.tuning.Trial(t.number, Map.of(),
                    state(t.status), t.value, StudyService.intermediate(t))));
        }
    }

    /** The registry's trial status as the rules know it; a trial that ended with its run counts as failed. */
    static TrialState state(String status) {
        return switch (status) {
            case "RUNNING" -> TrialState.RUNNING;
            case "COMPLETED" -> TrialState.COMPLETED;
            case "PRUNED" -> TrialState.PRUNED;
            default -> TrialState.FAILED;
        };
    }
}
