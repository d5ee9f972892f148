package dev.hone.runs;

import dev.hone.runs.RunBounds.Bound;
import dev.hone.vocabulary.CompressionObjective;
import dev.hone.vocabulary.CompressionTechnique;
import dev.hone.vocabulary.Device;
import dev.hone.vocabulary.Direction;
import dev.hone.vocabulary.Names;
import dev.hone.vocabulary.ParameterType;
import dev.hone.vocabulary.Pruner;
import dev.hone.vocabulary.Sampler;
import dev.hone.vocabulary.StudyCost;
import dev.hone.vocabulary.Task;
import dev.hone.workflows.pipeline.CompressionSettings;
import dev.hone.workflows.pipeline.Range;
import dev.hone.workflows.pipeline.TrainingSettings;
import dev.hone.workflows.tuning.ParameterDef;
import dev.hone.workflows.tuning.TuningSpec;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.graphql.Description;

/**
 * What a run request may say, defined once: every setting with its kind, default, bounds and
 * description, and every enumerated name with its choices. The rules ({@link RunRules},
 * {@link TuningSpaces}, {@link TrainingConfigs}) take their vocabularies from here, the API publishes
 * it, and the console builds its form from what the API publishes, so that no client keeps a copy.
 * Upper bounds come from the configured {@link RunBounds}.
 */
public final class RunOptions {

    /** The kind of value a setting takes. */
    public enum Kind {
        /** A decimal number. */
        FLOAT,
        /** A whole number. */
        INT,
        /** A list of whole numbers (hidden layer widths). */
        INT_LIST,
        /** One of the setting's choices. */
        CHOICE
    }

    /** One value of an enumerated setting. */
    public record Choice(String name, String description) {
    }

    /**
     * One setting of a run request.
     *
     * @param name the field of the request, e.g. {@code patience}
     * @param kind the kind of value
     * @param description what it does, for people
     * @param defaultNumber the default of a FLOAT or INT setting
     * @param defaultList the default of an INT_LIST setting
     * @param defaultChoice the default of a CHOICE setting; null when the server decides (e.g. the task)
     * @param min the smallest value (of each entry, for a list); null when unbounded
     * @param minExclusive true when {@code min} itself is refused
     * @param max the largest value (of each entry, for a list); null when unbounded
     * @param maxExclusive true when {@code max} itself is refused
     * @param maxKey the configuration key that raises {@code max}, when an administrator can
     * @param maxItems the most entries of a list; null when not a list
     * @param maxItemsKey the configuration key that raises {@code maxItems}
     * @param choices the choices of a CHOICE setting, empty otherwise
     */
    public record Setting(String name, Kind kind, String description, Double defaultNumber, List<Integer> defaultList,
            String defaultChoice, Double min, boolean minExclusive, Double max, boolean maxExclusive, String maxKey,
            Integer maxItems, String maxItemsKey, List<Choice> choices) {

        static Setting number(Kind kind, String name, double defaultValue, Double min, boolean minExclusive,
                Double max, boolean maxExclusive, String maxKey, String description) {
            return new Setting(name, kind, description, defaultValue, null, null, min, minExclusive, max,
                    maxExclusive, maxKey, null, null, List.of());
        }

        static Setting bounded(String name, double defaultValue, long min, Bound max, String description) {
            return number(Kind.INT, name, defaultValue, (double) min, false, (double) max.max(), false, max.key(),
                    description);
        }

        static Setting choice(String name, String defaultChoice, List<Choice> choices, String description) {
            return new Setting(name, Kind.CHOICE, description, null, null, defaultChoice, null, false, null, false,
                    null, null, null, choices);
        }

        /** The names of the choices. */
        public List<String> choiceNames() {
            return choices.stream().map(Choice::name).toList();
        }
    }

    /**
     * A parameter a study may search.
     *
     * @param name the parameter's name in {@code tuning.parameters}
     * @param type the type it is searched as
     * @param categoricalAllowed true when an INT parameter may also be given as CATEGORICAL whole numbers
     * @param choices the values a CATEGORICAL parameter may take (empty: any value of its kind)
     * @param min the smallest value a trial may be given (null when unbounded)
     * @param minExclusive true when {@code min} itself is refused
     * @param max the largest value a trial may be given (null when unbounded)
     * @param maxExclusive true when {@code max} itself is refused
     * @param maxKey the configuration key that raises {@code max}
     * @param description what it sets
     */
    public record SearchParameter(String name, ParameterType type, boolean categoricalAllowed, List<Choice> choices,
            Double min, boolean minExclusive, Double max, boolean maxExclusive, String maxKey, String description) {
    }

    /**
     * A metric a study may optimise.
     *
     * @param name the metric, e.g. {@code validation_loss}
     * @param task the task it applies to, or null for both
     * @param direction the direction a study takes when it names none
     * @param description what it measures
     */
    public record Objective(String name, Task task, Direction direction, String description) {
    }

    public static final List<Choice> TASKS = choices(Task.class);
    public static final List<Choice> DEVICES = choices(Device.class);
    public static final List<Choice> SAMPLERS = choices(Sampler.class);
    public static final List<Choice> PRUNERS = choices(Pruner.class);
    public static final List<Choice> DIRECTIONS = choices(Direction.class);
    public static final List<Choice> PARAMETER_TYPES = choices(ParameterType.class);
    public static final List<Objective> OBJECTIVES = List.of(
            new Objective("validation_loss", null, Direction.MINIMIZE, "Loss on the validation split"),
            new Objective("validation_accuracy", Task.CLASSIFICATION, Direction.MAXIMIZE, "Accuracy on the "
                    + "validation split"),
            new Objective("validation_rmse", Task.REGRESSION, Direction.MINIMIZE, "Root mean squared error on the "
                    + "validation split"));

    /** The device of a run that names none: the workflow picks the compute queue. */
    public static final Device DEFAULT_DEVICE = Device.AUTO;
    /** The seed a setting's default is computed with where the seed does not matter (not a run's seed). */
    public static final long DEFAULT_SEED = 42L;
    /** Chosen by the sampler benchmark (docs/benchmarks.md): never worse than TPE, clearly better on smooth surfaces. */
    public static final Sampler DEFAULT_SAMPLER = Sampler.GP;
    public static final Pruner DEFAULT_PRUNER = Pruner.NONE;
    public static final String DEFAULT_OBJECTIVE = "validation_loss";
    public static final int DEFAULT_MAX_TRIALS = 10;
    public static final int DEFAULT_PARALLELISM = 1;
    public static final int DEFAULT_GRID_POINTS = 3;
    /**
     * ASHA's first rung and reduction factor, chosen by the early-stopping benchmark (docs/benchmarks.md): a
     * first rung at 1 or 3 epochs stopped the trial that would have been best in 2 of 3 studies; at 9 it
     * kept every study's best and still ended studies 2.9 times sooner.
     */
    public static final int DEFAULT_MIN_RESOURCE = 9;
    public static final int DEFAULT_REDUCTION_FACTOR = 3;
    /**
     * A study with a cost trains the cheapest trial within this many percent of the best objective: about the
     * noise of a validation metric between trials, and the compression stage's default budget of 1 point.
     */
    public static final double DEFAULT_COST_TOLERANCE = 1.0;
    /** The most percent a study's cost tolerance may give away. */
    public static final double MAX_COST_TOLERANCE = 100;

    private RunOptions() {
    }

    /** The run's own settings (beside its data set, target and model name). */
    public static List<Setting> run() {
        return List.of(
                Setting.choice("task", null, TASKS, "What the model predicts; inferred from the target when left out "
                        + "(a numeric target with more than 20 distinct values, or fractional values, is regression)"),
                Setting.choice("device", DEFAULT_DEVICE.name(), DEVICES, "Where training runs"),
                new Setting("seed", Kind.INT, "Seed for splitting, initialisation, shuffling and a study's proposals; "
                        + "when left out, each run draws its own and records it (give it again to repeat the run)",
                        null, null, null, null, false, null, false, null, null, null, List.of()));
    }

    /**
     * The compression stage's settings ({@code compression.*}). {@code techniques} is a list of its choices (any
     * of them; all by default), the others one value each.
     */
    public static List<Setting> compression() {
        return List.of(
                Setting.choice("techniques", null, choices(CompressionTechnique.class), "Techniques the stage may use, "
                        + "any of these; all when left out"),
                Setting.choice("objective", CompressionSettings.DEFAULT_OBJECTIVE.name(),
                        choices(CompressionObjective.class), "What to minimize inside the budget"),
                Setting.number(Kind.FLOAT, "accuracyBudget", CompressionSettings.DEFAULT_ACCURACY_BUDGET, 0.0, false,
                        RunRules.MAX_ACCURACY_BUDGET, false, null, "Classification: accuracy points a candidate may "
                                + "lose against the uncompressed model on the validation rows"),
                Setting.number(Kind.FLOAT, "rmseBudget", CompressionSettings.DEFAULT_RMSE_BUDGET, 0.0, false,
                        RunRules.MAX_RMSE_BUDGET, false, null, "Regression: percent by which a candidate's validation "
                                + "RMSE may exceed the uncompressed model's"));
    }

    /**
     * The training settings ({@code training.*}) as {@link TrainingSettings} defines them, with the
     * trainer's defaults and the configured bounds.
     */
    public static List<Setting> training(RunBounds bounds) {
        List<Setting> out = new ArrayList<>();
        for (RecordComponent c : TrainingConfigs.SETTINGS) {
            String name = c.getName();
            Description described = c.getAccessor().getAnnotation(Description.class);
            if (described == null) {
                throw new IllegalStateException("The training setting '" + name + "' has no @Description");
            }
            String description = described.value();
            Object defaultValue = TrainingConfigs.defaultOf(name);
            Range range = c.getAnnotation(Range.class);
            if (c.getType().isEnum()) {
                @SuppressWarnings("unchecked")
                Class<? extends Enum<?>> type = (Class<? extends Enum<?>>) c.getType();
                out.add(Setting.choice(name, ((Enum<?>) defaultValue).name(), choices(type), description));
                continue;
            }
            if (range == null) {
                throw new IllegalStateException("The training setting '" + name + "' has no @Range");
            }
            Bound limit = range.limit().isEmpty() ? null : bounds.limit(range.limit());
            Double min = Double.isNaN(range.min()) ? null : range.min();
            Double max = limit != null ? (Double) (double) limit.max() : Double.isNaN(range.max()) ? null : range.max();
            String maxKey = limit == null ? null : limit.key();
            if (c.getType() == List.class) {
                Bound items = bounds.limit(range.itemsLimit());
                @SuppressWarnings("unchecked")
                List<Integer> defaultList = (List<Integer>) defaultValue;
                out.add(new Setting(name, Kind.INT_LIST, description, null, defaultList, null, min,
                        range.minExclusive(), max, range.maxExclusive(), maxKey, (int) items.max(), items.key(),
                        List.of()));
            } else {
                out.add(Setting.number(c.getType() == Integer.class ? Kind.INT : Kind.FLOAT, name,
                        ((Number) defaultValue).doubleValue(), min, range.minExclusive(), max, range.maxExclusive(),
                        maxKey, description));
            }
        }
        return out;
    }

    /** The settings of a study ({@code tuning.*}, beside its objective, direction and parameters). */
    public static List<Setting> study(RunBounds bounds) {
        return List.of(
                Setting.choice("sampler", DEFAULT_SAMPLER.name(), SAMPLERS, "How trials' settings are proposed"),
                Setting.choice("pruner", DEFAULT_PRUNER.name(), PRUNERS, "Early stopping of weak trials"),
                Setting.bounded("maxTrials", DEFAULT_MAX_TRIALS, 1, bounds.trials(), "Trial budget"),
                Setting.bounded("parallelism", DEFAULT_PARALLELISM, 1, bounds.parallelism(), "Trials running at "
                        + "once; more need more worker processes"),
                Setting.bounded("gridPoints", DEFAULT_GRID_POINTS, 2, bounds.gridPoints(), "GRID: values per "
                        + "numeric parameter"),
                Setting.bounded("minResource", DEFAULT_MIN_RESOURCE, 1, bounds.epochs(), "ASHA: epochs before the "
                        + "first decision; MEDIAN: warm-up epochs"),
                Setting.number(Kind.INT, "reductionFactor", DEFAULT_REDUCTION_FACTOR, 2.0, false, null, false, null,
                        "ASHA: the factor between rungs; the best 1/reductionFactor go on"),
                Setting.choice("cost", null, choices(StudyCost.class), "A second objective, minimized beside the "
                        + "metric: the study keeps the Pareto front of the two; none when left out (not with GP)"),
                Setting.number(Kind.FLOAT, "costTolerance", DEFAULT_COST_TOLERANCE, 0.0, false, MAX_COST_TOLERANCE,
                        false, null, "With a cost: the run trains the cheapest trial whose objective is within this "
                                + "many percent of the best one's; 0 trains the best"));
    }

    /** The training setting a study may not search: its trials train one network each, whatever it says. */
    static final String NOT_SEARCHED = "ensembleSize";

    /** The parameters a study may search, with what a trial may be given. */
    public static List<SearchParameter> searchParameters(RunBounds bounds) {
        List<SearchParameter> out = new ArrayList<>();
        for (Setting s : training(bounds)) {
            if (s.kind() == Kind.INT_LIST) {
                out.add(new SearchParameter("layers", ParameterType.INT, true, List.of(), 0.0, false,
                        s.maxItems().doubleValue(), false, s.maxItemsKey(), "Number of hidden layers; widths come "
                        + "from width1..width4, else from the training settings, else 64"));
                for (int i = 1; i <= 4; i++) {
                    out.add(new SearchParameter("width" + i, ParameterType.INT, true, List.of(), s.min(), false, s.max(), false,
                            s.maxKey(), "Units in hidden layer " + i));
                }
            } else if (!s.name().equals(NOT_SEARCHED)) {
                ParameterType type = s.kind() == Kind.CHOICE ? ParameterType.CATEGORICAL
                        : s.kind() == Kind.INT ? ParameterType.INT : ParameterType.FLOAT;
                out.add(new SearchParameter(s.name(), type, s.kind() == Kind.INT, s.choices(), s.min(),
                        s.minExclusive(), s.max(), s.maxExclusive(), s.maxKey(), s.description()));
            }
        }
        return out;
    }

    /** The search parameter of that name, if a study may search it. */
    static Optional<SearchParameter> searchParameter(String name) {
        return Optional.ofNullable(SEARCHABLE.get(name));
    }

    /** Bounds do not change what a parameter is, only how far it goes: any bounds list the same names. */
    private static final Map<String, SearchParameter> SEARCHABLE = searchable();

    private static Map<String, SearchParameter> searchable() {
        Bound any = new Bound(Integer.MAX_VALUE, "-");
        Map<String, SearchParameter> out = new LinkedHashMap<>();
        for (SearchParameter p : searchParameters(new RunBounds(any, any, any, any, any, any, any))) {
            out.put(p.name(), p);
        }
        return Collections.unmodifiableMap(out);
    }

    /** The names a study may search, in order. */
    static List<String> searchableNames() {
        return List.copyOf(SEARCHABLE.keySet());
    }

    /** True when one of the choices has that name (exactly, as the names are written). */
    public static boolean contains(List<Choice> choices, String name) {
        return choices.stream().anyMatch(c -> c.name().equals(name));
    }

    /** The constants of an enumerated name as choices, with their descriptions. */
    static List<Choice> choices(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(c -> new Choice(c.name(), Names.describe(c))).toList();
    }

    /** The objectives a study of that task may optimise. */
    public static List<String> objectives(boolean classification) {
        Task task = classification ? Task.CLASSIFICATION : Task.REGRESSION;
        return OBJECTIVES.stream().filter(o -> o.task() == null || o.task() == task).map(Objective::name)
                .toList();
    }

    /**
     * A study as a request gave it, with the defaults filled in for what it left out: the direction
     * follows the objective.
     */
    public static TuningSpec study(Sampler sampler, Pruner pruner, String objective, Direction direction,
            Integer maxTrials, Integer parallelism, Integer gridPoints, Integer minResource, Integer reductionFactor,
            List<ParameterDef> parameters) {
        return study(sampler, pruner, objective, direction, maxTrials, parallelism, gridPoints, minResource,
                reductionFactor, parameters, null);
    }

    /** As above, with trials trained on a sample of at most {@code sampleRows} training rows (null: all). */
    public static TuningSpec study(Sampler sampler, Pruner pruner, String objective, Direction direction,
            Integer maxTrials, Integer parallelism, Integer gridPoints, Integer minResource, Integer reductionFactor,
            List<ParameterDef> parameters, Integer sampleRows) {
        return study(sampler, pruner, objective, direction, maxTrials, parallelism, gridPoints, minResource,
                reductionFactor, parameters, sampleRows, null);
    }

    /** As above, with a second objective minimized beside the metric ({@code cost}; null: none). */
    public static TuningSpec study(Sampler sampler, Pruner pruner, String objective, Direction direction,
            Integer maxTrials, Integer parallelism, Integer gridPoints, Integer minResource, Integer reductionFactor,
            List<ParameterDef> parameters, Integer sampleRows, StudyCost cost) {
        return study(sampler, pruner, objective, direction, maxTrials, parallelism, gridPoints, minResource,
                reductionFactor, parameters, sampleRows, cost, null);
    }

    /**
     * As above, with how far from the best objective the trained trial may be for being cheaper ({@code
     * costTolerance}, percent; {@link #DEFAULT_COST_TOLERANCE} with a cost when left out).
     */
    public static TuningSpec study(Sampler sampler, Pruner pruner, String objective, Direction direction,
            Integer maxTrials, Integer parallelism, Integer gridPoints, Integer minResource, Integer reductionFactor,
            List<ParameterDef> parameters, Integer sampleRows, StudyCost cost, Double costTolerance) {
        return study(sampler, pruner, objective, direction, maxTrials, parallelism, gridPoints, minResource,
                reductionFactor, parameters, sampleRows, cost, costTolerance, null);
    }

    /** As above, warm-started from the best {@code warmStartTrials} trials of the model's previous study. */
    public static TuningSpec study(Sampler sampler, Pruner pruner, String objective, Direction direction,
            Integer maxTrials, Integer parallelism, Integer gridPoints, Integer minResource, Integer reductionFactor,
            List<ParameterDef> parameters, Integer sampleRows, StudyCost cost, Double costTolerance,
            Integer warmStartTrials) {
        String metric = objective == null ? DEFAULT_OBJECTIVE : objective;
        Direction towards = direction != null ? direction : OBJECTIVES.stream()
                .filter(o -> o.name().equals(metric)).map(Objective::direction).findFirst().orElse(Direction.MINIMIZE);
        return new TuningSpec(sampler == null ? DEFAULT_SAMPLER : sampler, pruner == null ? DEFAULT_PRUNER : pruner,
                metric, towards, maxTrials == null ? DEFAULT_MAX_TRIALS : maxTrials,
                parallelism == null ? DEFAULT_PARALLELISM : parallelism,
                gridPoints == null ? DEFAULT_GRID_POINTS : gridPoints,
                minResource == null ? DEFAULT_MIN_RESOURCE : minResource,
                reductionFactor == null ? DEFAULT_REDUCTION_FACTOR : reductionFactor,
                parameters == null ? List.of() : parameters, sampleRows, cost,
                costTolerance == null && cost != null ? (Double) DEFAULT_COST_TOLERANCE : costTolerance,
                warmStartTrials);
    }
}
