package dev.hone.activities.tuning;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.hone.ml.tuning.AshaPruner;
import dev.hone.ml.tuning.GpSampler;
import dev.hone.ml.tuning.GridSampler;
import dev.hone.ml.tuning.MedianPruner;
import dev.hone.ml.tuning.Pruner;
import dev.hone.ml.tuning.RandomSampler;
import dev.hone.ml.tuning.Sampler;
import dev.hone.ml.tuning.StartingPoint;
import dev.hone.ml.tuning.TpeSampler;
import dev.hone.ml.tuning.TrialState;
import dev.hone.ml.tuning.WarmStart;
import dev.hone.registry.common.Json;
import dev.hone.registry.tuning.Study;
import dev.hone.registry.tuning.StudyService;
import dev.hone.registry.tuning.Trial;
import dev.hone.runs.TuningSpaces;
import dev.hone.workflows.pipeline.TrainingSettings;
import dev.hone.workflows.tuning.TuningSpec;
import java.util.List;
import java.util.Map;

/** Between the registry's study records and the algorithms of {@code ml}. */
public final class StudyMapping {

    private StudyMapping() {
    }

    static TuningSpec spec(Study study) {
        return Json.read(study.specJson, TuningSpec.class);
    }

    /**
     * The study's sampler. Except on a grid (which enumerates its points within the budget), trial 0
     * trains the base settings, moved into the space where they fall outside it: a study then never
     * ends worse on its objective than the run it tunes would have been without one.
     */
    static Sampler sampler(TuningSpec spec, TrainingSettings base, List<Map<String, Object>> warm) {
        return switch (spec.sampler()) {
            case GRID -> new GridSampler(spec.gridPoints());
            case RANDOM -> startingAt(base, warm, new RandomSampler());
            case MULTIVARIATE_TPE -> startingAt(base, warm, TpeSampler.multivariate());
            case TPE -> startingAt(base, warm, TpeSampler.defaults());
            case GP -> startingAt(base, warm, GpSampler.defaults());
        };
    }

    /** Trial 0 the base settings, trials 1 to {@code warm.size()} the warm start's points, then {@code then}'s. */
    private static Sampler startingAt(TrainingSettings base, List<Map<String, Object>> warm, Sampler then) {
        return new StartingPoint(warm.isEmpty() ? then : new WarmStart(then, warm, 1),
                TuningSpaces.startingPoint(base));
    }

    /** The configurations a warm-started study tries first (none for a cold start). */
    static List<Map<String, Object>> warmStart(Study study) {
        if (study.warmStartJson == null) {
            return List.of();
        }
        return Json.read(study.warmStartJson, new TypeReference<List<Map<String, Object>>>() { }).stream()
                .map(StudyMapping::normalise).toList();
    }

    /** The study's early-stopping rule, or null for none. */
    static Pruner pruner(TuningSpec spec) {
        return pruner(spec.pruner(), spec.minResource(), spec.reductionFactor());
    }

    /** The early-stopping rule of that name, or null for NONE. */
    static Pruner pruner(dev.hone.vocabulary.Pruner name, int minResource, int reductionFactor) {
        return switch (name) {
            case MEDIAN -> new MedianPruner(Math.max(1, minResource), 3);
            case ASHA -> new AshaPruner(minResource, reductionFactor);
            case NONE -> null;
        };
    }

    /** A trial as ml's samplers see it; its status must be one of {@link TrialState}'s. */
    public static dev.hone.ml.tuning.Trial toMl(Trial t) {
        Map<String, Object> params = Json.read(t.paramsJson, new TypeReference<Map<String, Object>>() { });
        return new dev.hone.ml.tuning.Trial(t.number, normalise(params), TrialState.valueOf(t.status), t.value,
                StudyService.intermediate(t), t.cost);
    }

    static List<dev.hone.ml.tuning.Trial> toMl(List<Trial> trials) {
        return trials.stream().map(StudyMapping::toMl).toList();
    }

    /** JSON gives back ints and doubles loosely; the samplers expect Integer, Double or String. */
    private static Map<String, Object> normalise(Map<String, Object> params) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, v instanceof Number n && !(v instanceof Integer) && !(v instanceof Double)
                ? (Object) n.doubleValue() : v));
        return out;
    }
}
