package dev.hone.tests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hone.ml.model.MlpModel;
import dev.hone.ml.preprocess.FittedTransform;
import dev.hone.ml.servable.FloatMlpFormat;
import dev.hone.ml.servable.ModelKind;
import dev.hone.ml.servable.ServableModel;
import dev.hone.ml.servable.ServableModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Serving throughput and latency of the packaged application against the raw in-process forward
 * pass of the same model, measured in one run on the same cores (issue 17's targets):
 * <ul>
 *   <li>single-row REST predictions at 1..64 concurrent clients (keep-alive connections, a minimal
 *       client so that it takes little of the CPU), the best against the raw batch-1 forward;</li>
 *   <li>64-row requests in rows/s against the raw batch-64 forward;</li>
 *   <li>p50 and p99 latency at one client; the Open Inference Protocol endpoint beside REST;</li>
 *   <li>64 clients with dynamic batching on and off (the same data directory started twice);</li>
 *   <li>the server's resident memory after the load, under the heap limit the launcher sets.</li>
 * </ul>
 * The raw forward reads the served version's own artifacts (looked up in the server's database),
 * so both sides compute the same network.
 *
 * <pre>{@code
 * MAVEN_OPTS="--enable-native-access=ALL-UNNAMED --add-modules=jdk.incubator.vector -Dai.djl.offline=true" \
 *   ./mvnw -B -q -pl tests org.codehaus.mojo:exec-maven-plugin:3.5.1:java \
 *   -Dexec.mainClass=dev.hone.tests.ServingBenchmark -Dexec.classpathScope=test -Dexec.args="--seconds 3"
 * }</pre>
 * {@code --profile /tmp/serving.jfr} records the first server with Java Flight Recorder.
 */
public final class ServingBenchmark {

    private static final String USER = "admin";
    private static final String MODEL = "iris-serving";
    private static final int[] CONCURRENCY = {1, 2, 4, 8, 16, 32, 64};
    private static final String ROW = "{\"sepal_length\": \"5.1\", \"sepal_width\": \"3.5\", \"petal_length\": \"1.4\", "
            + "\"petal_width\": \"0.2\"}";

    private ServingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Bench.root();
        int seconds = Bench.intArg(args, "--seconds", 3);
        Path work = Files.createTempDirectory("hone-serving-bench");
        int dbPort = HoneProcess.freePort();
        List<String> jvm = new ArrayList<>(List.of("-Dhone.db.embedded.port=" + dbPort,
                "-Dhone.security.predict-rate-per-second=10000000", "-Dhone.security.predict-burst=10000000"));
        String profile = Bench.stringArg(args, "--profile", null);
        if (profile != null) {
            // A flight recording of the first server (method samples), written when it stops.
            jvm.add("-XX:StartFlightRecording=filename=" + profile + ",settings=profile,dumponexit=true");
        }
        String[] common = jvm.toArray(String[]::new);
        System.out.printf(Locale.ROOT, "Serving benchmark: %d s per point, %d cores, JDK %s%n", seconds,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        Map<String, Double> batchingAt64 = new LinkedHashMap<>();
        try (HoneProcess hone = new HoneProcess(work, common)) {
            hone.start();
            train(hone, root.resolve("api/src/test/resources/datasets/iris.csv"));
            Raw raw = raw(work, dbPort, seconds);

            byte[] one = request(hone, "/api/models/" + MODEL + "/predict", "{\"rows\": [" + ROW + "]}");
            StringBuilder many = new StringBuilder("{\"rows\": [");
            for (int i = 0; i < 64; i++) {
                many.append(i == 0 ? "" : ", ").append(ROW);
            }
            byte[] sixtyFour = request(hone, "/api/models/" + MODEL + "/predict", many.append("]}").toString());
            byte[] infer = request(hone, "/v2/models/" + MODEL + "/infer", "{\"inputs\": [{\"name\": \"input-0\", "
                    + "\"shape\": [1, 4], \"datatype\": \"FP32\", \"data\": [5.1, 3.5, 1.4, 0.2]}]}");
            // A deployment of the same version: routing, prediction ids, serving windows with passport bins and the
            // extraction watch on top of the model's answer.
            HoneProcess.ok(hone.graphql(USER, HoneProcess.ADMIN_PASSWORD, "mutation { createDeployment(name: "
                    + "\"bench\", model: \"" + MODEL + "\", version: 1) { name } }", Map.of()));
            byte[] deployed = request(hone, "/api/deployments/bench/predict", "{\"rows\": [" + ROW + "]}");
            byte[] deployed64 = request(hone, "/api/deployments/bench/predict", many.toString());
            warmUp(hone, one, sixtyFour, infer, deployed, deployed64);

            System.out.printf(Locale.ROOT, "%nRaw forward, in process: batch 1 %.0f calls/s (1 thread), %.0f (2 threads);"
                    + " batch 64 %.0f rows/s (2 threads); transform + forward, batch 1: %.0f calls/s (2 threads)%n"
                    + "The same network through DJL's forward (2 threads): batch 1 %.0f calls/s, batch 64 %.0f rows/s%n",
                    raw.batch1, raw.batch1TwoThreads, raw.batch64Rows, raw.transformAndForward, raw.engineBatch1,
                    raw.engineBatch64Rows);
            System.out.printf(Locale.ROOT, "%n%-28s %8s %12s %10s %10s %8s%n", "REST predict, 1 row", "clients",
                    "requests/s", "p50 ms", "p99 ms", "vs raw");
            double best = 0;
            for (int c : CONCURRENCY) {
                Result r = load(hone, one, c, seconds);
                best = Math.max(best, r.perSecond);
                System.out.printf(Locale.ROOT, "%-28s %8d %12.0f %10.3f %10.3f %8.3f%n", "", c, r.perSecond, r.p50,
                        r.p99, r.perSecond / raw.batch1TwoThreads);
                if (c == 64) {
                    batchingAt64.put("batching on (64 rows, no wait)", r.perSecond);
                }
            }
            double bestRows = 0;
            for (int c : new int[] {1, 2, 8, 32}) {
                Result r = load(hone, sixtyFour, c, seconds);
                bestRows = Math.max(bestRows, r.perSecond * 64);
                System.out.printf(Locale.ROOT, "%-28s %8d %12.0f %10.3f %10.3f %8.3f%n", "REST predict, 64 rows", c,
                        r.perSecond, r.p50, r.p99, r.perSecond * 64 / raw.batch64Rows);
            }
            for (int c : new int[] {1, 16}) {
                Result r = load(hone, infer, c, seconds);
                System.out.printf(Locale.ROOT, "%-28s %8d %12.0f %10.3f %10.3f %8.3f%n", "OIP infer, 1 row", c,
                        r.perSecond, r.p50, r.p99, r.perSecond / raw.batch1TwoThreads);
            }
            for (int c : new int[] {1, 16, 64}) {
                Result r = load(hone, deployed, c, seconds);
                System.out.printf(Locale.ROOT, "%-28s %8d %12.0f %10.3f %10.3f %8.3f%n", "Deployment, 1 row", c,
                        r.perSecond, r.p50, r.p99, r.perSecond / raw.batch1TwoThreads);
            }
            for (int c : new int[] {8}) {
                Result r = load(hone, deployed64, c, seconds);
                System.out.printf(Locale.ROOT, "%-28s %8d %12.0f %10.3f %10.3f %8.3f%n", "Deployment, 64 rows", c,
                        r.perSecond, r.p50, r.p99, r.perSecond * 64 / raw.batch64Rows);
            }
            Result single = load(hone, one, 1, seconds);
            System.out.printf(Locale.ROOT, "%nTargets: best 1-row throughput %.4fx the raw batch-1 forward (target 0.5; "
                    + "%.3fx DJL's); 64-row requests %.3fx the raw batch-64 forward (target 0.5; %.3fx DJL's); p50 at one "
                    + "client %.3f ms (target < 0.5)%n", best / raw.batch1TwoThreads, best / raw.engineBatch1,
                    bestRows / raw.batch64Rows, bestRows / raw.engineBatch64Rows, single.p50);
            System.out.printf(Locale.ROOT, "Server resident memory after the load: %d MB (heap limit -Xmx2g, as ./hone "
                    + "sets it)%n", rssMegabytes(hone.pid()));
            hone.stop();
        }
        List<String> plainArgs = new ArrayList<>(jvm.subList(0, 3));
        plainArgs.add("-Dhone.serving.batch.max-rows=1");
        String[] plain = plainArgs.toArray(String[]::new);
        try (HoneProcess hone = new HoneProcess(work, plain)) {
            hone.start();
            byte[] one = request(hone, "/api/models/" + MODEL + "/predict", "{\"rows\": [" + ROW + "]}");
            warmUp(hone, one);
            batchingAt64.put("batching off", load(hone, one, 64, seconds).perSecond);
            hone.stop();
        }
        System.out.printf(Locale.ROOT, "%n64 clients, 1-row requests: %s%n", batchingAt64.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.0f/s", e.getKey(), e.getValue())).toList());
    }

    /** Runs every request kind until the server's JIT has settled (about 20 s). */
    private static void warmUp(HoneProcess hone, byte[]... requests) throws Exception {
        for (int round = 0; round < 2; round++) {
            for (byte[] r : requests) {
                load(hone, r, 8, Math.max(1, 10 / requests.length));
            }
        }
    }

    private static void train(HoneProcess hone, Path iris) throws Exception {
        if (hone.upload(USER, HoneProcess.ADMIN_PASSWORD, "iris", Files.readAllBytes(iris)).statusCode() != 201) {
            throw new IllegalStateException("upload failed");
        }
        JsonNode started = HoneProcess.ok(hone.graphql(USER, HoneProcess.ADMIN_PASSWORD,
                "mutation($in: StartRunInput!) { startRun(input: $in) { id } }", Map.of("in", Map.of(
                        "dataset", "iris", "target", "species", "modelName", MODEL))));
        long runId = started.path("data").path("startRun").path("id").asLong();
        JsonNode run = hone.awaitGraphql(USER, HoneProcess.ADMIN_PASSWORD, "query($id: ID!) { run(id: $id) { status } }",
                Map.of("id", runId), r -> !List.of("QUEUED", "RUNNING").contains(
                        r.path("data").path("run").path("status").asText()), Duration.ofMinutes(5));
        if (!run.path("data").path("run").path("status").asText().equals("SUCCEEDED")) {
            throw new IllegalStateException("training failed: " + run);
        }
    }

    private record Raw(double batch1, double batch1TwoThreads, double batch64Rows, double transformAndForward,
            double engineBatch1, double engineBatch64Rows) {
    }

    /** The served version's model, loaded from its artifacts in this process, timed alone. */
    private static Raw raw(Path work, int dbPort, int seconds) throws Exception {
        String kind;
        String descriptor;
        String weights;
        String transformSha;
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + dbPort + "/hone", "postgres", null);
                ResultSet r = c.createStatement().executeQuery("select kind, parameters_json, weights_sha, transform_sha "
                        + "from model_version order by id desc limit 1")) {
            r.next();
            kind = r.getString(1);
            descriptor = r.getString(2);
            weights = r.getString(3);
            transformSha = r.getString(4);
        }
        Path artifacts = work.resolve("data/artifacts");
        byte[] content = Files.readAllBytes(artifacts.resolve(weights.substring(0, 2)).resolve(weights));
        FittedTransform transform = FittedTransform.fromJson(
                Files.readAllBytes(artifacts.resolve(transformSha.substring(0, 2)).resolve(transformSha)));
        try (ServableModel model = ServableModels.load(ModelKind.parse(kind), descriptor, content)) {
            Map<String, String> row = Map.of("sepal_length", "5.1", "sepal_width", "3.5", "petal_length", "1.4",
                    "petal_width", "0.2");
            float[][] one = transform.transform(List.of(row));
            float[][] sixtyFour = new float[64][];
            Arrays.fill(sixtyFour, one[0]);
            timed(1, 1, () -> model.predict(one));
            double batch1 = timed(1, seconds, () -> model.predict(one));
            double batch1Two = timed(2, seconds, () -> model.predict(one));
            double batch64 = timed(2, seconds, () -> model.predict(sixtyFour)) * 64;
            double both = timed(2, seconds, () -> model.predict(transform.transform(List.of(row))));
            // The same network through DJL's forward: how float models were served before issue 15.
            if (ModelKind.parse(kind) != ModelKind.FLOAT_MLP) {
                return new Raw(batch1, batch1Two, batch64, both, Double.NaN, Double.NaN);
            }
            try (MlpModel engine = FloatMlpFormat.descriptor(descriptor).load(content)) {
                timed(1, 1, () -> engine.predictRaw(one));
                double engine1 = timed(2, seconds, () -> engine.predictRaw(one));
                double engine64 = timed(2, seconds, () -> engine.predictRaw(sixtyFour)) * 64;
                return new Raw(batch1, batch1Two, batch64, both, engine1, engine64);
            }
        }
    }

    /** Calls per second of {@code call} on {@code threads} threads for {@code seconds}. */
    private static double timed(int threads, int seconds, Runnable call) throws InterruptedException {
        LongAdder calls = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            running.add(Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    call.run();
                    calls.increment();
                }
            }));
        }
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread t : running) {
            t.join();
        }
        return calls.sum() / ((System.nanoTime() - start) / 1e9);
    }

    private record Result(double perSecond, double p50, double p99) {
    }

    /** {@code clients} keep-alive connections sending {@code request} back to back for {@code seconds}. */
    private static Result load(HoneProcess hone, byte[] request, int clients, int seconds) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder done = new LongAdder();
        List<long[]> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch connected = new CountDownLatch(clients);
        int port = hone.uri("/").getPort();
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[200_000];
            latencies.add(mine);
            threads.add(Thread.ofPlatform().start(() -> {
                try (KeepAliveHttp conn = new KeepAliveHttp(port)) {
                    connected.countDown();
                    connected.await();
                    int n = 0;
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        int status = conn.send(request);
                        if (status != 200) {
                            throw new IllegalStateException("HTTP " + status);
                        }
                        if (n < mine.length - 1) {
                            mine[++n] = System.nanoTime() - t0;
                        }
                        done.increment();
                    }
                    mine[0] = n;
                } catch (Exception e) {
                    failures.add(e);
                }
            }));
        }
        connected.await();
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a client failed", failures.get(0));
        }
        int total = latencies.stream().mapToInt(l -> (int) l[0]).sum();
        long[] all = new long[total];
        int at = 0;
        for (long[] l : latencies) {
            System.arraycopy(l, 1, all, at, (int) l[0]);
            at += (int) l[0];
        }
        Arrays.sort(all);
        return new Result(done.sum() / elapsed, all[total / 2] / 1e6, all[(int) (total * 0.99)] / 1e6);
    }

    private static byte[] request(HoneProcess hone, String path, String body) {
        return KeepAliveHttp.post(hone.uri("/").getPort(), path, USER, HoneProcess.ADMIN_PASSWORD, body);
    }

    private static long rssMegabytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }
}
