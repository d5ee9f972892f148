package dev.hone.api.runs;

import dev.hone.api.error.InvalidInputError;
import dev.hone.api.runtime.Limits;
import dev.hone.workflows.pipeline.TrainingSettings;
import dev.hone.workflows.tuning.ParameterDef;
import dev.hone.workflows.tuning.TuningSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Holds a run request to the configured {@link Limits}: the training settings as given, the study's
 * budget, and every value a study can sample (a range's ends, each choice), so that no trial can
 * ever be asked to train a model above the limits. Only numbers are compared: nothing is built.
 */
@ApplicationScoped
public class RunLimits {

    private final Limits limits;

    public RunLimits(Limits limits) {
        this.limits = limits;
    }

    /** Checks training settings as given (null fields take defaults, which are within every limit). */
    public void check(TrainingSettings s) {
        if (s == null) {
            return;
        }
        if (s.hiddenLayers() != null) {
            atMost("training.hiddenLayers (number of layers)", s.hiddenLayers().size(), limits.hiddenLayers(),
                    "hidden-layers");
            for (int i = 0; i < s.hiddenLayers().size(); i++) {
                atMost("training.hiddenLayers[" + i + "]", s.hiddenLayers().get(i), limits.layerWidth(), "layer-width");
            }
        }
        atMost("training.batchSize", s.batchSize(), limits.batchSize(), "batch-size");
        atMost("training.maxEpochs", s.maxEpochs(), limits.epochs(), "epochs");
        atMost("training.patience", s.patience(), limits.epochs(), "epochs");
    }

    /**
     * Checks a study's budget. Comes before anything looks at the search space, since the work of
     * sizing a grid grows with {@code gridPoints}.
     */
    public void checkBudget(TuningSpec t) {
        atMost("tuning.maxTrials", t.maxTrials(), limits.trials(), "trials");
        atMost("tuning.parallelism", t.parallelism(), limits.parallelism(), "parallelism");
        atMost("tuning.gridPoints", t.gridPoints(), limits.gridPoints(), "grid-points");
        atMost("tuning.minResource", t.minResource(), limits.epochs(), "epochs");
    }

    /**
     * Checks every value a study may sample, for a search space that has passed its own checks
     * (so bounds of integer parameters are whole numbers and choices of integer parameters parse).
     */
    public void checkSpace(TuningSpec t) {
        for (ParameterDef p : t.parameters()) {
            String key = switch (p.name()) {
                case "layers" -> "hidden-layers";
                case "width1", "width2", "width3", "width4" -> "layer-width";
                case "batchSize" -> "batch-size";
                case "maxEpochs", "patience" -> "epochs";
                default -> null;
            };
            if (key == null) {
                continue;
            }
            int limit = switch (key) {
                case "hidden-layers" -> limits.hiddenLayers();
                case "layer-width" -> limits.layerWidth();
                case "batch-size" -> limits.batchSize();
                default -> limits.epochs();
            };
            for (double value : extremes(p)) {
                atMost("tuning.parameters." + p.name(), (long) value, limit, key);
            }
        }
    }

    /** The values that bound all a parameter can take: its range's ends, or each choice. */
    private static List<Double> extremes(ParameterDef p) {
        List<Double> out = new ArrayList<>();
        if ("CATEGORICAL".equals(p.type() == null ? "" : p.type().toUpperCase(Locale.ROOT))) {
            for (String choice : p.choices() == null ? List.<String>of() : p.choices()) {
                out.add(Double.parseDouble(choice.strip()));
            }
        } else {
            out.add(p.low());
            out.add(p.high());
        }
        return out;
    }

    private void atMost(String field, Number value, int limit, String key) {
        if (value != null && value.longValue() > limit) {
            throw InvalidInputError.overLimit(field, value.longValue(), limit, Limits.PREFIX + key);
        }
    }
}
