package dev.hone.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hone.registry.model.ModelVersion;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dynamic batching and the response cache on real models: requests that arrive together are
 * answered by one forward pass and each still gets exactly its own rows' answers; a failing pass
 * fails each of its requests; the cache answers a repeated row without the model, expires, and
 * never gives one version's answer to another.
 */
class BatchingAndResponseCacheTest {

    @TempDir
    static Path dir;

    private static ServedVersions served;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ModelServer server;

    @BeforeAll
    static void trainVersions() {
        served = new ServedVersions(dir, 2);
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private ModelServer server(ServingConfig.ModelSettings settings) {
        server = new ModelServer(served.store, 4, m -> settings, new PredictionMetrics(registry));
        return server;
    }

    @Test
    void requestsArrivingTogetherShareAForwardPassAndEachGetsItsOwnAnswers() throws Exception {
        int clients = 8;
        ModelServer server = server(new ServingConfig.ModelSettings(64, Duration.ofMillis(200), 0, Duration.ZERO));
        ModelVersion v = served.versions.get(0);
        server.predict(v, served.rows.subList(0, 1)); // loaded before the clients start
        CyclicBarrier start = new CyclicBarrier(clients);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<List<Prediction>>> answers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int from = c * 3;
                answers.add(pool.submit(() -> {
                    start.await();
                    return server.predict(v, served.rows.subList(from, from + 3));
                }));
            }
            for (int c = 0; c < clients; c++) {
                assertOwnAnswers(v, answers.get(c).get(30, TimeUnit.SECONDS), c * 3);
            }
        } finally {
            pool.shutdownNow();
        }
        DistributionSummary requests = registry.find("hone.prediction.batch.requests").summary();
        assertThat(requests.max()).as("requests merged into one pass").isGreaterThan(1);
        assertThat(registry.find("hone.prediction.batch.rows").summary().totalAmount()).isEqualTo(1 + clients * 3);
    }

    @Test
    void aBatchWaitsForNoOneByDefaultAndCapsItsRows() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        List<Integer> sizes = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstPassEntered = new CountDownLatch(1);
        CountDownLatch releaseFirstPass = new CountDownLatch(1);
        Batcher batcher = new Batcher(4, 0, x -> {
            if (passes.getAndIncrement() == 0) {
                firstPassEntered.countDown();
                await(releaseFirstPass);
            }
            return x;
        }, (rows, requests) -> sizes.add(rows));
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            float[][] lone = {{1f}};
            Future<float[][]> first = pool.submit(() -> batcher.predict(lone));
            firstPassEntered.await();
            // Five one-row requests queue while the first pass runs: the next passes take 4, then 1.
            List<Future<float[][]>> queued = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                float[][] row = {{10f + i}};
                queued.add(pool.submit(() -> batcher.predict(row)));
            }
            while (batcher.waiting() < 5) {
                Thread.sleep(1);
            }
            releaseFirstPass.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)[0][0]).isEqualTo(1f);
            for (int i = 0; i < 5; i++) {
                assertThat(queued.get(i).get(10, TimeUnit.SECONDS)[0][0]).isEqualTo(10f + i);
            }
            assertThat(sizes).containsExactly(1, 4, 1);
            assertThat(batcher.predict(new float[][] {{1f}, {2f}, {3f}, {4f}, {5f}})).as("alone when >= max rows")
                    .hasDimensions(5, 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailingPassFailsEachOfItsRequestsAndTheNextPassWorks() {
        AtomicInteger passes = new AtomicInteger();
        Batcher batcher = new Batcher(8, 0, x -> {
            if (passes.getAndIncrement() == 0) {
                throw new IllegalStateException("the engine failed");
            }
            return x;
        }, (rows, requests) -> { });
        assertThatThrownBy(() -> batcher.predict(new float[][] {{1f}})).isInstanceOf(IllegalStateException.class)
                .hasMessage("the engine failed");
        assertThat(batcher.predict(new float[][] {{2f}})[0][0]).isEqualTo(2f);
    }

    @Test
    void theResponseCacheAnswersRepeatedRowsExpiresAndKeepsVersionsApart() throws Exception {
        ModelServer server = server(new ServingConfig.ModelSettings(1, Duration.ZERO, 100, Duration.ofMillis(300)));
        ModelVersion one = served.versions.get(0);
        ModelVersion two = served.versions.get(1);
        List<Map<String, String>> rows = served.rows.subList(0, 10);

        assertOwnAnswers(one, server.predict(one, rows), 0);
        assertOwnAnswers(one, server.predict(one, rows), 0);
        assertThat(count("1", "hit")).isEqualTo(10);
        assertThat(count("1", "miss")).isEqualTo(10);

        assertOwnAnswers(two, server.predict(two, rows), 0);
        assertThat(count("2", "hit")).as("version 2 never gets version 1's answers").isZero();
        assertThat(served.differ(one, two)).isTrue();

        // "5.10" is the row "5.1" as the model sees it: one key.
        Map<String, String> written = new java.util.HashMap<>(rows.get(0));
        written.put("x1", written.get("x1") + "0");
        server.predict(one, List.of(written));
        assertThat(count("1", "hit")).isEqualTo(11);

        Thread.sleep(400);
        server.predict(one, rows.subList(0, 1));
        assertThat(count("1", "miss")).as("expired after its time to live").isEqualTo(11);
    }

    private double count(String version, String result) {
        var counter = registry.find("hone.prediction.cache.rows").tag("version", version).tag("result", result)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static void assertOwnAnswers(ModelVersion v, List<Prediction> predictions, int from) {
        float[][] expected = served.expected.get(v.id);
        List<String> labels = served.transform.classLabels();
        for (int r = 0; r < predictions.size(); r++) {
            for (int c = 0; c < labels.size(); c++) {
                assertThat(predictions.get(r).probabilities().get(labels.get(c))).as("row %d", from + r)
                        .isCloseTo(expected[from + r][c], Offset.offset(1e-5));
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
