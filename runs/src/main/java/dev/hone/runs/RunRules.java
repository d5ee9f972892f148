package dev.hone.runs;

import dev.hone.ml.data.ColumnProfile;
import dev.hone.ml.data.DataProfile;
import dev.hone.ml.preprocess.TaskInference;
import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.model.ModelRegistryService;
import dev.hone.vocabulary.Device;
import dev.hone.vocabulary.Task;
import dev.hone.vocabulary.CompressionTechnique;
import dev.hone.ml.validation.GatePolicy;
import dev.hone.workflows.pipeline.CompressionSettings;
import dev.hone.workflows.pipeline.ValidationSettings;
import dev.hone.workflows.pipeline.TrainingSettings;
import dev.hone.workflows.tuning.TuningSpec;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The rules a run request must meet, in one place for every caller: checked before anything is
 * recorded, so that a run that starts has settings its training and study accept. Each refusal is
 * an {@link InvalidInputException} naming the field, the value and what would be accepted.
 */
public final class RunRules {

    /** The device of a run that names none: the workflow picks the compute queue. */
    public static final Device DEFAULT_DEVICE = RunOptions.DEFAULT_DEVICE;

    private RunRules() {
    }

    /**
     * A request that meets every rule, with its defaults filled in: what the run records.
     *
     * @param task the task, or null to infer it from the target during preprocessing
     */
    public record CheckedRun(String target, Task task, String modelName, Device device, long seed,
            TrainingSettings training, TuningSpec tuning, CompressionSettings compression,
            ValidationSettings validation) {
    }

    /**
     * The sizes a request chooses, checked first: cheap, and nothing after may grow with an
     * unchecked size (the work of sizing a grid grows with {@code gridPoints}).
     */
    public static void checkSizes(RunRequest r, RunBounds bounds) {
        bounds.check(r.training());
        if (r.tuning() != null) {
            bounds.checkBudget(r.tuning());
        }
    }

    /**
     * Checks a request against the data set version it names.
     *
     * @param datasetVersion the number of the version the request resolved to (for messages)
     * @param profile that version's profile: its columns and their statistics
     * @throws InvalidInputException naming the first rule the request breaks
     */
    public static CheckedRun check(RunRequest r, int datasetVersion, DataProfile profile, RunBounds bounds) {
        checkSizes(r, bounds);
        String target = require(r.target(), "target");
        List<String> columns = profile.columns().stream().map(ColumnProfile::name).toList();
        if (!columns.contains(target)) {
            throw new InvalidInputException("Target column '" + target + "' does not exist in data set '"
                    + r.dataset() + "' version " + datasetVersion + "; its columns are " + columns);
        }
        Task task = r.task();
        Device device = r.device() == null ? DEFAULT_DEVICE : r.device();
        String modelName = r.modelName() == null ? r.dataset() + "-" + target : r.modelName();
        ModelRegistryService.validateModelName(modelName);
        // A fixed default seed would make every study propose the same trials on every data set.
        long seed = r.seed() != null ? r.seed() : ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE);
        TrainingSettings training = r.training() == null ? TrainingSettings.defaults() : r.training();
        training(training, seed);
        if (r.tuning() != null) {
            boolean classification = (task != null ? task : TaskInference.infer(profile.column(target)))
                    == Task.CLASSIFICATION;
            tuning(r.tuning(), classification, bounds);
        }
        if (r.compression() != null) {
            compression(r.compression());
        }
        if (r.validation() != null) {
            validation(r.validation(), columns, target);
        }
        return new CheckedRun(target, task, modelName, device, seed, training, r.tuning(), r.compression(),
                r.validation());
    }

    /** Checks training settings as the trainer will take them (its defaults for what is left out). */
    public static void training(TrainingSettings training, long seed) {
        try {
            TrainingConfigs.config(training, seed).validate();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("Invalid training settings: " + e.getMessage());
        }
    }

    /**
     * Checks a study: its own rules first (samplers, pruners, the objective for the task, a search
     * space that can work and a grid that fits the budget), then that no value it may sample goes
     * past a bound.
     */
    public static void tuning(TuningSpec tuning, boolean classification, RunBounds bounds) {
        bounds.checkBudget(tuning);
        try {
            TuningSpaces.validate(tuning, classification);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
        bounds.checkSpace(tuning);
    }

    /** The most accuracy points a budget may give away (all of them). */
    public static final double MAX_ACCURACY_BUDGET = 100;
    /** The most percent a budget may let the RMSE grow by (an elevenfold RMSE). */
    public static final double MAX_RMSE_BUDGET = 1000;

    /** Checks a compression stage's settings: known techniques named once, budgets inside their ranges. */
    public static void compression(CompressionSettings c) {
        if (c.techniques() != null) {
            if (c.techniques().stream().anyMatch(java.util.Objects::isNull)) {
                throw new InvalidInputException("compression.techniques: a technique is missing (null); name one of "
                        + java.util.Arrays.toString(CompressionTechnique.values()));
            }
            if (c.techniques().size() != new java.util.HashSet<>(c.techniques()).size()) {
                throw new InvalidInputException("compression.techniques names a technique twice: " + c.techniques());
            }
        }
        budget("accuracyBudget", c.accuracyBudget(), MAX_ACCURACY_BUDGET, "accuracy points");
        budget("rmseBudget", c.rmseBudget(), MAX_RMSE_BUDGET, "percent");
    }

    private static void budget(String field, Double value, double max, String unit) {
        if (value != null && !(value >= 0 && value <= max)) {
            throw new InvalidInputException("compression." + field + " must be 0 to " + (int) max + " (" + unit
                    + "), was " + value);
        }
    }

    /**
     * Checks a validation gate: sensitive columns the data has (not the target), named once; known metrics named
     * once; every limit inside its range.
     */
    public static void validation(ValidationSettings v, List<String> columns, String target) {
        List<String> sensitive = v.sensitiveColumnsOrNone();
        for (String c : sensitive) {
            if (c == null || !columns.contains(c)) {
                throw new InvalidInputException("validation.sensitiveColumns names '" + c + "', which the data set does "
                        + "not have; its columns are " + columns);
            }
            if (c.equals(target)) {
                throw new InvalidInputException("validation.sensitiveColumns names the target '" + c + "'; name input "
                        + "columns");
            }
        }
        if (sensitive.size() != new java.util.HashSet<>(sensitive).size()) {
            throw new InvalidInputException("validation.sensitiveColumns names a column twice: " + sensitive);
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ValidationSettings.MetricLimit limit : v.metricLimitsOrNone()) {
            if (limit == null || !GatePolicy.METRICS.contains(limit.metric())) {
                throw new InvalidInputException("validation.metricLimits: '" + (limit == null ? null : limit.metric())
                        + "' is not a test metric; name one of " + new java.util.TreeSet<>(GatePolicy.METRICS));
            }
            if (!seen.add(limit.metric())) {
                throw new InvalidInputException("validation.metricLimits names '" + limit.metric() + "' twice");
            }
            if (!Double.isFinite(limit.limit())) {
                throw new InvalidInputException("validation.metricLimits: the limit on " + limit.metric()
                        + " must be a number");
            }
        }
        if (v.reweighingAsked() && sensitive.isEmpty()) {
            throw new InvalidInputException("validation.reweighing reweighs over a sensitive column: name one in "
                    + "validation.sensitiveColumns");
        }
        limit("championMargin", v.championMargin(), 100);
        limit("minHalvingEpsilon", v.minHalvingEpsilon(), 10);
        limit("maxParityDifference", v.maxParityDifference(), 1);
        limit("minDisparateImpact", v.minDisparateImpact(), 1);
        limit("maxCalibrationError", v.maxCalibrationError(), 1);
    }

    private static void limit(String field, Double value, double max) {
        if (value != null && !(value >= 0 && value <= max)) {
            throw new InvalidInputException("validation." + field + " must be 0 to " + (long) max + ", was " + value);
        }
    }

    /** The value, or a refusal naming the missing field. */
    public static String require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("'" + field + "' is required");
        }
        return value;
    }
}
