package dev.hone.api;

import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.graphql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.hone.registry.RegistryConfig;
import dev.hone.registry.run.RunService;
import dev.hone.workflows.pipeline.PipelineStage;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run whose artifact store cannot be written fails at once, without retrying its stage, with a
 * message that names the store and the reason. The store is made unwritable the way a real fault
 * does it (its directory for new files leads to a file system that refuses writes, even to root).
 */
@QuarkusTest
class StorageFaultTest {

    private static final Path REFUSES_WRITES = Path.of("/sys");

    @Inject
    StageGate gate;
    @Inject
    RunService runs;
    @Inject
    RegistryConfig config;

    private Path root;
    private Path incoming;
    private Path parked;

    @BeforeEach
    void setUp() throws IOException {
        Api.ensureUsers();
        root = Path.of(config.artifactDir()).toAbsolutePath().normalize();
        incoming = root.resolve("tmp");
        parked = root.resolve("tmp-parked");
    }

    @AfterEach
    void repairStore() throws IOException {
        gate.release();
        if (Files.isSymbolicLink(incoming)) {
            Files.delete(incoming);
            if (Files.exists(parked)) {
                Files.move(parked, incoming);
            }
        }
    }

    private void breakStore() throws IOException {
        try {
            Files.delete(Files.createTempFile(REFUSES_WRITES, "probe", ".tmp"));
            assumeFalse(true, REFUSES_WRITES + " accepts writes here, so it cannot stand for a broken store");
        } catch (IOException expected) {
            // as on a read-only or permission-denied file system
        }
        if (Files.exists(incoming)) {
            Files.move(incoming, parked);
        }
        Files.createSymbolicLink(incoming, REFUSES_WRITES);
    }

    @Test
    void trainingFailsAtOnceWhenTheStoreCannotTakeItsWeights() throws Exception {
        String model = Api.unique("unwritable");
        assertThat(Api.upload(SCIENTIST, model, Api.iris()).statusCode()).isEqualTo(201);
        gate.arm(new StageGate.Hold("StageStarted", args -> args[1] == PipelineStage.TRAIN
                && model.equals(runs.get((Long) args[0]).modelName), false));
        long runId = graphql(SCIENTIST, "mutation($in: StartRunInput!) { startRun(input: $in) { id } }",
                Map.of("in", Map.of("dataset", model, "target", "species", "modelName", model,
                        "training", Map.of("maxEpochs", 200, "patience", 200)))).getLong("data.startRun.id");
        assertThat(gate.awaitHeld(Duration.ofMinutes(2))).isTrue();
        breakStore();
        long t0 = System.nanoTime();
        gate.release();

        Map<String, Object> run = Api.awaitRun(runId, Api::isFinal, Duration.ofMinutes(2));

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("no retried trainings").isLessThan(Duration.ofSeconds(20));
        assertThat(run.get("status")).isEqualTo("FAILED");
        assertThat((String) run.get("error")).startsWith("The artifact store is not writable (permission denied)")
                .contains("hone.registry.artifact-dir");
        List<Map<String, Object>> stages = graphql(SCIENTIST, "query($id: ID!) { run(id: $id) { stages { stage status "
                + "tries } } }", Map.of("id", runId)).getList("data.run.stages");
        assertThat(stages).last().satisfies(train -> {
            assertThat(train).containsEntry("stage", "TRAIN").containsEntry("status", "FAILED");
            assertThat(train.get("tries")).as("tried once, not retried").isEqualTo(1);
        });
    }

    @Test
    void preprocessingFailsAtOnceWhenTheStoreCannotTakeTheSplits() throws Exception {
        String dataset = Api.unique("unwritable-pre");
        assertThat(Api.upload(SCIENTIST, dataset, Api.iris()).statusCode()).isEqualTo(201);
        breakStore();

        long runId = graphql(SCIENTIST, "mutation($in: StartRunInput!) { startRun(input: $in) { id } }",
                Map.of("in", Map.of("dataset", dataset, "target", "species"))).getLong("data.startRun.id");
        Map<String, Object> run = Api.awaitRun(runId, Api::isFinal, Duration.ofSeconds(30));

        assertThat(run.get("status")).isEqualTo("FAILED");
        assertThat((String) run.get("error")).startsWith("The artifact store is not writable (permission denied)")
                .doesNotContain("upload");
    }
}
