package dev.hone.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hone.registry.common.InvalidInputException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.hone.registry.model.ApprovalStatus;
import dev.hone.registry.model.ModelVersion;
import dev.hone.registry.model.ModelVersionStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serving's own rules, on real models in an artifact directory, without the API or a database:
 * answers equal the version's model applied to its transform, refusals name the problem, a version
 * is loaded once however many first requests arrive together, the cache keeps the recently used
 * versions, and eviction never closes a model a request is still predicting with, while every
 * evicted model does get closed.
 */
class ModelServerTest {

    @TempDir
    static Path dir;

    private static ServedVersions served;

    private ModelServer server;

    @BeforeAll
    static void trainVersions() {
        served = new ServedVersions(dir, 3);
    }

    /** Closing again after a test closed it is harmless: closing is idempotent. */
    @AfterEach
    void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    private ModelServer server(int cacheSize) {
        server = new ModelServer(served.store, cacheSize, m -> ServingConfig.ModelSettings.PLAIN,
                new PredictionMetrics(new SimpleMeterRegistry()));
        return server;
    }

    private static ModelVersion version(int v) {
        return served.versions.get(v - 1);
    }

    /** A copy of a version, with its own id so that it is cached on its own. */
    private static ModelVersion copy(ModelVersion v, long id) {
        ModelVersion c = new ModelVersion();
        c.id = id;
        c.model = v.model;
        c.version = v.version;
        c.status = v.status;
        c.approvalStatus = v.approvalStatus;
        c.task = v.task;
        c.kind = v.kind;
        c.parametersJson = v.parametersJson;
        c.weightsSha = v.weightsSha;
        c.transformSha = v.transformSha;
        return c;
    }

    /** A version with a temperature serves its model's probabilities scaled by it; the labels stay the same. */
    @Test
    void aVersionWithATemperatureServesScaledProbabilitiesAndTheSameLabels() {
        ModelVersion plain = version(1);
        ModelVersion scaled = copy(plain, 903);
        scaled.temperature = 2.5;
        ModelServer server = server(2);
        List<Prediction> as = server.predict(plain, served.rows);
        List<Prediction> bs = server.predict(scaled, served.rows);
        for (int r = 0; r < as.size(); r++) {
            Prediction a = as.get(r);
            Prediction b = bs.get(r);
            assertThat(b.label()).isEqualTo(a.label());
            // softmax(log p / T): the probabilities to the power 1/T, renormalized.
            double norm = a.probabilities().values().stream().mapToDouble(p -> Math.pow(p, 1 / 2.5)).sum();
            a.probabilities().forEach((label, p) -> assertThat(b.probabilities().get(label))
                    .isCloseTo(Math.pow(p, 1 / 2.5) / norm, org.assertj.core.data.Offset.offset(1e-5)));
            assertThat(b.probabilities().get(b.label())).isLessThanOrEqualTo(a.probabilities().get(a.label()) + 1e-6);
        }
    }

    @Test
    void answersAreTheVersionsModelAppliedToItsTransform() {
        ModelServer server = server(4);
        for (ModelVersion v : served.versions) {
            List<Prediction> predictions = server.predict(v, served.rows);
            assertThat(served.answersAsExpected(v, predictions)).as("version %d", v.version).isTrue();
            assertThat(predictions).allSatisfy(p -> {
                assertThat(p.value()).isNull();
                assertThat(p.imputed()).isEmpty();
            });
        }
        assertThat(served.differ(version(1), version(2)) && served.differ(version(2), version(3))
                && served.differ(version(1), version(3))).as("the versions answer differently").isTrue();
    }

    @Test
    void aMissingValueIsImputedAndNamed() {
        Map<String, String> row = new HashMap<>(served.rows.get(0));
        row.put("color", "NA");
        row.put("x1", null);
        Prediction p = server(1).predict(version(1), List.of(row)).get(0);
        assertThat(p.imputed()).containsExactly("x1", "color");
        assertThat(p.label()).isNotBlank();
    }

    @Test
    void refusesVersionsThatMayNotServeWithoutLoadingThem() {
        ModelVersion rejected = copy(version(1), 901);
        rejected.approvalStatus = ApprovalStatus.REJECTED;
        rejected.approvedBy = "ana";
        ModelVersion pending = copy(version(1), 902);
        pending.status = ModelVersionStatus.PENDING;
        ModelServer server = server(2);
        int reads = served.store.reads(version(1).weightsSha);

        assertThatThrownBy(() -> server.predict(rejected, served.rows))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("REJECTED by ana");
        assertThatThrownBy(() -> server.predict(pending, served.rows))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("only READY versions are served");
        assertThat(served.store.reads(version(1).weightsSha)).isEqualTo(reads);
        assertThat(server.cacheStats().loads()).isZero();
    }

    @Test
    void refusesRowsThatDoNotFitTheModel() {
        ModelServer server = server(1);
        ModelVersion v = version(1);
        Map<String, String> unknown = new LinkedHashMap<>(served.rows.get(0));
        unknown.put("petal", "3");
        Map<String, String> lacking = new LinkedHashMap<>(served.rows.get(0));
        lacking.remove("x2");
        Map<String, String> notANumber = new LinkedHashMap<>(served.rows.get(0));
        notANumber.put("x1", "tall");
        List<Map<String, String>> withNull = new ArrayList<>(served.rows);
        withNull.set(2, null);

        assertThatThrownBy(() -> server.predict(v, List.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least one row");
        assertThatThrownBy(() -> server.predict(v, withNull))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("Row 3 is null");
        assertThatThrownBy(() -> server.predict(v, List.of(unknown)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("unknown column 'petal'");
        assertThatThrownBy(() -> server.predict(v, List.of(served.rows.get(0), lacking)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("row 2 lacks [x2]");
        assertThatThrownBy(() -> server.predict(v, List.of(notANumber)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("tall");
        // refusals release their lease: the model is still served and closes with the server
        assertThat(served.answersAsExpected(v, server.predict(v, served.rows))).isTrue();
    }

    @Test
    void aVersionWhoseModelCannotBeReadIsRefusedNamingItAndIsNotCached() {
        ModelVersion unknownKind = copy(version(1), 903);
        unknownKind.kind = "INT4_MLP";
        ModelVersion damaged = copy(version(2), 904);
        damaged.weightsSha = version(2).transformSha;
        ModelServer server = server(2);

        assertThatThrownBy(() -> server.predict(unknownKind, served.rows))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Version 1 of model 'flowers' cannot be served")
                .hasMessageContaining("Unknown model kind 'INT4_MLP'");
        assertThatThrownBy(() -> server.predict(damaged, served.rows))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Version 2 of model 'flowers' cannot be served")
                .hasMessageContaining("Cannot load the FLOAT_MLP model");
        assertThat(server.cacheStats().resident()).isZero();
        // a later request tries again rather than answering from a remembered failure
        int reads = served.store.reads(version(2).transformSha);
        assertThatThrownBy(() -> server.predict(damaged, served.rows)).isInstanceOf(IllegalStateException.class);
        assertThat(served.store.reads(version(2).transformSha)).isGreaterThan(reads);
    }

    @Test
    void loadsAVersionOnceWhenManyFirstRequestsArriveTogether() throws Exception {
        ModelVersion v = copy(version(2), 905);
        ModelServer server = server(2);
        int reads = served.store.reads(v.weightsSha);
        int callers = 12;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<List<Prediction>>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return server.predict(v, served.rows);
                }));
            }
            start.countDown();
            for (Future<List<Prediction>> answer : answers) {
                assertThat(served.answersAsExpected(version(2), answer.get())).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(served.store.reads(v.weightsSha) - reads).as("reads of the model's artifact").isEqualTo(1);
        assertThat(server.cacheStats().loads()).isEqualTo(1);
    }

    @Test
    void keepsTheRecentlyUsedVersionsAndClosesTheOneItEvicts() {
        ModelServer server = server(2);
        ModelVersion a = copy(version(1), 911);
        ModelVersion b = copy(version(2), 912);
        ModelVersion c = copy(version(3), 913);
        server.predict(a, served.rows);
        server.predict(b, served.rows);
        server.predict(a, served.rows);
        assertThat(server.cacheStats()).isEqualTo(new ModelCache.Stats(2, 2, 0, 0, 0));

        server.predict(c, served.rows);
        // b was the least recently used: evicted and, as no request held it, closed at once
        assertThat(server.cacheStats()).isEqualTo(new ModelCache.Stats(2, 3, 1, 1, 0));
        int readsOfA = served.store.reads(a.weightsSha);
        assertThat(served.answersAsExpected(version(1), server.predict(a, served.rows))).isTrue();
        assertThat(served.store.reads(a.weightsSha)).as("a is served from the cache").isEqualTo(readsOfA);
        assertThat(served.answersAsExpected(version(2), server.predict(b, served.rows))).isTrue();
        assertThat(server.cacheStats().loads()).as("b is loaded again").isEqualTo(4);

        server.close();
        assertThat(server.cacheStats().closes()).as("closing the server closes every model").isEqualTo(4);
    }

    @Test
    void manyThreadsPredictingWhileTheCacheEvictsGetCorrectAnswersAndEveryEvictedModelIsClosed()
            throws Exception {
        ModelServer server = server(1);
        int threads = 8;
        int calls = 30;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Callable<Integer>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random random = new Random(t);
                work.add(() -> {
                    start.await();
                    int correct = 0;
                    for (int i = 0; i < calls; i++) {
                        ModelVersion v = version(1 + random.nextInt(3));
                        List<Map<String, String>> rows = served.rows.subList(0, 1 + random.nextInt(30));
                        if (served.answersAsExpected(v, server.predict(v, rows))) {
                            correct++;
                        }
                    }
                    return correct;
                });
            }
            List<Future<Integer>> results = new ArrayList<>();
            for (Callable<Integer> w : work) {
                results.add(pool.submit(w));
            }
            start.countDown();
            for (Future<Integer> r : results) {
                assertThat(r.get()).as("correct answers of one thread").isEqualTo(calls);
            }
        } finally {
            pool.shutdownNow();
        }
        ModelCache.Stats stats = server.cacheStats();
        assertThat(stats.evictions()).as("the cache of one was forced to evict").isGreaterThan(10);
        assertThat(stats.closesOnRelease()).as("models evicted while a request used them, closed by its release")
                .isPositive();
        assertThat(stats.resident()).isEqualTo(1);
        assertThat(stats.closes()).as("every model but the resident one is closed once released")
                .isEqualTo(stats.loads() - 1);
        server.close();
        assertThat(server.cacheStats().closes()).isEqualTo(stats.loads());
    }
}
