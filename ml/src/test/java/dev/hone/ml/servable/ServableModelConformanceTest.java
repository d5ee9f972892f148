package dev.hone.ml.servable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of {@link ServableModel}, checked for every {@link ModelKind} and for a classifier
 * and a regressor of each: a model loaded back from its stored artifact answers as the producer's
 * model in memory (within the kind's stated tolerance), batches and single rows agree (within
 * {@link #BATCH_TOLERANCE}), concurrent predictions agree with sequential ones exactly, and a bad
 * artifact or a closed model is refused with a message naming the problem.
 */
class ServableModelConformanceTest {

    /**
     * Largest difference allowed between a row predicted alone and the same row predicted in a
     * batch, relative to the output's size (absolute for outputs below 1): engines may sum in another
     * order for another batch size, which changes the last bits of a float32.
     */
    static final double BATCH_TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    static Stream<Arguments> models() {
        return Arrays.stream(ModelKind.values())
                .flatMap(kind -> Stream.of(Arguments.of(kind, "classifier"), Arguments.of(kind, "regressor")));
    }

    private static KindFixture.Produced produced(ModelKind kind, String task) {
        KindFixture fixture = KindFixture.of(kind);
        return task.equals("classifier") ? fixture.classifier() : fixture.regressor();
    }

    /** Writes the artifact to files and reads it back, as the artifact store and registry row hold it. */
    private ServableModel loadThroughFiles(ServableArtifact artifact) throws Exception {
        Path descriptor = Files.writeString(dir.resolve("descriptor.json"), artifact.descriptor());
        Path content = Files.write(dir.resolve("content.bin"), artifact.content());
        return ServableModels.load(ModelKind.parse(artifact.kind().name()), Files.readString(descriptor),
                Files.readAllBytes(content));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("models")
    void loadedModelAnswersAsTheProducersModelInMemory(ModelKind kind, String task) throws Exception {
        KindFixture.Produced p = produced(kind, task);
        assertThat(p.artifact().kind()).isEqualTo(kind);
        try (ServableModel loaded = loadThroughFiles(p.artifact())) {
            assertThat(loaded.kind()).isEqualTo(kind);
            assertThat(loaded.inputSize()).isEqualTo(p.reference().inputSize());
            assertThat(loaded.outputSize()).isEqualTo(p.reference().outputSize());
            assertThat(loaded.classifier()).isEqualTo(task.equals("classifier"));
            float[][] expected = p.reference().predict(p.rows());
            float[][] actual = loaded.predict(p.rows());
            assertClose(actual, expected, KindFixture.of(kind).tolerance());
            if (loaded.classifier()) {
                for (float[] row : actual) {
                    double sum = 0;
                    for (float probability : row) {
                        assertThat(probability).isBetween(0f, 1f);
                        sum += probability;
                    }
                    assertThat(sum).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-5));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("models")
    void batchAndSingleRowPredictionsAgree(ModelKind kind, String task) {
        KindFixture.Produced p = produced(kind, task);
        try (ServableModel loaded = ServableModels.load(p.artifact())) {
            float[][] batch = loaded.predict(p.rows());
            assertThat(batch).hasNumberOfRows(p.rows().length);
            for (int r = 0; r < p.rows().length; r++) {
                float[][] single = loaded.predict(new float[][] {p.rows()[r]});
                assertClose(single, new float[][] {batch[r]}, BATCH_TOLERANCE);
            }
            assertThat(loaded.predict(new float[0][])).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("models")
    void concurrentPredictionsAgreeWithSequentialOnes(ModelKind kind, String task) throws Exception {
        KindFixture.Produced p = produced(kind, task);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (ServableModel loaded = ServableModels.load(p.artifact())) {
            float[][] batch = loaded.predict(p.rows());
            float[][] singles = new float[p.rows().length][];
            for (int r = 0; r < singles.length; r++) {
                singles[r] = loaded.predict(new float[][] {p.rows()[r]})[0];
            }
            List<Callable<Boolean>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                work.add(() -> {
                    for (int i = 0; i < 25; i++) {
                        int r = (thread * 25 + i) % p.rows().length;
                        if (!Arrays.deepEquals(loaded.predict(p.rows()), batch)
                                || !Arrays.equals(loaded.predict(new float[][] {p.rows()[r]})[0], singles[r])) {
                            return false;
                        }
                    }
                    return true;
                });
            }
            for (Future<Boolean> f : pool.invokeAll(work)) {
                assertThat(f.get()).as("every concurrent prediction equals the sequential one").isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("models")
    void malformedArtifactsAreRefusedNamingTheKindAndTheProblem(ModelKind kind, String task) {
        ServableArtifact good = produced(kind, task).artifact();
        ServableArtifact other = (task.equals("classifier") ? KindFixture.of(kind).regressor()
                : KindFixture.of(kind).classifier()).artifact();
        byte[] content = good.content();
        List<ServableArtifact> bad = List.of(
                new ServableArtifact(kind, good.descriptor(), Arrays.copyOf(content, content.length / 2)),
                new ServableArtifact(kind, good.descriptor(), new byte[0]),
                new ServableArtifact(kind, good.descriptor(),
                        "{\"not\": \"a model\"}".repeat(content.length / 16 + 1).getBytes(StandardCharsets.UTF_8)),
                new ServableArtifact(kind, good.descriptor(), other.content()),
                new ServableArtifact(kind, other.descriptor(), content),
                new ServableArtifact(kind, "not json", content),
                new ServableArtifact(kind, "{}", content),
                new ServableArtifact(kind, "", content));
        for (ServableArtifact artifact : bad) {
            assertThatThrownBy(() -> ServableModels.load(artifact).close())
                    .as("descriptor %s with %d content bytes", artifact.descriptor(), artifact.content().length)
                    .isInstanceOf(ServableArtifactException.class)
                    .hasMessageContaining(kind.name());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("models")
    void aClosedModelRefusesToPredict(ModelKind kind, String task) {
        KindFixture.Produced p = produced(kind, task);
        ServableModel loaded = ServableModels.load(p.artifact());
        loaded.close();
        loaded.close();
        assertThatThrownBy(() -> loaded.predict(p.rows()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void anUnknownKindIsRefusedNamingTheKindsThisReleaseServes() {
        assertThatThrownBy(() -> ModelKind.parse("INT4_MLP"))
                .isInstanceOf(ServableArtifactException.class)
                .hasMessageContaining("'INT4_MLP'")
                .hasMessageContaining(ModelKind.FLOAT_MLP.name());
        assertThatThrownBy(() -> ModelKind.parse(null)).isInstanceOf(ServableArtifactException.class);
        assertThatThrownBy(() -> ServableModels.load(null, "{}", new byte[1]))
                .isInstanceOf(ServableArtifactException.class);
    }

    /** Every output within {@code tolerance}, relative to its size when above 1. */
    private static void assertClose(float[][] actual, float[][] expected, double tolerance) {
        assertThat(actual).hasNumberOfRows(expected.length);
        for (int r = 0; r < expected.length; r++) {
            assertThat(actual[r]).hasSize(expected[r].length);
            for (int c = 0; c < expected[r].length; c++) {
                double allowed = tolerance * Math.max(1, Math.abs(expected[r][c]));
                assertThat((double) actual[r][c]).as("row %d output %d", r, c)
                        .isCloseTo(expected[r][c], org.assertj.core.data.Offset.offset(allowed));
            }
        }
    }
}
