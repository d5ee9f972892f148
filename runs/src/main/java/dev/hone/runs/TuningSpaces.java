package dev.hone.runs;

import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.tuning.CategoricalParameter;
import dev.hone.ml.tuning.Condition;
import dev.hone.ml.tuning.FloatParameter;
import dev.hone.ml.tuning.GridSampler;
import dev.hone.ml.tuning.IntParameter;
import dev.hone.ml.tuning.ParameterSpec;
import dev.hone.ml.tuning.SearchSpace;
import dev.hone.vocabulary.Direction;
import dev.hone.vocabulary.Names;
import dev.hone.vocabulary.ParameterType;
import dev.hone.vocabulary.Pruner;
import dev.hone.vocabulary.Sampler;
import dev.hone.workflows.pipeline.TrainingSettings;
import dev.hone.workflows.tuning.ParameterDef;
import dev.hone.workflows.tuning.TuningSpec;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a study as the user wrote it into the search space of {@code ml}, checking everything
 * before anything starts, and turns sampled values back into training settings.
 */
public final class TuningSpaces {

    /** The smallest row sample a study may train its trials on: fewer rows say little about the whole. */
    public static final int MIN_SAMPLE_ROWS = 100;

    private TuningSpaces() {
    }

    /**
     * Checks a study; throws IllegalArgumentException naming the field at fault. Upper bounds on
     * sizes (trials, grid points, widths, ...) are configuration, checked by {@link RunBounds}: the
     * budget before this, the values a study may sample after it.
     */
    public static SearchSpace validate(TuningSpec spec, boolean classification) {
        if (spec == null) {
            throw new IllegalArgumentException("tuning: missing");
        }
        require(spec.sampler() != null, "tuning.sampler: use " + Names.spell(Sampler.class));
        require(spec.pruner() != null, "tuning.pruner: use " + Names.spell(Pruner.class));
        List<String> objectives = RunOptions.objectives(classification);
        require(objectives.contains(spec.objective()),
                "tuning.objective: unknown metric '" + spec.objective() + "'; use one of " + objectives);
        direction(spec);
        require(spec.maxTrials() >= 1, "tuning.maxTrials: must be at least 1");
        require(spec.sampleRows() == null || spec.sampleRows() >= MIN_SAMPLE_ROWS,
                "tuning.sampleRows: must be at least " + MIN_SAMPLE_ROWS + ", was " + spec.sampleRows());
        require(spec.parallelism() >= 1, "tuning.parallelism: must be at least 1");
        require(spec.cost() == null || spec.sampler() != Sampler.GP, "tuning.cost: the GP sampler optimizes one "
                + "objective; with a cost use TPE or MULTIVARIATE_TPE (which sample towards the front), RANDOM or GRID");
        Double tolerance = spec.costTolerance();
        require(tolerance == null || spec.cost() != null, "tuning.costTolerance: applies only to a study with a "
                + "cost (tuning.cost)");
        require(tolerance == null || (tolerance >= 0 && tolerance <= RunOptions.MAX_COST_TOLERANCE),
                "tuning.costTolerance must be between 0 and " + (int) RunOptions.MAX_COST_TOLERANCE + " percent, was "
                        + tolerance);
        Integer warm = spec.warmStartTrials();
        require(warm == null || (warm >= 0 && warm < spec.maxTrials()), "tuning.warmStartTrials: must be 0 to "
                + (spec.maxTrials() - 1) + " (fewer than maxTrials: trial 0 trains the base settings), was " + warm);
        require(warm == null || warm == 0 || spec.sampler() != Sampler.GRID, "tuning.warmStartTrials: a GRID study "
                + "enumerates its points; warm-start TPE, MULTIVARIATE_TPE, GP or RANDOM");
        if (spec.pruner() == Pruner.ASHA) {
            require(spec.minResource() >= 1, "tuning.minResource: must be at least 1 epoch");
            require(spec.reductionFactor() >= 2, "tuning.reductionFactor: must be at least 2");
        }
        SearchSpace space = space(spec);
        if (spec.sampler() == Sampler.GRID) {
            require(spec.gridPoints() >= 2, "tuning.gridPoints: must be at least 2");
            // Counted only as far as the budget: a grid of 10^18 points costs no more than one of 11.
            long size = GridSampler.gridSize(space, spec.gridPoints(), spec.maxTrials());
            require(size <= spec.maxTrials(), "tuning.maxTrials: the grid has " + (size > spec.maxTrials()
                    ? "more than " + spec.maxTrials() : size) + " points but the budget allows only "
                    + spec.maxTrials() + " trials");
        }
        return space;
    }

    /** The search space of a study; IllegalArgumentException naming the parameter at fault. */
    public static SearchSpace space(TuningSpec spec) {
        if (spec.parameters() == null || spec.parameters().isEmpty()) {
            throw new IllegalArgumentException("tuning.parameters: the search space is empty");
        }
        List<ParameterSpec> params = new ArrayList<>();
        for (ParameterDef p : spec.parameters()) {
            RunOptions.SearchParameter searched = RunOptions.searchParameter(p.name()).orElse(null);
            require(searched != null, "tuning.parameters: unknown parameter '" + p.name() + "'; use "
                    + RunOptions.searchableNames().stream().sorted().toList());
            ParameterType kind = searched.type();
            ParameterType type = p.type();
            require(type == kind || searched.categoricalAllowed() && type == ParameterType.CATEGORICAL,
                    "tuning.parameters." + p.name() + ".type: must be " + kind);
            if (type == ParameterType.CATEGORICAL && !searched.choices().isEmpty() && p.choices() != null) {
                for (Object choice : p.choices()) {
                    require(RunOptions.contains(searched.choices(), String.valueOf(choice)), "tuning.parameters."
                            + p.name() + ".choices: unknown value '" + choice + "'; use "
                            + searched.choices().stream().map(RunOptions.Choice::name).sorted().toList());
                }
            }
            if (type == ParameterType.CATEGORICAL && kind == ParameterType.INT && p.choices() != null) {
                for (String choice : p.choices()) {
                    requireValue(searched, wholeChoice(p.name(), choice));
                }
            } else if (type != ParameterType.CATEGORICAL) {
                requireValue(searched, bound(p.low(), p, "low"));
                requireValue(searched, bound(p.high(), p, "high"));
            }
            Condition condition = p.conditionParameter() == null ? null
                    : new Condition(p.conditionParameter(), p.conditionValues() == null ? List.of() : p.conditionValues());
            params.add(switch (type) {
                case FLOAT -> new FloatParameter(p.name(), bound(p.low(), p, "low"), bound(p.high(), p, "high"),
                        Boolean.TRUE.equals(p.log()), condition);
                case INT -> new IntParameter(p.name(), whole(p.low(), p, "low"), whole(p.high(), p, "high"),
                        Boolean.TRUE.equals(p.log()), p.step() == null ? 1 : p.step(), condition);
                case CATEGORICAL -> new CategoricalParameter(p.name(), p.choices() == null ? List.of() : p.choices(), condition);
            });
        }
        try {
            return new SearchSpace(params).validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tuning.parameters: " + e.getMessage(), e);
        }
    }

    public static Direction direction(TuningSpec spec) {
        require(spec.direction() != null, "tuning.direction: use " + Names.spell(Direction.class));
        return spec.direction();
    }

    /**
     * What each searchable parameter is in these settings (the trainer's default where they leave it
     * out): the point a study starts from, so that its trial 0 trains what a run without a study would.
     * {@code layers} and {@code width1..4} come from the hidden layers ({@link #apply}'s 64 past them).
     */
    public static Map<String, Object> startingPoint(TrainingSettings base) {
        MlpConfig config = TrainingConfigs.config(base, RunOptions.DEFAULT_SEED);
        Map<String, Object> point = new HashMap<>();
        List<Integer> hidden = config.hiddenLayers() == null ? List.of() : config.hiddenLayers();
        point.put("layers", hidden.size());
        for (int i = 1; i <= 4; i++) {
            point.put("width" + i, hidden.size() >= i ? hidden.get(i - 1) : 64);
        }
        for (RecordComponent c : TrainingConfigs.SETTINGS) {
            if (c.getType() != List.class) {
                Object value = TrainingConfigs.read(TrainingConfigs.component(MlpConfig.class, c.getName()), config);
                point.put(c.getName(), value instanceof Enum<?> e ? e.name() : value);
            }
        }
        return point;
    }

    /**
     * Networks the model trained after a study averages when the run leaves {@code ensembleSize} out. A
     * study already costs tens of trainings, so a few more for the final model are cheap, and averaging
     * networks of the chosen settings takes away the luck of a single one (measured in docs/benchmarks.md:
     * five networks lowered the default run's RMSE on all five regression sets and raised its mean accuracy
     * by 0.9 points).
     */
    public static final int STUDY_ENSEMBLE_SIZE = 5;

    /**
     * The settings the final model trains with: the best trial's, averaging {@link #STUDY_ENSEMBLE_SIZE}
     * networks unless the run chose a number itself.
     */
    public static TrainingSettings finalSettings(TrainingSettings best) {
        return best.ensembleSize() != null ? best : TrainingConfigs.copy(best, Map.of("ensembleSize",
                STUDY_ENSEMBLE_SIZE));
    }

    /** The base settings with the sampled values applied. */
    public static TrainingSettings apply(TrainingSettings base, Map<String, Object> values) {
        List<Integer> hidden = base.hiddenLayers();
        if (values.containsKey("layers")) {
            int layers = toInt(values.get("layers"));
            List<Integer> widths = new ArrayList<>();
            for (int i = 1; i <= layers; i++) {
                Object w = values.get("width" + i);
                int fallback = hidden != null && hidden.size() >= i ? hidden.get(i - 1) : 64;
                widths.add(w == null ? fallback : toInt(w));
            }
            hidden = widths;
        } else if (values.keySet().stream().anyMatch(k -> k.startsWith("width"))) {
            List<Integer> widths = new ArrayList<>(hidden == null ? List.of(64, 64) : hidden);
            for (int i = 1; i <= widths.size(); i++) {
                Object w = values.get("width" + i);
                if (w != null) {
                    widths.set(i - 1, toInt(w));
                }
            }
            hidden = widths;
        }
        Map<String, Object> given = new HashMap<>();
        given.put("hiddenLayers", hidden);
        for (RecordComponent c : TrainingConfigs.SETTINGS) {
            Object value = values.get(c.getName());
            if (value != null && c.getType() != List.class) {
                given.put(c.getName(), as(c.getType(), value));
            }
        }
        return TrainingConfigs.copy(base, given);
    }

    /** A sampled value as the setting's type: JSON and categorical choices give numbers loosely, names as text. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object as(Class<?> type, Object value) {
        if (type == Integer.class) {
            return toInt(value);
        }
        if (type == Double.class) {
            return value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString().strip());
        }
        if (type.isEnum()) {
            return Names.parse((Class) type, value.toString());
        }
        return value;
    }

    private static int toInt(Object v) {
        return v instanceof Number n ? n.intValue() : Integer.parseInt(v.toString().strip());
    }

    private static double bound(Double value, ParameterDef p, String field) {
        require(value != null, "tuning.parameters." + p.name() + "." + field + ": required");
        return value;
    }

    /** An INT bound: a whole number in the 32-bit range, never rounded or wrapped into one. */
    private static int whole(Double value, ParameterDef p, String field) {
        double v = bound(value, p, field);
        require(v == Math.rint(v) && v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE,
                "tuning.parameters." + p.name() + "." + field + ": must be a whole number between "
                        + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE + ", got " + v);
        return (int) v;
    }

    private static int wholeChoice(String name, String choice) {
        try {
            return Integer.parseInt(choice == null ? "" : choice.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tuning.parameters." + name + ".choices: '" + choice
                    + "' is not a whole number");
        }
    }

    /**
     * What a searched value must be for training to accept it: within the range the setting
     * publishes (the trainer's own rule); configured limits are {@link RunBounds}' to check.
     */
    private static void requireValue(RunOptions.SearchParameter p, double v) {
        String where = "tuning.parameters." + p.name() + ": ";
        require(Double.isFinite(v), where + "must be a finite number, got " + v);
        if (p.min() != null) {
            require(p.minExclusive() ? v > p.min() : v >= p.min(), where + "must be "
                    + (p.minExclusive() ? "above " : "at least ") + number(p.min()) + ", got " + v);
        }
        if (p.max() != null && p.maxKey() == null) {
            require(p.maxExclusive() ? v < p.max() : v <= p.max(), where + "must be "
                    + (p.maxExclusive() ? "below " : "at most ") + number(p.max()) + ", got " + v);
        }
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
