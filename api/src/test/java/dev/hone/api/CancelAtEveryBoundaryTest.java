package dev.hone.api;

import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.VIEWER;
import static dev.hone.api.Api.errorCode;
import static dev.hone.api.Api.graphql;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.registry.run.RunService;
import dev.hone.workflows.pipeline.PipelineStage;
import dev.hone.workflows.pipeline.RegisterRequest;
import dev.hone.workflows.pipeline.RouteRequest;
import dev.hone.workflows.pipeline.ValidateRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A cancel that arrives at any stage boundary of a run with a study (each stage's start and end,
 * written as one step where one stage follows another; while its compute is routed, while the
 * version is registered, while success is recorded) or inside its study ends the run in one
 * consistent state: CANCELLED, nothing left RUNNING (stage, study, trial), no version served, and
 * the run's subscription ends. The boundary is hit exactly with {@link StageGate}; everything
 * else is the application as it runs.
 */
@QuarkusTest
class CancelAtEveryBoundaryTest {

    private static final String RUN = """
            query($id: ID!) { run(id: $id) { status error currentStage stages { stage status tries }
              study { id status trials { number status } } } }""";

    @Inject
    StageGate gate;
    @Inject
    RunService runs;

    @BeforeEach
    void users() {
        Api.ensureUsers();
    }

    @AfterEach
    void disarm() {
        gate.release();
    }

    /** A boundary: where the gate holds, and the stages that have finished when it holds there. */
    record Boundary(String name, String activityType, PipelineStage stage, boolean afterWork,
            List<String> finished, boolean registered) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> boundaries() {
        return Stream.of(
                new Boundary("PREPROCESS starts", "StageStarted", PipelineStage.PREPROCESS, false, List.of(), false),
                // The run lets the service choose its device: its compute is routed between PREPROCESS and TUNE.
                new Boundary("PREPROCESS ends", "StageCompleted", PipelineStage.PREPROCESS, true,
                        List.of("PREPROCESS"), false),
                new Boundary("routed", "Route", null, true, List.of("PREPROCESS"), false),
                new Boundary("TUNE starts", "StageStarted", PipelineStage.TUNE, false, List.of("PREPROCESS"), false),
                // Each later boundary is one step: the stage before it ends and the next starts.
                new Boundary("TUNE ends, TRAIN starts", "StageBoundary", PipelineStage.TUNE, true,
                        List.of("PREPROCESS", "TUNE"), false),
                new Boundary("TRAIN ends, EVALUATE starts", "StageBoundary", PipelineStage.TRAIN, true,
                        List.of("PREPROCESS", "TUNE", "TRAIN"), false),
                new Boundary("EVALUATE ends, VALIDATE starts", "StageBoundary", PipelineStage.EVALUATE, true,
                        List.of("PREPROCESS", "TUNE", "TRAIN", "EVALUATE"), false),
                new Boundary("inside VALIDATE, a part measured", "Measure", null, true,
                        List.of("PREPROCESS", "TUNE", "TRAIN", "EVALUATE"), false),
                new Boundary("inside VALIDATE, the passport judged", "Judge", null, true,
                        List.of("PREPROCESS", "TUNE", "TRAIN", "EVALUATE"), false),
                new Boundary("VALIDATE ends, REGISTER starts", "StageBoundary", PipelineStage.VALIDATE, true,
                        List.of("PREPROCESS", "TUNE", "TRAIN", "EVALUATE", "VALIDATE"), false),
                new Boundary("inside REGISTER, the version written", "Register", null, true,
                        List.of("PREPROCESS", "TUNE", "TRAIN", "EVALUATE", "VALIDATE"), true),
                new Boundary("REGISTER ends", "StageCompleted", PipelineStage.REGISTER, true,
                        List.of("PREPROCESS", "TUNE", "TRAIN", "EVALUATE", "VALIDATE", "REGISTER"), true),
                new Boundary("success being recorded", "RunSucceeded", null, false,
                        List.of("PREPROCESS", "TUNE", "TRAIN", "EVALUATE", "VALIDATE", "REGISTER"), true))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("boundaries")
    void cancelAtABoundaryEndsEverythingOfTheRunCancelled(Boundary boundary) throws Exception {
        String model = Api.unique("cancel-at");
        gate.arm(new StageGate.Hold(boundary.activityType(), args -> isRunOf(model, args)
                && (boundary.stage() == null || boundary.stage() == args[1]), boundary.afterWork()));
        long runId = start(model, 4, 32);
        assertThat(gate.awaitHeld(Duration.ofMinutes(3))).as("the run reached %s", boundary).isTrue();
        GraphQLStream updates = GraphQLStream.open(GraphQLStream.basic(VIEWER, Api.PASSWORD), null,
                "subscription { runUpdates(id: " + runId + ") { status } }", "runUpdates");

        assertThat(errorCode(graphql(SCIENTIST, "mutation($id: ID!) { cancelRun(id: $id) { id } }",
                Map.of("id", runId)))).isNull();
        gate.release();

        Map<String, Object> run = awaitEnd(runId);
        assertConsistentlyCancelled(run, model, boundary.registered());
        assertThat(stages(run)).filteredOn(s -> "SUCCEEDED".equals(s.get("status")))
                .extracting(s -> s.get("stage")).containsExactlyElementsOf(boundary.finished());
        assertThat(updates.awaitCompletion(Duration.ofSeconds(30))).last()
                .satisfies(last -> assertThat(last.get("status")).isEqualTo("CANCELLED"));
        if (boundary.registered()) {
            // The cancelled attempt's version stays withdrawn; a restart registers a new one, served once it succeeds.
            JsonPath restarted = graphql(SCIENTIST, "mutation($id: ID!) { restartRun(id: $id) { attempt } }",
                    Map.of("id", runId));
            assertThat(restarted.getInt("data.restartRun.attempt")).isEqualTo(2);
            assertThat(Api.awaitRun(runId, Api::isFinal, Duration.ofMinutes(3)).get("status")).isEqualTo("SUCCEEDED");
            JsonPath versions = graphql(VIEWER, "query($m: String!) { model(name: $m) { versions { version status } } }",
                    Map.of("m", model));
            assertThat(versions.getList("data.model.versions.status", String.class))
                    .containsExactlyInAnyOrder("READY", "WITHDRAWN");
            assertThat(graphql(VIEWER, "query($m: String!) { modelVersion(model: $m) { version } }", Map.of("m", model))
                    .getInt("data.modelVersion.version")).isEqualTo(2);
        }
    }

    @Test
    void cancelInsideTheStudyEndsTheStudyAndItsTrialsCancelled() throws Exception {
        String model = Api.unique("cancel-in-study");
        long runId = start(model, 10_000, 1); // trains until cancelled
        Api.awaitRun(runId, r -> "TUNE".equals(r.get("currentStage")), Duration.ofMinutes(2));
        long studyId = awaitRunningTrialWithValues(runId);
        GraphQLStream trials = GraphQLStream.open(GraphQLStream.basic(VIEWER, Api.PASSWORD), null,
                "subscription { trialUpdates(studyId: " + studyId + ") { number status } }", "trialUpdates");

        graphql(SCIENTIST, "mutation($id: ID!) { cancelRun(id: $id) { id } }", Map.of("id", runId));

        Map<String, Object> run = awaitEnd(runId);
        assertConsistentlyCancelled(run, model, false);
        assertThat(run.get("error")).isEqualTo("Cancelled by request during TUNE");
        @SuppressWarnings("unchecked")
        Map<String, Object> study = (Map<String, Object>) run.get("study");
        assertThat(study.get("status")).isEqualTo("CANCELLED");
        assertThat(trials.awaitCompletion(Duration.ofSeconds(30))).isNotEmpty();
    }

    private boolean isRunOf(String model, Object[] args) {
        long runId = switch (args[0]) {
            case RegisterRequest r -> r.runId();
            case ValidateRequest r -> r.runId();
            case RouteRequest r -> r.runId();
            default -> (Long) args[0];
        };
        return model.equals(runs.get(runId).modelName);
    }

    private static long start(String model, int maxEpochs, int batchSize) {
        String dataset = model + "-data";
        assertThat(Api.upload(SCIENTIST, dataset, Api.iris()).statusCode()).isEqualTo(201);
        JsonPath started = graphql(SCIENTIST, "mutation($in: StartRunInput!) { startRun(input: $in) { id } }",
                Map.of("in", Map.of("dataset", dataset, "target", "species", "modelName", model,
                        "training", Map.of("maxEpochs", maxEpochs, "patience", maxEpochs, "batchSize", batchSize),
                        "tuning", Map.of("sampler", "RANDOM", "maxTrials", 2, "parallelism", 1, "parameters",
                                List.of(Map.of("name", "learningRate", "type", "FLOAT", "low", 1e-3, "high", 1e-2,
                                        "log", true))))));
        assertThat(errorCode(started)).as(started.prettify()).isNull();
        return started.getLong("data.startRun.id");
    }

    private static long awaitRunningTrialWithValues(long runId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            JsonPath r = graphql(VIEWER, "query($id: ID!) { run(id: $id) { study { id trials { status "
                    + "intermediateValues } } } }", Map.of("id", runId));
            List<Map<String, Object>> trials = r.getList("data.run.study.trials");
            if (trials != null && trials.stream().anyMatch(t -> "RUNNING".equals(t.get("status"))
                    && !((List<?>) t.get("intermediateValues")).isEmpty())) {
                return r.getLong("data.run.study.id");
            }
            Thread.sleep(200);
        }
        throw new AssertionError("No trial of run " + runId + " reported an epoch in 2 minutes");
    }

    private static Map<String, Object> awaitEnd(long runId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        Map<String, Object> run;
        do {
            run = graphql(VIEWER, RUN, Map.of("id", runId)).getMap("data.run");
            if (Api.isFinal(run)) {
                return run;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Run " + runId + " did not end within a minute of its cancel: " + run);
    }

    private static void assertConsistentlyCancelled(Map<String, Object> run, String model, boolean registered) {
        assertThat(run.get("status")).as("%s", run).isEqualTo("CANCELLED");
        assertThat((String) run.get("error")).startsWith("Cancelled by request");
        assertThat(stages(run)).extracting(s -> s.get("status")).doesNotContain("RUNNING");
        @SuppressWarnings("unchecked")
        Map<String, Object> study = (Map<String, Object>) run.get("study");
        if (study != null) {
            assertThat(study.get("status")).isNotEqualTo("RUNNING");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> trials = (List<Map<String, Object>>) study.get("trials");
            assertThat(trials).extracting(t -> t.get("status")).doesNotContain("RUNNING");
        }
        // Nothing of the run is served.
        JsonPath served = graphql(VIEWER, "query($m: String!) { modelVersion(model: $m) { version } }",
                Map.of("m", model));
        JsonPath versions = graphql(VIEWER, "query($m: String!) { model(name: $m) { versions { status } } }",
                Map.of("m", model));
        if (registered) {
            assertThat(errorCode(served)).isEqualTo("NOT_FOUND");
            assertThat(versions.getList("data.model.versions.status", String.class)).containsExactly("WITHDRAWN");
        } else {
            assertThat(errorCode(versions)).as("no version was registered").isEqualTo("NOT_FOUND");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> stages(Map<String, Object> run) {
        return (List<Map<String, Object>>) run.get("stages");
    }
}
