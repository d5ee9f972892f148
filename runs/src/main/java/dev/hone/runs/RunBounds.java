package dev.hone.runs;

import dev.hone.registry.common.InvalidInputException;
import dev.hone.vocabulary.ParameterType;
import dev.hone.workflows.pipeline.TrainingSettings;
import dev.hone.workflows.tuning.ParameterDef;
import dev.hone.workflows.tuning.TuningSpec;
import dev.hone.runs.RunOptions.SearchParameter;
import dev.hone.workflows.pipeline.Range;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Upper bounds on the sizes a run request chooses: the training settings as given, a study's
 * budget, and every value a study can sample (a range's ends, each choice), so that no trial can
 * ever be asked to train a model above them. Only numbers are compared: nothing is built. The
 * application defines, documents and configures each bound ({@code hone.limits.*}) and hands
 * them over with the key that raises them, which every refusal names.
 *
 * @param hiddenLayers hidden layers of a model: {@code training.hiddenLayers} entries, a study's {@code layers}
 * @param layerWidth units in one hidden layer, and a study's {@code width1..width4}
 * @param epochs {@code maxEpochs}, {@code patience} and ASHA's {@code minResource}
 * @param batchSize rows in one mini-batch
 * @param trials trials in one study ({@code tuning.maxTrials})
 * @param parallelism trials of one study running at once
 * @param gridPoints grid values per numeric parameter of a GRID study
 */
public record RunBounds(Bound hiddenLayers, Bound layerWidth, Bound epochs, Bound batchSize, Bound trials,
        Bound parallelism, Bound gridPoints) {

    /**
     * One bound.
     *
     * @param max the largest value allowed
     * @param key the configuration key that raises it, e.g. {@code hone.limits.epochs}
     */
    public record Bound(long max, String key) {
        public Bound {
            Objects.requireNonNull(key, "key");
        }
    }

    public RunBounds {
        for (Bound b : new Bound[] {hiddenLayers, layerWidth, epochs, batchSize, trials, parallelism, gridPoints}) {
            Objects.requireNonNull(b, "every bound is required");
        }
    }

    /**
     * The bound a setting's {@link Range#limit()} names: {@code hidden-layers}, {@code layer-width},
     * {@code epochs}, {@code batch-size}, {@code trials}, {@code parallelism} or {@code grid-points}.
     */
    public Bound limit(String name) {
        return switch (name) {
            case "hidden-layers" -> hiddenLayers;
            case "layer-width" -> layerWidth;
            case "epochs" -> epochs;
            case "batch-size" -> batchSize;
            case "trials" -> trials;
            case "parallelism" -> parallelism;
            case "grid-points" -> gridPoints;
            default -> throw new IllegalArgumentException("No limit named '" + name + "'");
        };
    }

    /**
     * Checks training settings as given against the limits their {@link Range} names (null fields
     * take defaults, which are within every bound).
     */
    public void check(TrainingSettings s) {
        if (s == null) {
            return;
        }
        for (RecordComponent c : TrainingConfigs.SETTINGS) {
            Range range = c.getAnnotation(Range.class);
            Object value = TrainingConfigs.read(c, s);
            if (range == null || value == null) {
                continue;
            }
            String field = "training." + c.getName();
            if (value instanceof List<?> list) {
                if (!range.itemsLimit().isEmpty()) {
                    atMost(field + " (number of entries)", list.size(), limit(range.itemsLimit()));
                }
                for (int i = 0; i < list.size() && !range.limit().isEmpty(); i++) {
                    atMost(field + "[" + i + "]", (Number) list.get(i), limit(range.limit()));
                }
            } else if (!range.limit().isEmpty()) {
                atMost(field, (Number) value, limit(range.limit()));
            }
        }
    }

    /**
     * Checks a study's budget. Comes before anything looks at the search space, since the work of
     * sizing a grid grows with {@code gridPoints}.
     */
    public void checkBudget(TuningSpec t) {
        atMost("tuning.maxTrials", t.maxTrials(), trials);
        atMost("tuning.parallelism", t.parallelism(), parallelism);
        atMost("tuning.gridPoints", t.gridPoints(), gridPoints);
        atMost("tuning.minResource", t.minResource(), epochs);
    }

    /**
     * Checks every value a study may sample, for a search space that has passed
     * {@link TuningSpaces#validate} (so bounds of integer parameters are whole numbers and choices
     * of integer parameters parse).
     */
    public void checkSpace(TuningSpec t) {
        Map<String, SearchParameter> searchable = new HashMap<>();
        RunOptions.searchParameters(this).forEach(p -> searchable.put(p.name(), p));
        for (ParameterDef p : t.parameters()) {
            SearchParameter searched = searchable.get(p.name());
            if (searched == null || searched.maxKey() == null) {
                continue;
            }
            Bound bound = new Bound(searched.max().longValue(), searched.maxKey());
            for (double value : extremes(p)) {
                atMost("tuning.parameters." + p.name(), (long) value, bound);
            }
        }
    }

    /** The values that bound all a parameter can take: its range's ends, or each choice. */
    private static List<Double> extremes(ParameterDef p) {
        List<Double> out = new ArrayList<>();
        if (p.type() == ParameterType.CATEGORICAL) {
            for (String choice : p.choices() == null ? List.<String>of() : p.choices()) {
                out.add(Double.parseDouble(choice.strip()));
            }
        } else {
            out.add(p.low());
            out.add(p.high());
        }
        return out;
    }

    /** Names the field, the value, the bound and the key that raises it. */
    private static void atMost(String field, Number value, Bound bound) {
        if (value != null && value.longValue() > bound.max()) {
            throw new InvalidInputException("'" + field + "' is " + value.longValue() + ", above the limit of "
                    + bound.max() + "; an administrator can raise it with " + bound.key());
        }
    }
}
