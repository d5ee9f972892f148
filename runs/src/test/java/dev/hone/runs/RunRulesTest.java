package dev.hone.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hone.ml.data.ColumnProfile;
import dev.hone.ml.data.ColumnType;
import dev.hone.ml.data.DataProfile;
import dev.hone.ml.data.ValueCount;
import dev.hone.registry.common.InvalidInputException;
import dev.hone.runs.RunBounds.Bound;
import dev.hone.vocabulary.Activation;
import dev.hone.vocabulary.CompressionObjective;
import dev.hone.vocabulary.CompressionTechnique;
import dev.hone.vocabulary.Device;
import dev.hone.vocabulary.Direction;
import dev.hone.vocabulary.Optimizer;
import dev.hone.vocabulary.ParameterType;
import dev.hone.vocabulary.Pruner;
import dev.hone.vocabulary.Sampler;
import dev.hone.vocabulary.Task;
import dev.hone.workflows.pipeline.CompressionSettings;
import dev.hone.workflows.pipeline.TrainingSettings;
import dev.hone.workflows.tuning.ParameterDef;
import dev.hone.workflows.tuning.TuningSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rules every run request meets, whoever sends it: each refusal names the field and what would
 * be accepted, sizes are held to the configured bounds (naming the key that raises them), and a
 * study that cannot work is refused before anything starts.
 */
class RunRulesTest {

    /** The shipped defaults of {@code hone.limits.*}. */
    static final RunBounds BOUNDS = new RunBounds(new Bound(8, "hone.limits.hidden-layers"),
            new Bound(1024, "hone.limits.layer-width"), new Bound(10000, "hone.limits.epochs"),
            new Bound(4096, "hone.limits.batch-size"), new Bound(1000, "hone.limits.trials"),
            new Bound(16, "hone.limits.parallelism"), new Bound(100, "hone.limits.grid-points"));

    /** An iris-like profile: four numeric features, a text class, and a numeric target with many values. */
    static final DataProfile IRIS = new DataProfile(150, List.of(
            numeric("sepal_length", 35, 4.3, 7.9), numeric("sepal_width", 23, 2.0, 4.4),
            numeric("petal_length", 43, 1.0, 6.9), numeric("petal_width", 22, 0.1, 2.5),
            new ColumnProfile("species", ColumnType.CATEGORICAL, 0, 3, null, null, null, null,
                    List.of(new ValueCount("setosa", 50), new ValueCount("versicolor", 50),
                            new ValueCount("virginica", 50)), List.of())));

    private static ColumnProfile numeric(String name, long distinct, double min, double max) {
        return new ColumnProfile(name, ColumnType.NUMERIC, 0, distinct, min, max, (min + max) / 2, 1.0,
                List.of(new ValueCount(Double.toString(min), 1)), List.of());
    }

    private static RunRequest request(String target) {
        return new RunRequest("iris", null, target, null, null, null, null, null, null, null);
    }

    private static RunRequest withTask(Task task) {
        return new RunRequest("iris", null, "species", task, null, null, null, null, null, null);
    }

    private static RunRequest withDevice(Device device) {
        return new RunRequest("iris", null, "species", null, null, null, null, device, null, null);
    }

    private static RunRequest withModelName(String name) {
        return new RunRequest("iris", null, "species", null, name, null, null, null, null, null);
    }

    private static RunRequest withTraining(TrainingSettings training) {
        return new RunRequest("iris", null, "species", null, null, training, null, null, null, null);
    }

    private static RunRequest withStudy(String target, TuningSpec tuning) {
        return new RunRequest("iris", null, target, null, null, null, null, null, tuning, null);
    }

    private static RunRequest withCompression(CompressionSettings c) {
        return new RunRequest("iris", null, "species", null, null, null, null, null, null, c);
    }

    @Test
    void compressionSettingsAreCheckedBeforeAnythingIsRecordedAndCarriedAsGiven() {
        CompressionSettings given = new CompressionSettings(List.of(CompressionTechnique.DISTIL),
                CompressionObjective.SIZE, 0.5, null);
        assertThat(check(withCompression(given)).compression()).isEqualTo(given);
        assertThat(check(withCompression(null)).compression()).as("no stage").isNull();
        assertThat(check(withCompression(new CompressionSettings(null, null, 0.0, 1000.0))).compression()).isNotNull();

        assertThatThrownBy(() -> check(withCompression(new CompressionSettings(null, null, 100.5, null))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("compression.accuracyBudget must be 0 to 100 (accuracy points), was 100.5");
        assertThatThrownBy(() -> check(withCompression(new CompressionSettings(null, null, null, -1.0))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("compression.rmseBudget must be 0 to 1000 (percent), was -1.0");
        assertThatThrownBy(() -> check(withCompression(new CompressionSettings(null, null, Double.NaN, null))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("was NaN");
        assertThatThrownBy(() -> check(withCompression(new CompressionSettings(List.of(CompressionTechnique.DISTIL,
                CompressionTechnique.DISTIL), null, null, null)))).isInstanceOf(InvalidInputException.class)
                .hasMessage("compression.techniques names a technique twice: [DISTIL, DISTIL]");
        List<CompressionTechnique> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> check(withCompression(new CompressionSettings(withNull, null, null, null))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("a technique is missing");
    }

    private static RunRules.CheckedRun check(RunRequest r) {
        return RunRules.check(r, 3, IRIS, BOUNDS);
    }

    private static TrainingSettings training(List<Integer> hidden, Activation activation, Double dropout,
            Double learningRate, Integer batchSize, Integer maxEpochs, Integer patience) {
        return new TrainingSettings(hidden, activation, dropout, null, learningRate, null, batchSize, maxEpochs,
                patience, null, null, null, null);
    }

    private static TuningSpec study(String sampler, String objective, int maxTrials, int parallelism, int gridPoints,
            List<ParameterDef> parameters) {
        return new TuningSpec(sampler == null ? null : Sampler.of(sampler), Pruner.NONE, objective,
                objective.equals("validation_accuracy") ? Direction.MAXIMIZE : Direction.MINIMIZE, maxTrials, parallelism, gridPoints, 1, 3, parameters);
    }

    private static TuningSpec study(List<ParameterDef> parameters) {
        return study("RANDOM", "validation_loss", 4, 1, 3, parameters);
    }

    private static ParameterDef range(String name, String type, double low, double high, boolean log) {
        return new ParameterDef(name, ParameterType.of(type), low, high, log, null, null, null, null);
    }

    private static ParameterDef choices(String name, String... values) {
        return new ParameterDef(name, ParameterType.CATEGORICAL, null, null, null, null, List.of(values), null, null);
    }

    @Test
    void aRequestWithOnlyDatasetAndTargetGetsTheDocumentedDefaults() {
        RunRules.CheckedRun run = check(request("species"));

        assertThat(run.task()).as("inferred later, from the target").isNull();
        assertThat(run.device()).isEqualTo(Device.AUTO);
        assertThat(run.seed()).as("drawn for this run").isNotNegative().isNotEqualTo(check(request("species")).seed());
        assertThat(run.modelName()).isEqualTo("iris-species");
        assertThat(run.training()).isEqualTo(TrainingSettings.defaults());
        assertThat(run.tuning()).isNull();
    }

    @Test
    void aGivenTaskAndDeviceAreKept() {
        assertThat(check(withTask(Task.REGRESSION)).task()).isEqualTo(Task.REGRESSION);
        assertThat(check(withDevice(Device.GPU)).device()).isEqualTo(Device.GPU);
    }

    @Test
    void aTargetThatIsNoColumnIsRefusedListingTheColumns() {
        assertThatThrownBy(() -> check(request("colour")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'colour' does not exist in data set 'iris' version 3")
                .hasMessageContaining("[sepal_length, sepal_width, petal_length, petal_width, species]");
    }

    @Test
    void aMissingDatasetOrTargetIsRefusedByName() {
        assertThatThrownBy(() -> check(request(" "))).isInstanceOf(InvalidInputException.class)
                .hasMessage("'target' is required");
        assertThatThrownBy(() -> RunRules.require(null, "dataset")).isInstanceOf(InvalidInputException.class)
                .hasMessage("'dataset' is required");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            iris classifier
            -leading-dash
            ../escape
            a-name-of-more-than-a-hundred-characters-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
            """)
    void modelNamesOutsideTheRegistryRulesAreRefused(String name) {
        assertThatThrownBy(() -> check(withModelName(name)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Invalid model name '" + name + "'")
                .hasMessageContaining("letters, digits");
    }

    @Test
    void theDefaultModelNameFollowsTheSameRules() {
        DataProfile spaced = new DataProfile(10, List.of(numeric("petal width", 10, 0.1, 2.5)));

        assertThat(check(withModelName("iris.v2_final-1")).modelName()).isEqualTo("iris.v2_final-1");
        assertThatThrownBy(() -> RunRules.check(request("petal width"), 1, spaced, BOUNDS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Invalid model name 'iris-petal width'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            dropout 1              | dropout must be in [0, 1)
            learning rate 0        | learningRate must be > 0
            a layer of width 0     | hiddenLayers must all be positive widths
            patience 0             | patience must be >= 1
            """)
    void trainingSettingsTheTrainerWouldRefuseAreRefusedBeforeTheRunStarts(String label, String message) {
        TrainingSettings settings = switch (label) {
            case "dropout 1" -> training(null, null, 1.0, null, null, null, null);
            case "learning rate 0" -> training(null, null, null, 0.0, null, null, null);
            case "a layer of width 0" -> training(List.of(64, 0), null, null, null, null, null, null);
            default -> training(null, null, null, null, null, null, 0);
        };

        assertThatThrownBy(() -> check(withTraining(settings)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("Invalid training settings: ").hasMessageContaining(message);
    }

    @Test
    void trainingSettingsWithinTheRulesAreKeptAsGiven() {
        TrainingSettings settings = new TrainingSettings(List.of(32), Activation.TANH, 0.0, 0.0, 0.01, Optimizer.SGD, 16, 50,
                5, null, null, null, null);

        assertThat(check(withTraining(settings)).training()).isEqualTo(settings);
        assertThat(TrainingConfigs.config(settings, 7).activation().name()).isEqualTo("TANH");
        assertThat(TrainingConfigs.config(settings, 7).optimizer().name()).isEqualTo("SGD");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            training.hiddenLayers (number of entries) | 9    | 8    | hone.limits.hidden-layers
            training.hiddenLayers[1]                 | 2000 | 1024 | hone.limits.layer-width
            training.batchSize                       | 4097 | 4096 | hone.limits.batch-size
            training.maxEpochs                       | 10001 | 10000 | hone.limits.epochs
            training.patience                        | 20000 | 10000 | hone.limits.epochs
            """)
    void trainingSizesAboveTheirBoundAreRefusedNamingTheKey(String field, int value, int limit, String key) {
        TrainingSettings settings = switch (field) {
            case "training.hiddenLayers (number of entries)" ->
                    training(List.of(8, 8, 8, 8, 8, 8, 8, 8, 8), null, null, null, null, null, null);
            case "training.hiddenLayers[1]" -> training(List.of(64, value), null, null, null, null, null, null);
            case "training.batchSize" -> training(null, null, null, null, value, null, null);
            case "training.maxEpochs" -> training(null, null, null, null, null, value, null);
            default -> training(null, null, null, null, null, null, value);
        };

        assertThatThrownBy(() -> check(withTraining(settings)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("'" + field + "' is " + value + ", above the limit of " + limit
                        + "; an administrator can raise it with " + key);
    }

    @Test
    void sizesAreCheckedBeforeAnythingElse() {
        // An unknown target and an impossible grid too: the size is what the refusal names, before any other work.
        RunRequest r = new RunRequest("iris", null, "colour", Task.REGRESSION, null,
                training(null, null, null, null, 1_000_000, null, null), null, Device.GPU,
                study("GRID", "validation_loss", 4, 1, 1_000_000_000, List.of(range("dropout", "FLOAT", 0, 0.5, false))),
                null);

        assertThatThrownBy(() -> check(r)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("training.batchSize").hasMessageContaining("hone.limits.batch-size");
        assertThatThrownBy(() -> RunRules.checkSizes(withStudy("species", r.tuning()), BOUNDS))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("hone.limits.grid-points");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            maxTrials   | 1001 | hone.limits.trials
            parallelism | 17   | hone.limits.parallelism
            gridPoints  | 101  | hone.limits.grid-points
            minResource | 10001 | hone.limits.epochs
            """)
    void studyBudgetsAboveTheirBoundAreRefusedNamingTheKey(String field, int value, String key) {
        List<ParameterDef> space = List.of(range("dropout", "FLOAT", 0, 0.5, false));
        TuningSpec t = new TuningSpec(Sampler.RANDOM, Pruner.ASHA, "validation_loss", Direction.MINIMIZE,
                field.equals("maxTrials") ? value : 4, field.equals("parallelism") ? value : 1,
                field.equals("gridPoints") ? value : 3, field.equals("minResource") ? value : 1, 3, space);

        assertThatThrownBy(() -> check(withStudy("species", t)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'tuning." + field + "' is " + value).hasMessageContaining(key);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an empty space                 | tuning.parameters: the search space is empty
            low above high                 | tuning.parameters: Parameter 'dropout': low 0.5 is greater than high 0.1
            a log range touching 0         | tuning.parameters: Parameter 'weightDecay': a log scale needs low > 0
            an unknown parameter           | unknown parameter 'momentum'
            an unknown optimizer choice    | tuning.parameters.optimizer.choices: unknown value 'LION'
            a fractional INT bound         | tuning.parameters.width1.low: must be a whole number
            a dropout of 1                 | tuning.parameters.dropout: must be below 1, got 1.0
            a parallelism of 0             | tuning.parallelism: must be at least 1
            a missing sampler              | tuning.sampler: use GRID, RANDOM, TPE, MULTIVARIATE_TPE or GP
            a grid larger than the budget  | tuning.maxTrials: the grid has more than 4 points but the budget allows only 4 trials
            """)
    void studiesThatCannotWorkAreRefusedNamingTheField(String label, String message) {
        TuningSpec t = switch (label) {
            case "an empty space" -> study(List.of());
            case "low above high" -> study(List.of(range("dropout", "FLOAT", 0.5, 0.1, false)));
            case "a log range touching 0" -> study(List.of(range("weightDecay", "FLOAT", 0, 0.1, true)));
            case "an unknown parameter" -> study(List.of(range("momentum", "FLOAT", 0, 0.9, false)));
            case "an unknown optimizer choice" -> study(List.of(choices("optimizer", "ADAM", "LION")));
            case "a fractional INT bound" -> study(List.of(range("width1", "INT", 8.5, 64, false)));
            case "a dropout of 1" -> study(List.of(range("dropout", "FLOAT", 0, 1, false)));
            case "a parallelism of 0" -> study("RANDOM", "validation_loss", 4, 0, 3,
                    List.of(range("dropout", "FLOAT", 0, 0.5, false)));
            case "a missing sampler" -> study(null, "validation_loss", 4, 1, 3,
                    List.of(range("dropout", "FLOAT", 0, 0.5, false)));
            default -> study("GRID", "validation_loss", 4, 1, 3, List.of(range("dropout", "FLOAT", 0, 0.5, false),
                    range("learningRate", "FLOAT", 1e-4, 1e-1, true)));
        };

        assertThatThrownBy(() -> check(withStudy("species", t)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(message);
    }

    @Test
    void theObjectiveMustSuitTheTaskInferredFromTheTarget() {
        TuningSpec accuracy = study("RANDOM", "validation_accuracy", 4, 1, 3,
                List.of(range("dropout", "FLOAT", 0, 0.5, false)));
        TuningSpec rmse = study("RANDOM", "validation_rmse", 4, 1, 3,
                List.of(range("dropout", "FLOAT", 0, 0.5, false)));

        assertThat(check(withStudy("species", accuracy)).tuning()).isEqualTo(accuracy);
        assertThatThrownBy(() -> check(withStudy("sepal_length", accuracy)))
                .as("a numeric target with 35 values and fractions is regression")
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown metric 'validation_accuracy'").hasMessageContaining("validation_rmse");
        assertThat(check(withStudy("sepal_length", rmse)).tuning()).isEqualTo(rmse);
        assertThatThrownBy(() -> check(new RunRequest("iris", null, "sepal_length", Task.CLASSIFICATION, null, null,
                null, null, rmse, null)))
                .as("a task given overrides the inference").isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown metric 'validation_rmse'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            width1       | INT         | 8  | 2000       | 1024  | hone.limits.layer-width
            layers       | INT         | 1  | 9          | 8     | hone.limits.hidden-layers
            batchSize    | INT         | 16 | 8192       | 4096  | hone.limits.batch-size
            patience     | INT         | 1  | 20000      | 10000 | hone.limits.epochs
            maxEpochs    | CATEGORICAL | 10 | 99999999   | 10000 | hone.limits.epochs
            """)
    void studiesThatCouldSampleAModelAboveTheBoundsAreRefused(String name, String type, int low, int high,
            int limit, String key) {
        ParameterDef p = type.equals("CATEGORICAL") ? choices(name, Integer.toString(low), Integer.toString(high))
                : range(name, type, low, high, false);

        assertThatThrownBy(() -> check(withStudy("species", study(List.of(p)))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("'tuning.parameters." + name + "' is " + high + ", above the limit of " + limit
                        + "; an administrator can raise it with " + key);
    }

    @Test
    void aStudyWithinEveryRuleIsKept() {
        List<ParameterDef> space = new ArrayList<>(List.of(range("learningRate", "FLOAT", 1e-4, 1e-1, true),
                range("layers", "INT", 1, 2, false), range("width1", "INT", 8, 1024, true),
                new ParameterDef("width2", ParameterType.INT, 8.0, 64.0, false, 8, null, "layers", List.of("2")),
                choices("activation", "RELU", "GELU"), choices("batchSize", "16", "4096")));
        TuningSpec t = new TuningSpec(Sampler.TPE, Pruner.ASHA, "validation_accuracy", Direction.MAXIMIZE, 1000, 16, 3, 10000, 3, space);

        assertThat(check(withStudy("species", t)).tuning()).isEqualTo(t);
    }
}
