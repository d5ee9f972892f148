package dev.hone.api;

import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.VIEWER;
import static dev.hone.api.Api.errorCode;
import static dev.hone.api.Api.errorMessage;
import static dev.hone.api.Api.graphql;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.api.runtime.Limits;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client learns every choice, default and bound of a run request from the API (what the console
 * builds its form from): the bounds are the configured limits with the keys that raise them, and a
 * value one past a published bound is refused by startRun naming that same key.
 */
@QuarkusTest
class RunOptionsQueryTest {

    private static final String SETTING = "name kind description defaultNumber defaultList defaultChoice min "
            + "minExclusive max maxExclusive maxKey maxItems maxItemsKey choices { name description }";

    @Inject
    Limits limits;

    @BeforeEach
    void users() {
        Api.ensureUsers();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyEnumeratedNameIsASchemaEnumDescribedAsTheOptionsDescribeIt() {
        JsonPath options = graphql(VIEWER, "{ searchSpaceOptions { study { " + SETTING + " } } }", Map.of());
        Map<String, Object> sampler = setting(options, "searchSpaceOptions.study", "sampler");
        for (String type : List.of("Task", "Device", "Activation", "Optimizer", "Sampler", "Pruner", "Direction",
                "ParameterType")) {
            JsonPath r = graphql(VIEWER, "{ __type(name: \"" + type + "\") { kind enumValues { name description } } }",
                    Map.of());
            assertThat(r.getString("data.'__type'.kind")).as(type).isEqualTo("ENUM");
            List<Map<String, Object>> values = r.getList("data.'__type'.enumValues");
            assertThat(values).as(type).isNotEmpty()
                    .allSatisfy(v -> assertThat((String) v.get("description")).as(type + "." + v.get("name")).isNotBlank());
            if (type.equals("Sampler")) {
                assertThat(values).containsExactlyInAnyOrderElementsOf((List<Map<String, Object>>) sampler.get("choices"));
            }
        }
    }

    /** One definition of the training settings: the schema's input and result types are the published settings. */
    @Test
    void theTrainingTypesOfTheSchemaAreThePublishedSettings() {
        JsonPath options = graphql(VIEWER, "{ trainingOptions { training { name description } } }", Map.of());
        JsonPath input = graphql(VIEWER, "{ __type(name: \"TrainingInput\") { inputFields { name description } } }",
                Map.of());
        JsonPath result = graphql(VIEWER, "{ __type(name: \"TrainingSettings\") { fields { name description } } }",
                Map.of());

        List<Map<String, Object>> published = options.getList("data.trainingOptions.training");
        assertThat(published).hasSizeGreaterThanOrEqualTo(9);
        List<Map<String, Object>> inputFields = input.getList("data.'__type'.inputFields");
        List<Map<String, Object>> fields = result.getList("data.'__type'.fields");
        assertThat(inputFields)
                .containsExactlyInAnyOrderElementsOf(published);
        assertThat(fields)
                .containsExactlyInAnyOrderElementsOf(published);
    }

    @Test
    void trainingOptionsShowDefaultsChoicesAndTheConfiguredBounds() {
        JsonPath r = graphql(VIEWER, "{ trainingOptions { run { " + SETTING + " } training { " + SETTING + " } } }",
                Map.of());

        assertThat(r.getList("errors")).as(r.prettify()).isNull();
        Map<String, Object> patience = setting(r, "trainingOptions.training", "patience");
        assertThat(patience).containsEntry("kind", "INT").containsEntry("defaultNumber", 20.0f)
                .containsEntry("min", 1.0f).containsEntry("maxKey", "hone.limits.epochs");
        assertThat(((Number) patience.get("max")).longValue()).isEqualTo(limits.epochs());
        Map<String, Object> hidden = setting(r, "trainingOptions.training", "hiddenLayers");
        assertThat(hidden).containsEntry("kind", "INT_LIST").containsEntry("defaultList", List.of(64, 64))
                .containsEntry("maxItems", limits.hiddenLayers()).containsEntry("maxKey", "hone.limits.layer-width");
        Map<String, Object> activation = setting(r, "trainingOptions.training", "activation");
        assertThat(activation).containsEntry("kind", "CHOICE").containsEntry("defaultChoice", "RELU");
        assertThat(names(activation)).containsExactly("RELU", "TANH", "SIGMOID", "GELU");
        assertThat(setting(r, "trainingOptions.training", "dropout")).containsEntry("maxExclusive", true)
                .containsEntry("max", 1.0f);
        Map<String, Object> device = setting(r, "trainingOptions.run", "device");
        assertThat(device).containsEntry("defaultChoice", "AUTO");
        assertThat(names(device)).containsExactly("CPU", "GPU", "AUTO");
        assertThat(setting(r, "trainingOptions.run", "task")).containsEntry("defaultChoice", null);
    }

    @Test
    void searchSpaceOptionsShowSamplersPrunersObjectivesAndParameters() {
        JsonPath r = graphql(VIEWER, "{ searchSpaceOptions { study { " + SETTING + " } objectives { name task "
                + "direction description } directions { name } parameterTypes { name description } parameters { name "
                + "type categoricalAllowed choices { name } min max maxKey description } } }", Map.of());

        assertThat(r.getList("errors")).as(r.prettify()).isNull();
        Map<String, Object> sampler = setting(r, "searchSpaceOptions.study", "sampler");
        assertThat(sampler).containsEntry("defaultChoice", "GP");
        assertThat(names(sampler)).containsExactly("GRID", "RANDOM", "TPE", "MULTIVARIATE_TPE", "GP");
        assertThat(names(setting(r, "searchSpaceOptions.study", "pruner"))).containsExactly("NONE", "MEDIAN", "ASHA");
        Map<String, Object> maxTrials = setting(r, "searchSpaceOptions.study", "maxTrials");
        assertThat(maxTrials).containsEntry("defaultNumber", 10.0f).containsEntry("maxKey", "hone.limits.trials");
        assertThat(((Number) maxTrials.get("max")).longValue()).isEqualTo(limits.trials());
        assertThat(r.getList("data.searchSpaceOptions.objectives.name"))
                .containsExactly("validation_loss", "validation_accuracy", "validation_rmse");
        assertThat(r.getList("data.searchSpaceOptions.parameterTypes.name"))
                .containsExactly("FLOAT", "INT", "CATEGORICAL");
        // Not ensembleSize: a study's trials train one network each.
        assertThat(r.getList("data.searchSpaceOptions.parameters.name")).containsExactly("layers", "width1",
                "width2", "width3", "width4", "activation", "dropout", "weightDecay", "learningRate", "optimizer",
                "batchSize", "maxEpochs", "patience", "classWeights", "numericScaling", "weightAveraging");
        Map<String, Object> width = one(r.getList("data.searchSpaceOptions.parameters"), "width1");
        assertThat(((Number) width.get("max")).longValue()).isEqualTo(limits.layerWidth());
    }

    @Test
    void aValueOnePastAPublishedBoundIsRefusedNamingItsKey() {
        String dataset = Api.unique("iris-options");
        assertThat(Api.upload(SCIENTIST, dataset, Api.iris()).statusCode()).isEqualTo(201);
        JsonPath options = graphql(VIEWER, "{ trainingOptions { training { name kind max maxKey } } }", Map.of());
        List<Map<String, Object>> bounded = options.<Map<String, Object>>getList("data.trainingOptions.training")
                .stream().filter(s -> s.get("maxKey") != null && s.get("kind").equals("INT")).toList();
        assertThat(bounded).extracting(s -> s.get("name")).contains("batchSize", "maxEpochs", "patience");
        for (Map<String, Object> s : bounded) {
            long past = ((Number) s.get("max")).longValue() + 1;
            JsonPath r = graphql(SCIENTIST, "mutation($in: StartRunInput!) { startRun(input: $in) { id } }",
                    Map.of("in", Map.of("dataset", dataset, "target", "species", "training", Map.of(s.get("name"),
                            past))));
            assertThat(errorCode(r)).as(r.prettify()).isEqualTo("INVALID_INPUT");
            assertThat(errorMessage(r)).contains((String) s.get("name"), String.valueOf(past),
                    (String) s.get("maxKey"));
        }
    }

    private static Map<String, Object> setting(JsonPath r, String path, String name) {
        return one(r.getList("data." + path), name);
    }

    private static Map<String, Object> one(List<Map<String, Object>> list, String name) {
        return list.stream().filter(s -> name.equals(s.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + list));
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(Map<String, Object> setting) {
        return ((List<Map<String, Object>>) setting.get("choices")).stream().map(c -> (String) c.get("name")).toList();
    }

    @Test
    void runStatusesSayWhichAreEndsAndARunSaysWhetherItEndedAndCanBeRestarted() throws InterruptedException {
        JsonPath r = graphql(VIEWER, "{ runStatuses { name description ended } }", Map.of());
        assertThat(errorCode(r)).isNull();
        assertThat(r.getList("data.runStatuses.name")).containsExactly("QUEUED", "RUNNING", "SUCCEEDED", "FAILED",
                "CANCELLED", "INTERRUPTED");
        assertThat(r.getList("data.runStatuses.ended", Boolean.class)).containsExactly(false, false, true, true, true,
                true);
        assertThat(r.getList("data.runStatuses.description", String.class)).allSatisfy(d -> assertThat(d).isNotBlank());

        String dataset = Api.unique("statuses");
        assertThat(Api.upload(SCIENTIST, dataset, Api.iris()).statusCode()).isEqualTo(201);
        long runId = graphql(SCIENTIST, "mutation($in: StartRunInput!) { startRun(input: $in) { id } }",
                Map.of("in", Map.of("dataset", dataset, "target", "species", "training", Map.of("maxEpochs", 3))))
                .getLong("data.startRun.id");
        Api.awaitRun(runId, Api::isFinal, java.time.Duration.ofMinutes(3));
        JsonPath run = graphql(VIEWER, "query($id: ID!) { run(id: $id) { status ended restartable } }",
                Map.of("id", runId));
        assertThat(run.getString("data.run.status")).isEqualTo("SUCCEEDED");
        assertThat(run.getBoolean("data.run.ended")).isTrue();
        assertThat(run.getBoolean("data.run.restartable")).as("a succeeded run is not started again").isFalse();
    }
}
