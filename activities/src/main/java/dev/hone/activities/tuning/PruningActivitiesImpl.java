package dev.hone.activities.tuning;

import dev.hone.ml.tuning.Pruner;
import dev.hone.ml.tuning.Trial;
import dev.hone.ml.tuning.TrialState;
import dev.hone.workflows.tuning.PruningActivities;
import dev.hone.workflows.tuning.PruningQuery;
import dev.hone.workflows.tuning.TrialCurve;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** The early-stopping rules of {@code ml}, applied to the curves the study workflow holds. */
@ApplicationScoped
public class PruningActivitiesImpl implements PruningActivities {

    @Override
    public boolean shouldStop(PruningQuery q) {
        Pruner pruner = StudyMapping.pruner(q.pruner(), q.minResource(), q.reductionFactor());
        if (pruner == null) {
            return false;
        }
        TrialCurve own = q.trials().get(q.number());
        if (own == null || own.values().size() < q.epoch()) {
            throw new IllegalArgumentException("Trial " + q.number() + " has no value for epoch " + q.epoch());
        }
        List<Trial> others = q.trials().entrySet().stream()
                .filter(e -> e.getKey() != q.number())
                .map(e -> trial(e.getKey(), e.getValue()))
                .toList();
        return pruner.shouldStop(trial(q.number(), own), q.epoch(), others, q.direction());
    }

    private static Trial trial(int number, TrialCurve curve) {
        return new Trial(number, Map.of(), TrialState.valueOf(curve.status()), null, curve.values());
    }
}
