package dev.hone.tests;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Delay from a drift onset in served traffic to the drift monitor's alarm, in the packaged application: a deployment
 * of an iris model serves rows drawn from iris at a steady rate for one window, then from the onset on every row's
 * petal length is moved by a stated number of standard deviations; the program measures when the first breaching
 * check and the alarm come after the onset, against the floor the monitor's settings set (the alarm cannot come
 * before {@code debounce} checks have seen the shift, (debounce - 1) x check interval after the first). Run with:
 *
 * <pre>
 * ./mvnw -B -q install -DskipTests
 * MAVEN_OPTS="--enable-native-access=ALL-UNNAMED" ./mvnw -B -q -pl tests \
 *   org.codehaus.mojo:exec-maven-plugin:3.5.1:java -Dexec.mainClass=dev.hone.tests.DriftDelayBenchmark \
 *   -Dexec.classpathScope=test -Dexec.args="--rate 20 --check 5 --window 60 --debounce 2"
 * </pre>
 */
public final class DriftDelayBenchmark {

    private static final String USER = "admin";
    private static final String PASSWORD = HoneProcess.ADMIN_PASSWORD;
    /** Iris's petal length: its standard deviation over the 150 rows, in cm. */
    private static final double PETAL_LENGTH_SD = 1.7653;

    private DriftDelayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Bench.root();
        int rate = Bench.intArg(args, "--rate", 20);
        int check = Bench.intArg(args, "--check", 5);
        int window = Bench.intArg(args, "--window", 60);
        int debounce = Bench.intArg(args, "--debounce", 2);
        double[] shifts = java.util.Arrays.stream(Bench.stringArg(args, "--shifts", "0.25,0.5,1,2").split(","))
                .mapToDouble(Double::parseDouble).toArray();
        List<String> lines = Files.readAllLines(root.resolve("api/src/test/resources/datasets/iris.csv"));
        System.out.printf(Locale.ROOT, "Drift onset to alarm: %d rows/s, a check every %d s over a %d s window, %d "
                + "breaching checks in a row, PSI threshold 0.25; %d cores, JDK %s%n", rate, check, window, debounce,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        Path work = Files.createTempDirectory("hone-drift-bench");
        try (HoneProcess hone = new HoneProcess(work, "-Dhone.limits.schedule-min-interval-seconds=1",
                "-Dhone.security.predict-rate-per-second=1000000", "-Dhone.security.predict-burst=1000000")) {
            hone.start();
            String model = "iris-drift";
            if (hone.upload(USER, PASSWORD, "iris", String.join("\n", lines).getBytes(StandardCharsets.UTF_8))
                    .statusCode() != 201) {
                throw new IllegalStateException("upload failed");
            }
            Map<String, Object> run = Map.of("dataset", "iris", "target", "species", "modelName", model);
            long runId = HoneProcess.ok(hone.graphql(USER, PASSWORD, "mutation($in: StartRunInput!) { startRun(input: "
                    + "$in) { id } }", Map.of("in", run))).path("data").path("startRun").path("id").asLong();
            hone.awaitGraphql(USER, PASSWORD, "query($id: ID!) { run(id: $id) { status } }", Map.of("id", runId),
                    r -> "SUCCEEDED".equals(r.path("data").path("run").path("status").asText()), Duration.ofMinutes(5));
            // The schedule the alarms fire; its runs (overlap SKIP) retrain in the background meanwhile.
            HoneProcess.ok(hone.graphql(USER, PASSWORD, "mutation($in: StartRunInput!) { createSchedule(name: "
                    + "\"retrain\", run: $in, when: {cron: \"0 2 1 1 *\"}) { name } }", Map.of("in", Map.of(
                            "dataset", "iris", "target", "species", "modelName", model, "training",
                            Map.of("maxEpochs", 2)))));
            System.out.printf(Locale.ROOT, "%n%-26s %14s %14s %16s %12s %12s%n", "petal length shift", "PSI before",
                    "first breach", "alarm after", "alarm floor", "PSI at alarm");
            for (int k = 0; k < shifts.length; k++) {
                scenario(hone, model, lines, "drift-" + k, shifts[k], rate, check, window, debounce);
            }
        }
    }

    private static void scenario(HoneProcess hone, String model, List<String> lines, String deployment, double shift,
            int rate, int check, int window, int debounce) throws Exception {
        HoneProcess.ok(hone.graphql(USER, PASSWORD, "mutation($d: String!, $m: String!) { createDeployment(name: $d, "
                + "model: $m, version: 1) { name } }", Map.of("d", deployment, "m", model)));
        HoneProcess.ok(hone.graphql(USER, PASSWORD, "mutation($d: String!, $m: DriftMonitorInput!) { "
                + "createDriftMonitor(deployment: $d, monitor: $m) { status } }", Map.of("d", deployment, "m", Map.of(
                        "schedule", "retrain", "windowSeconds", window, "checkSeconds", check, "minRows",
                        Math.max(50, rate * window / 4), "debounceChecks", debounce, "cooldownSeconds", 3600))));
        AtomicBoolean shifted = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        Thread traffic = Thread.ofPlatform().start(() -> send(hone, deployment, lines, shift, rate, shifted, stop));
        try {
            Thread.sleep(window * 1000L + 3000); // one whole window of rows like the training rows
            JsonNode before = monitor(hone, deployment);
            double psiBefore = before.path("checks").path(0).path("maxInputPsi").asDouble(Double.NaN);
            Instant onset = Instant.now();
            shifted.set(true);
            long deadline = System.nanoTime() + Duration.ofSeconds(3L * window + 10L * check).toNanos();
            Double firstBreach = null;
            JsonNode alarmed = null;
            while (System.nanoTime() < deadline && alarmed == null) {
                JsonNode m = monitor(hone, deployment);
                for (JsonNode c : m.path("checks")) {
                    Instant at = Instant.parse(c.path("checkedAt").asText());
                    if (at.isAfter(onset) && "BREACHED".equals(c.path("verdict").asText())) {
                        double s = Duration.between(onset, at).toMillis() / 1000.0;
                        firstBreach = firstBreach == null ? s : Math.min(firstBreach, s);
                    }
                    if (at.isAfter(onset) && c.path("alarm").asBoolean()) {
                        alarmed = c;
                    }
                }
                Thread.sleep(250);
            }
            double floor = (debounce - 1) * check;
            System.out.printf(Locale.ROOT, "%-26s %14.3f %14s %16s %12s %12s%n", String.format(Locale.ROOT,
                    "+%.2f sd (+%.2f cm)", shift, shift * PETAL_LENGTH_SD), psiBefore,
                    firstBreach == null ? "none" : String.format(Locale.ROOT, "%.1f s", firstBreach),
                    alarmed == null ? "none in " + (3 * window + 10 * check) + " s" : String.format(Locale.ROOT,
                            "%.1f s", Duration.between(onset, Instant.parse(alarmed.path("checkedAt").asText()))
                                    .toMillis() / 1000.0), String.format(Locale.ROOT, "%.0f-%.0f s", floor,
                            floor + check),
                    alarmed == null ? "" : String.format(Locale.ROOT, "%.3f", alarmed.path("maxInputPsi").asDouble()));
        } finally {
            stop.set(true);
            traffic.join();
            HoneProcess.ok(hone.graphql(USER, PASSWORD, "mutation($d: String!) { deleteDriftMonitor(deployment: $d) }",
                    Map.of("d", deployment)));
        }
    }

    private static JsonNode monitor(HoneProcess hone, String deployment) throws Exception {
        return HoneProcess.ok(hone.graphql(USER, PASSWORD, "query($d: String!) { driftMonitor(deployment: $d) { "
                + "lastAlarmAt checks(limit: 50) { checkedAt verdict maxInputPsi alarm } } }", Map.of("d", deployment)))
                .path("data").path("driftMonitor");
    }

    /** Rows drawn from iris at {@code rate} a second in ten requests, petal length moved once {@code shifted}. */
    private static void send(HoneProcess hone, String deployment, List<String> lines, double shift, int rate,
            AtomicBoolean shifted, AtomicBoolean stop) {
        Random random = new Random(7);
        String[] header = lines.getFirst().split(",");
        int perRequest = Math.max(1, rate / 10);
        long next = System.nanoTime();
        try {
            while (!stop.get()) {
                StringBuilder body = new StringBuilder("{\"rows\": [");
                for (int i = 0; i < perRequest; i++) {
                    String[] cells = lines.get(1 + random.nextInt(lines.size() - 1)).split(",");
                    body.append(i > 0 ? "," : "").append('{');
                    for (int c = 0; c < 4; c++) {
                        String value = cells[c];
                        if (header[c].equals("petal_length") && shifted.get()) {
                            value = String.format(Locale.ROOT, "%.2f", Double.parseDouble(value)
                                    + shift * PETAL_LENGTH_SD);
                        }
                        body.append(c > 0 ? "," : "").append('"').append(header[c]).append("\": \"").append(value)
                                .append('"');
                    }
                    body.append('}');
                }
                var response = hone.post("/api/deployments/" + deployment + "/predict", HoneProcess.basic(USER,
                        PASSWORD), "application/json", body.append("]}").toString().getBytes(StandardCharsets.UTF_8));
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("prediction failed: " + response.body());
                }
                next += 100_000_000L * perRequest * 10 / rate;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
