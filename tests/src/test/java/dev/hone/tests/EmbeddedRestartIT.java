package dev.hone.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application in embedded mode keeps data sets, runs and models across restarts; a
 * run (with its study and trials) that was in flight when it stopped (SIGTERM: marked while it
 * stops) or crashed (SIGKILL: marked at the next start) comes back as INTERRUPTED with a reason,
 * and can be started again.
 */
class EmbeddedRestartIT {

    private static final String ADMIN = "admin";
    private static final String SCIENTIST = "scientist";
    private static final String PASSWORD = "black-box-scientist-password";

    @TempDir
    Path workDir;

    @Test
    void restartKeepsRegistryAndMarksInFlightRunInterrupted() throws Exception {
        byte[] iris = Files.readAllBytes(Path.of("../api/src/test/resources/datasets/iris.csv"));
        // The PostgreSQL build's tests share one database: names of their own.
        String dataset = "iris-restart-" + System.nanoTime();
        String model = dataset + "-model";
        long finishedRun;
        long inFlightRun;
        try (HoneProcess hone = new HoneProcess(workDir)) {
            hone.start();
            addScientist(hone);
            assertThat(hone.upload(SCIENTIST, PASSWORD, dataset, iris).statusCode()).isEqualTo(201);

            finishedRun = start(hone, Map.of("dataset", dataset, "target", "species", "modelName", model));
            assertThat(await(hone, finishedRun, r -> isFinal(r)).path("status").asText()).isEqualTo("SUCCEEDED");

            inFlightRun = start(hone, Map.of("dataset", dataset, "target", "species", "modelName", dataset + "-long",
                    "training", Map.of("maxEpochs", 10_000, "patience", 10_000, "batchSize", 1)));
            await(hone, inFlightRun, r -> "TRAIN".equals(r.path("currentStage").asText()));
            hone.stop();
        }
        Instant stopped = Instant.now();

        try (HoneProcess hone = new HoneProcess(workDir)) {
            hone.start();
            JsonNode interrupted = run(hone, inFlightRun);
            assertThat(interrupted.path("status").asText()).isEqualTo("INTERRUPTED");
            assertThat(interrupted.path("error").asText()).contains("was stopped").contains("restartRun")
                    .contains("TRAIN");
            assertThat(Instant.parse(interrupted.path("endedAt").asText())).as("marked as Hone stopped, not at the next start")
                    .isBefore(stopped);

            JsonNode finished = run(hone, finishedRun);
            assertThat(finished.path("status").asText()).isEqualTo("SUCCEEDED");
            JsonNode predicted = ok(hone.graphql(SCIENTIST, PASSWORD, """
                    query($m: String!) { predict(model: $m, rows: [[{column: "sepal_length", value: "5.1"},
                        {column: "sepal_width", value: "3.5"}, {column: "petal_length", value: "1.4"},
                        {column: "petal_width", value: "0.2"}]]) { label } }""", Map.of("m", model)));
            assertThat(predicted.path("data").path("predict").get(0).path("label").asText()).isEqualTo("setosa");
            JsonNode datasets = ok(hone.graphql(SCIENTIST, PASSWORD,
                    "query($d: String!) { dataset(name: $d) { versions { version } } }", Map.of("d", dataset)));
            assertThat(datasets.path("data").path("dataset").path("versions")).hasSize(1);

            JsonNode restarted = ok(hone.graphql(SCIENTIST, PASSWORD,
                    "mutation($id: ID!) { restartRun(id: $id) { attempt status } }", Map.of("id", inFlightRun)));
            assertThat(restarted.path("data").path("restartRun").path("attempt").asInt()).isEqualTo(2);
            await(hone, inFlightRun, r -> "TRAIN".equals(r.path("currentStage").asText()));
            ok(hone.graphql(SCIENTIST, PASSWORD, "mutation($id: ID!) { cancelRun(id: $id) { id } }",
                    Map.of("id", inFlightRun)));
            assertThat(await(hone, inFlightRun, EmbeddedRestartIT::isFinal).path("status").asText())
                    .isEqualTo("CANCELLED");
            hone.stop();
        }
    }

    @Test
    void aStudyInFlightWhenHoneStopsOrCrashesEndsInterruptedAndItsRunCanBeRestarted() throws Exception {
        byte[] iris = Files.readAllBytes(Path.of("../api/src/test/resources/datasets/iris.csv"));
        // The PostgreSQL build's tests share one database: names of their own.
        String dataset = "iris-study-" + System.nanoTime();
        long stoppedRun;
        long crashedRun;
        Instant stopped;
        try (HoneProcess hone = new HoneProcess(workDir)) {
            hone.start();
            addScientist(hone);
            assertThat(hone.upload(SCIENTIST, PASSWORD, dataset, iris).statusCode()).isEqualTo(201);
            stoppedRun = start(hone, study(dataset, "stopped", 10_000, 1)); // trains until stopped
            awaitTrialEpochs(hone, stoppedRun);
            hone.stop();
            stopped = Instant.now();
        }
        try (HoneProcess hone = new HoneProcess(workDir)) {
            hone.start();
            JsonNode run = withStudy(hone, stoppedRun);
            assertThat(run.path("status").asText()).isEqualTo("INTERRUPTED");
            assertThat(run.path("error").asText()).contains("was stopped").contains("TUNE");
            assertThat(Instant.parse(run.path("endedAt").asText())).isBefore(stopped);
            assertThat(run.path("study").path("status").asText()).isEqualTo("INTERRUPTED");
            assertThat(run.path("study").path("trials")).isNotEmpty()
                    .allSatisfy(t -> assertThat(t.path("status").asText()).isNotEqualTo("RUNNING"));

            // Long enough trials to be caught training, short enough for the restarted run to finish.
            crashedRun = start(hone, study(dataset, "crashed", 600, 32));
            awaitTrialEpochs(hone, crashedRun);
            hone.kill();
        }
        try (HoneProcess hone = new HoneProcess(workDir)) {
            hone.start();
            JsonNode run = withStudy(hone, crashedRun);
            assertThat(run.path("status").asText()).isEqualTo("INTERRUPTED");
            assertThat(run.path("error").asText()).contains("ended abruptly").contains("TUNE");
            long crashedStudy = run.path("study").path("id").asLong();
            assertThat(run.path("study").path("status").asText()).isEqualTo("INTERRUPTED");
            assertThat(run.path("study").path("trials"))
                    .allSatisfy(t -> assertThat(t.path("status").asText()).isNotEqualTo("RUNNING"));

            ok(hone.graphql(SCIENTIST, PASSWORD, "mutation($id: ID!) { restartRun(id: $id) { attempt } }",
                    Map.of("id", crashedRun)));
            assertThat(await(hone, crashedRun, EmbeddedRestartIT::isFinal).path("status").asText()).isEqualTo("SUCCEEDED");
            JsonNode restarted = withStudy(hone, crashedRun);
            assertThat(restarted.path("study").path("id").asLong()).isNotEqualTo(crashedStudy);
            assertThat(restarted.path("study").path("status").asText()).isEqualTo("COMPLETED");
            JsonNode old = ok(hone.graphql(SCIENTIST, PASSWORD, "query($id: ID!) { study(id: $id) { status trials { status } } }",
                    Map.of("id", crashedStudy))).path("data").path("study");
            assertThat(old.path("status").asText()).as("the crashed attempt's study stays ended").isEqualTo("INTERRUPTED");
        }
    }

    /**
     * The compression stage stopped (SIGTERM) or crashed (SIGKILL) inside: the run ends INTERRUPTED naming the stage,
     * and its restart compresses again and registers the model the stage kept.
     */
    @Test
    void aRunStoppedOrCrashedInsideCompressionEndsInterruptedAndItsRestartCompresses() throws Exception {
        // Digits: enough validation rows (270) for the stage to train students.
        String dataset = "digits-compress-" + System.nanoTime();
        long crashedRun = stoppedThenCrashedInside("COMPRESS", dataset, model -> compressing(dataset, model));
        try (HoneProcess hone = new HoneProcess(workDir)) {
            hone.start();
            ok(hone.graphql(SCIENTIST, PASSWORD, "mutation($id: ID!) { restartRun(id: $id) { attempt } }",
                    Map.of("id", crashedRun)));
            assertThat(await(hone, crashedRun, EmbeddedRestartIT::isFinal).path("status").asText())
                    .isEqualTo("SUCCEEDED");
            JsonNode version = ok(hone.graphql(SCIENTIST, PASSWORD, "query($m: String!) { modelVersion(model: $m) { "
                    + "kind compression { chosen reason candidates { name kind served } } } }",
                    Map.of("m", dataset + "-crashed"))).path("data").path("modelVersion");
            JsonNode compression = version.path("compression");
            assertThat(compression.path("candidates")).hasSize(3);
            assertThat(compression.path("reason").asText()).isNotEmpty();
            // Distilled students are float networks, as is the parent: whichever is served, the kind is FLOAT_MLP.
            assertThat(version.path("kind").asText()).isEqualTo("FLOAT_MLP");
            List<String> served = new java.util.ArrayList<>();
            compression.path("candidates").forEach(c -> {
                if (c.path("served").asBoolean()) {
                    served.add(c.path("name").asText());
                }
            });
            assertThat(served).isEqualTo(compression.path("chosen").isNull() ? List.of()
                    : List.of(compression.path("chosen").asText()));
        }
    }

    /**
     * The validation stage stopped (SIGTERM) or crashed (SIGKILL) while its parts run: the run ends INTERRUPTED naming
     * the stage, no version is served, and its restart validates again and registers the version with its passport.
     */
    @Test
    void aRunStoppedOrCrashedInsideValidationEndsInterruptedAndItsRestartValidates() throws Exception {
        // Digits: 64 input columns, so KernelSHAP samples its coalitions and the stage lasts seconds.
        String dataset = "digits-validate-" + System.nanoTime();
        long crashedRun = stoppedThenCrashedInside("VALIDATE", dataset, model -> Map.of("dataset", dataset, "target",
                "digit", "task", "CLASSIFICATION", "modelName", dataset + "-" + model, "training", Map.of("maxEpochs", 3)));
        try (HoneProcess hone = new HoneProcess(workDir)) {
            hone.start();
            JsonNode none = hone.graphql(SCIENTIST, PASSWORD, "query($m: String!) { modelVersion(model: $m) { version } }",
                    Map.of("m", dataset + "-crashed"));
            assertThat(none.path("errors")).as("nothing served from the interrupted attempt").isNotEmpty();

            ok(hone.graphql(SCIENTIST, PASSWORD, "mutation($id: ID!) { restartRun(id: $id) { attempt } }",
                    Map.of("id", crashedRun)));
            assertThat(await(hone, crashedRun, EmbeddedRestartIT::isFinal).path("status").asText())
                    .isEqualTo("SUCCEEDED");
            JsonNode version = ok(hone.graphql(SCIENTIST, PASSWORD, "query($m: String!) { modelVersion(model: $m) { "
                    + "status passport { gate { passed } explanations { columns } } } }",
                    Map.of("m", dataset + "-crashed"))).path("data").path("modelVersion");
            assertThat(version.path("status").asText()).isEqualTo("READY");
            assertThat(version.path("passport").path("gate").path("passed").asBoolean()).isTrue();
            assertThat(version.path("passport").path("explanations").path("columns")).hasSize(64);
        }
    }

    /**
     * Uploads digits as {@code dataset}; starts a run ({@code input} of the model-name suffix "stopped") and stops Hone
     * (SIGTERM) a second into {@code stage}; after a restart, checks that run ended INTERRUPTED naming the stage,
     * starts another ("crashed") and kills Hone (SIGKILL) a second into the stage; after the next restart, checks it
     * ended INTERRUPTED naming the stage. Hone is stopped on return.
     *
     * @return the crashed run
     */
    private long stoppedThenCrashedInside(String stage, String dataset,
            java.util.function.Function<String, Map<String, Object>> input) throws Exception {
        byte[] digits = Files.readAllBytes(Path.of("../ml/src/test/resources/datasets/digits.csv"));
        long stoppedRun;
        long crashedRun;
        try (HoneProcess hone = new HoneProcess(workDir)) {
            hone.start();
            addScientist(hone);
            assertThat(hone.upload(SCIENTIST, PASSWORD, dataset, digits).statusCode()).isEqualTo(201);
            stoppedRun = start(hone, input.apply("stopped"));
            awaitStage(hone, stoppedRun, stage);
            hone.stop();
        }
        try (HoneProcess hone = new HoneProcess(workDir)) {
            hone.start();
            JsonNode stopped = run(hone, stoppedRun);
            assertThat(stopped.path("status").asText()).isEqualTo("INTERRUPTED");
            assertThat(stopped.path("error").asText()).contains("was stopped").contains(stage);

            crashedRun = start(hone, input.apply("crashed"));
            awaitStage(hone, crashedRun, stage);
            hone.kill();
        }
        try (HoneProcess hone = new HoneProcess(workDir)) {
            hone.start();
            JsonNode crashed = run(hone, crashedRun);
            assertThat(crashed.path("status").asText()).isEqualTo("INTERRUPTED");
            assertThat(crashed.path("error").asText()).contains("ended abruptly").contains(stage);
        }
        return crashedRun;
    }

    /** Waits until the run has been in the stage for a second. */
    private static void awaitStage(HoneProcess hone, long id, String stage) throws Exception {
        await(hone, id, r -> stage.equals(r.path("currentStage").asText()));
        Thread.sleep(1000);
    }

    /** A run whose compression trains students on small batches: long enough to be caught inside. */
    private static Map<String, Object> compressing(String dataset, String model) {
        return Map.of("dataset", dataset, "target", "digit", "task", "CLASSIFICATION", "modelName", dataset + "-" + model,
                "training", Map.of("maxEpochs", 3, "batchSize", 8),
                "compression", Map.of("techniques", List.of("DISTIL")));
    }

    private static Map<String, Object> study(String dataset, String model, int maxEpochs, int batchSize) {
        return Map.of("dataset", dataset, "target", "species", "modelName", dataset + "-" + model,
                "training", Map.of("maxEpochs", maxEpochs, "patience", maxEpochs, "batchSize", batchSize),
                "tuning", Map.of("sampler", "RANDOM", "maxTrials", 2, "parallelism", 1, "parameters",
                        List.of(Map.of("name", "learningRate", "type", "FLOAT", "low", 1e-3, "high", 1e-2, "log", true))));
    }

    private static final String WITH_STUDY = """
            query($id: ID!) { run(id: $id) { status error endedAt study { id status trials { status intermediateValues } } } }""";

    private static JsonNode withStudy(HoneProcess hone, long id) throws Exception {
        return ok(hone.graphql(SCIENTIST, PASSWORD, WITH_STUDY, Map.of("id", id))).path("data").path("run");
    }

    /** Waits until a trial of the run is training (it has recorded epochs). */
    private static void awaitTrialEpochs(HoneProcess hone, long id) throws Exception {
        hone.awaitGraphql(SCIENTIST, PASSWORD, WITH_STUDY, Map.of("id", id), r -> {
            for (JsonNode t : r.path("data").path("run").path("study").path("trials")) {
                if ("RUNNING".equals(t.path("status").asText()) && t.path("intermediateValues").size() >= 2) {
                    return true;
                }
            }
            return false;
        }, Duration.ofMinutes(3));
    }

    private static void addScientist(HoneProcess hone) throws Exception {
        ok(hone.graphql(ADMIN, HoneProcess.ADMIN_PASSWORD, "mutation { saveUser(username: \"scientist\", password: \""
                + PASSWORD + "\", roles: [\"data-scientist\"]) { username } }", Map.of()));
    }

    private static long start(HoneProcess hone, Map<String, Object> input) throws Exception {
        JsonNode r = ok(hone.graphql(SCIENTIST, PASSWORD,
                "mutation($in: StartRunInput!) { startRun(input: $in) { id } }", Map.of("in", input)));
        return r.path("data").path("startRun").path("id").asLong();
    }

    private static JsonNode run(HoneProcess hone, long id) throws Exception {
        return ok(hone.graphql(SCIENTIST, PASSWORD, "query($id: ID!) { run(id: $id) { status currentStage error endedAt } }",
                Map.of("id", id))).path("data").path("run");
    }

    private static JsonNode await(HoneProcess hone, long id, Predicate<JsonNode> done) throws Exception {
        return hone.awaitGraphql(SCIENTIST, PASSWORD, "query($id: ID!) { run(id: $id) { status currentStage error } }",
                Map.of("id", id), r -> done.test(r.path("data").path("run")), Duration.ofMinutes(3))
                .path("data").path("run");
    }

    private static boolean isFinal(JsonNode run) {
        return List.of("SUCCEEDED", "FAILED", "CANCELLED", "INTERRUPTED").contains(run.path("status").asText());
    }

    private static JsonNode ok(JsonNode response) {
        return HoneProcess.ok(response);
    }
}
