package dev.hone.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hone.ml.data.DataFiles;
import dev.hone.ml.data.DataProfile;
import dev.hone.ml.data.DataTable;
import dev.hone.ml.data.Profiler;
import dev.hone.ml.data.Progress;
import dev.hone.ml.data.RowSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Data at scale: how upload, profile, preprocess and one training epoch grow from 10,000 to
 * 1,000,000 rows, and how Hone's load + profile compares with pandas on the same file.
 *
 * <p>The program writes seeded synthetic CSV files (20 columns: 18 numeric features with two
 * decimals drawn from N(0,1), a categorical feature with 5 values, and a 3-class label from a noisy
 * linear rule) to a temporary directory; the 1,000,000-row file stays under the 100 MiB upload
 * limit. Then, per size:
 * <ol>
 *   <li>in this JVM, Hone's streaming profile ({@code Profiler.profile}) and columnar load
 *       ({@code DataTable.read}) of the file, {@code --reps} times (first and median), against
 *       Debian's pandas ({@code /usr/bin/python3}: {@code read_csv} + {@code describe(include='all')},
 *       timed inside Python), same file, same run;</li>
 *   <li>on one packaged Hone process (embedded mode, heap capped at 2 GB by {@link HoneProcess}):
 *       the HTTP upload (the server stages, profiles and stores the file), then a default run on
 *       the label with training limited to {@code --epochs} (1), its stage times read from the API.</li>
 * </ol>
 * It prints time per 1,000 rows per stage and size, the ratio largest/smallest size of it (1.0 is
 * linear), the CPU time of both sides of the pandas comparison, and the Hone process's peak RSS
 * ({@code VmHWM}) and heap use (from its {@code -Xlog:gc} log). Everything talks to 127.0.0.1 only;
 * the temporary directory is deleted and Hone gets SIGTERM at the end, also on failure or Ctrl-C.
 *
 * <p>Run from the repository root after {@code ./mvnw install -DskipTests} (it takes about five
 * minutes on 2 cores): {@code ./mvnw -q -B -pl tests exec:java -Dexec.mainClass=dev.hone.tests.DataScaleBenchmark
 * -Dexec.classpathScope=test -Dexec.args="--rows 10000,100000,1000000"} (add {@code test-compile}
 * before {@code exec:java} after editing this file; offline, {@code -o} needs the plugin's full name,
 * {@code org.codehaus.mojo:exec-maven-plugin:3.5.1:java}). Options: {@code --rows} (sizes,
 * distinct), {@code --reps} (3), {@code --epochs} (1; 0 leaves the trainer's defaults),
 * {@code --timeout-minutes} per run (15), {@code --jit-warm-up} (5 unmeasured in-process passes over
 * the smallest file), {@code --warm-up} (1: one unmeasured upload and run of the smallest file first),
 * {@code --service} (0 skips the packaged application), {@code --keep-log} (copy Hone's log there).
 */
public final class DataScaleBenchmark {

    /** Hone's default upload limit, 100 MiB. */
    private static final long UPLOAD_LIMIT = 100L << 20;
    private static final String PYTHON = "/usr/bin/python3";
    private static final String ADMIN = "admin";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PANDAS = """
            import sys, time
            import pandas as pd
            path, reps = sys.argv[1], int(sys.argv[2])
            print("VERSION", pd.__version__, flush=True)
            for i in range(reps):
                c0 = time.process_time()
                t0 = time.perf_counter()
                df = pd.read_csv(path)
                t1 = time.perf_counter()
                d = df.describe(include='all')
                t2 = time.perf_counter()
                c2 = time.process_time()
                print("PANDAS %d %d %.6f %.6f %.6f" % (i, len(df), t1 - t0, t2 - t1, c2 - c0), flush=True)
                del df, d
            """;

    /** Seconds per measured step and size, in the order the steps are first measured. */
    private final Map<String, Map<Integer, Double>> seconds = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private DataScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = listArg(args, "--rows", List.of(10_000, 100_000, 1_000_000));
        int reps = Bench.intArg(args, "--reps", 3);
        int epochs = Bench.intArg(args, "--epochs", 1);
        int timeoutMinutes = Bench.intArg(args, "--timeout-minutes", 15);
        boolean warmUp = Bench.intArg(args, "--warm-up", 1) != 0;
        int jitWarmUps = Bench.intArg(args, "--jit-warm-up", 5);
        boolean service = Bench.intArg(args, "--service", 1) != 0;
        String keepLog = stringArg(args, "--keep-log", null);
        Bench.root();
        new DataScaleBenchmark().run(sizes, reps, epochs, timeoutMinutes, warmUp, jitWarmUps, service, keepLog);
    }

    private void run(List<Integer> sizes, int reps, int epochs, int timeoutMinutes, boolean warmUp, int jitWarmUps,
            boolean service, String keepLog) throws Exception {
        Path dir = Files.createTempDirectory("hone-data-scale").toAbsolutePath();
        HoneProcess[] started = new HoneProcess[1];
        // Ctrl-C or SIGTERM ends this JVM without running finally blocks: stop Hone and clean up then too.
        Thread onExit = new Thread(() -> {
            try {
                if (started[0] != null) {
                    started[0].stop();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cleanUp(dir);
        });
        Runtime.getRuntime().addShutdownHook(onExit);
        HoneProcess hone = null;
        try {
            System.out.printf(Locale.ROOT, "Data at scale: sizes %s, %d repetition(s), %s; %d cores, JDK %s%n", sizes,
                    reps, epochs > 0 ? "training limited to " + epochs + " epoch(s)" : "default training",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            Map<Integer, Path> files = new LinkedHashMap<>();
            for (int rows : sizes) {
                Path file = dir.resolve("scale-" + rows + ".csv");
                long start = System.nanoTime();
                long bytes = generate(file, rows, 42);
                files.put(rows, file);
                System.out.printf(Locale.ROOT, "generated %,d rows x 20 columns: %,d bytes (%.2f MiB, %.1f bytes/row)"
                        + "%s in %.1f s%n", rows, bytes, bytes / 1048576.0, (double) bytes / rows,
                        bytes > UPLOAD_LIMIT ? " OVER THE UPLOAD LIMIT" : "", (System.nanoTime() - start) / 1e9);
            }

            System.out.println();
            System.out.println("== In process: Hone profile and load vs pandas read_csv + describe(include='all')");
            jitWarmUp(files.get(sizes.getFirst()), jitWarmUps);
            for (var e : files.entrySet()) {
                compareWithPandas(e.getKey(), e.getValue(), reps);
            }

            if (service) {
                System.out.println();
                System.out.println("== Packaged Hone (embedded mode, -Xmx2g): upload, then a default run");
                hone = new HoneProcess(dir.resolve("hone"), "-Xlog:gc:file=" + dir.resolve("hone-gc.log"));
                started[0] = hone;
                long start = System.nanoTime();
                hone.start();
                System.out.printf(Locale.ROOT, "Hone ready in %.1f s (pid %d)%n", (System.nanoTime() - start) / 1e9,
                        hone.pid());
                if (warmUp) {
                    int rows = sizes.getFirst();
                    System.out.printf(Locale.ROOT, "warm-up (not measured): upload and run on %,d rows%n", rows);
                    uploadAndRun(hone, "scale-warm-up", rows, files.get(rows), epochs, Duration.ofMinutes(5), false);
                }
                for (var e : files.entrySet()) {
                    try {
                        uploadAndRun(hone, "scale-" + e.getKey(), e.getKey(), e.getValue(), epochs,
                                Duration.ofMinutes(timeoutMinutes), true);
                    } catch (IOException | RuntimeException failure) {
                        System.out.printf("%,d rows: FAILED: %s%n", e.getKey(), failure);
                        if (!hone.isAlive()) {
                            throw failure;
                        }
                    }
                }
                Map<String, String> status = procStatus(hone.pid());
                System.out.printf(Locale.ROOT, "Hone process peak RSS (VmHWM) %s, RSS now %s, heap cap -Xmx2g%n",
                        status.get("VmHWM"), status.get("VmRSS"));
                gcSummary(dir.resolve("hone-gc.log"));
            }
            summary(sizes);
        } finally {
            if (hone != null) {
                try {
                    printLogProblems(hone);
                    if (keepLog != null) {
                        Files.copy(dir.resolve("hone/hone.log"), Path.of(keepLog),
                                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException | RuntimeException e) {
                    System.out.println("could not keep Hone's log: " + e);
                } finally {
                    hone.stop();
                    System.out.println("Hone stopped (SIGTERM)" + (hone.isAlive() ? " but still alive" : ""));
                }
            }
            cleanUp(dir);
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway; it finds nothing left to do
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Data

    /**
     * Writes {@code rows} rows: x1..x18 from N(0,1) with two decimals, cat in a..e (skewed), label
     * A/B/C the arg-max of three noisy linear scores. Seeded by {@code seed} and the row count.
     */
    static long generate(Path file, int rows, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + rows);
        double[] catWeights = {0.30, 0.25, 0.20, 0.15, 0.10};
        double[][] catEffect = {{0.5, -0.3, 0}, {0, 0.4, 0}, {-0.4, 0, 0.3}, {0.2, 0.2, -0.2}, {-0.3, -0.3, 0.5}};
        StringBuilder line = new StringBuilder(128);
        double[] x = new double[18];
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (int i = 1; i <= 18; i++) {
                w.write("x" + i + ",");
            }
            w.write("cat,label\n");
            for (int r = 0; r < rows; r++) {
                line.setLength(0);
                for (int i = 0; i < 18; i++) {
                    long cents = Math.round(random.nextGaussian() * 100);
                    x[i] = cents / 100.0;
                    if (cents < 0) {
                        line.append('-');
                        cents = -cents;
                    }
                    line.append(cents / 100).append('.');
                    long frac = cents % 100;
                    if (frac < 10) {
                        line.append('0');
                    }
                    line.append(frac).append(',');
                }
                double u = random.nextDouble();
                int cat = 0;
                double acc = catWeights[0];
                while (cat < 4 && u >= acc) {
                    acc += catWeights[++cat];
                }
                double[] score = {
                    1.0 * x[0] + 0.8 * x[1] - 0.6 * x[2] + 0.3 * x[6],
                    -0.7 * x[0] + 1.0 * x[3] + 0.5 * x[4] - 0.3 * x[7],
                    0.6 * x[1] - 0.5 * x[3] + 0.7 * x[5] + 0.3 * x[8]};
                int label = 0;
                double best = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < 3; k++) {
                    double s = score[k] + catEffect[cat][k] + 0.7 * random.nextGaussian();
                    if (s > best) {
                        best = s;
                        label = k;
                    }
                }
                line.append((char) ('a' + cat)).append(',').append((char) ('A' + label)).append('\n');
                w.append(line);
            }
        }
        return Files.size(file);
    }

    // ---------------------------------------------------------------------------------------------
    // In process

    /**
     * Profiles and loads the smallest file a few times, unmeasured, so that the JIT has compiled
     * the reading code before the measured repetitions; prints the cold first time.
     */
    private static void jitWarmUp(Path file, int times) {
        List<Double> s = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            long t0 = System.nanoTime();
            DataProfile p;
            try (RowSource source = DataFiles.open(file, UPLOAD_LIMIT)) {
                p = Profiler.profile(source, Progress.NONE);
            }
            try (RowSource source = DataFiles.open(file, UPLOAD_LIMIT)) {
                DataTable.read(source, p, Progress.NONE);
            }
            s.add((System.nanoTime() - t0) / 1e9);
        }
        if (!s.isEmpty()) {
            System.out.printf(Locale.ROOT, "JIT warm-up (not measured): profile+load of %s %d times: first (cold JVM) "
                    + "%.3f s, last %.3f s%n", file.getFileName(), times, s.getFirst(), s.getLast());
        }
    }

    private void compareWithPandas(int rows, Path file, int reps) throws Exception {
        List<Double> profile = new ArrayList<>();
        List<Double> load = new ArrayList<>();
        List<Double> both = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        for (int r = 0; r < reps; r++) {
            System.gc();
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            DataProfile p;
            try (RowSource source = DataFiles.open(file, UPLOAD_LIMIT)) {
                p = Profiler.profile(source, Progress.NONE);
            }
            long t1 = System.nanoTime();
            DataTable table;
            try (RowSource source = DataFiles.open(file, UPLOAD_LIMIT)) {
                table = DataTable.read(source, p, Progress.NONE);
            }
            long t2 = System.nanoTime();
            cpu.add((os.getProcessCpuTime() - c0) / 1e9);
            if (p.rowCount() != rows || table.rowCount() != rows) {
                throw new IllegalStateException("Hone read " + p.rowCount() + "/" + table.rowCount() + " rows of " + rows);
            }
            if (r == 0) {
                System.out.printf(Locale.ROOT, "%,d rows: Hone types %s%n", rows, p.columns().stream()
                        .map(c -> c.type().name().charAt(0)).map(String::valueOf)
                        .reduce("", String::concat));
            }
            profile.add((t1 - t0) / 1e9);
            load.add((t2 - t1) / 1e9);
            both.add((t2 - t0) / 1e9);
        }
        List<Double> pandas = new ArrayList<>();
        List<Double> pandasRead = new ArrayList<>();
        List<Double> pandasDescribe = new ArrayList<>();
        List<Double> pandasCpu = new ArrayList<>();
        String version = pandas(file, reps, rows, pandas, pandasRead, pandasDescribe, pandasCpu);
        double hone = Bench.median(both);
        double py = Bench.median(pandas);
        System.out.printf(Locale.ROOT, "%,d rows: Hone profile first %.3f s, median %.3f s; load median %.3f s; "
                + "profile+load first %.3f s, median %.3f s (CPU %.3f s, whole JVM)%n", rows, profile.getFirst(),
                Bench.median(profile), Bench.median(load), both.getFirst(), hone, Bench.median(cpu));
        System.out.printf(Locale.ROOT, "%,d rows: pandas %s read_csv median %.3f s + describe median %.3f s = "
                + "first %.3f s, median %.3f s (CPU %.3f s); Hone(profile+load)/pandas = %.2f (CPU %.2f); "
                + "load average %s%n", rows, version, Bench.median(pandasRead), Bench.median(pandasDescribe),
                pandas.isEmpty() ? Double.NaN : pandas.getFirst(), py, Bench.median(pandasCpu), hone / py,
                Bench.median(cpu) / Bench.median(pandasCpu), loadAverage());
        record("Hone profile (in process)", rows, Bench.median(profile));
        record("Hone load (in process)", rows, Bench.median(load));
        record("Hone profile + load (in process)", rows, hone);
        record("pandas read_csv + describe", rows, py);
        record("Hone profile + load, CPU", rows, Bench.median(cpu));
        record("pandas read_csv + describe, CPU", rows, Bench.median(pandasCpu));
    }

    /** Runs pandas on the file; fills the per-repetition seconds (wall, CPU), returns its version. */
    private static String pandas(Path file, int reps, int rows, List<Double> total, List<Double> read,
            List<Double> describe, List<Double> cpu) throws Exception {
        Process p = new ProcessBuilder(PYTHON, "-c", PANDAS, file.toString(), Integer.toString(reps))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            System.out.println("pandas failed:\n" + out);
            return "(failed)";
        }
        String version = "?";
        for (String line : out.split("\n")) {
            String[] f = line.strip().split(" ");
            if (f[0].equals("VERSION")) {
                version = f[1];
            } else if (f[0].equals("PANDAS")) {
                if (Integer.parseInt(f[2]) != rows) {
                    throw new IllegalStateException("pandas read " + f[2] + " rows of " + rows);
                }
                double r = Double.parseDouble(f[3]);
                double d = Double.parseDouble(f[4]);
                read.add(r);
                describe.add(d);
                total.add(r + d);
                cpu.add(Double.parseDouble(f[5]));
            }
        }
        return version;
    }

    // ---------------------------------------------------------------------------------------------
    // Packaged application

    private void uploadAndRun(HoneProcess hone, String name, int rows, Path file, int epochs, Duration timeout,
            boolean measured) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(hone.uri("/api/datasets/" + name))
                .header("Content-Type", "text/csv")
                .header("Authorization", basic(ADMIN, HoneProcess.ADMIN_PASSWORD))
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        double uploadSeconds = (System.nanoTime() - t0) / 1e9;
        if (upload.statusCode() != 201) {
            System.out.printf(Locale.ROOT, "%,d rows: upload FAILED after %.2f s: HTTP %d %s%n", rows, uploadSeconds,
                    upload.statusCode(), abbreviate(upload.body(), 500));
            return;
        }
        long stored = JSON.readTree(upload.body()).path("profile").path("rowCount").asLong();
        System.out.printf(Locale.ROOT, "%,d rows: upload (stage, profile, store) %.2f s: %,.0f rows/s, %.2f µs/row; "
                + "profile says %,d rows%n", rows, uploadSeconds, rows / uploadSeconds, 1e6 * uploadSeconds / rows, stored);
        if (measured) {
            record("upload (HTTP, server profiles)", rows, uploadSeconds);
        }

        Map<String, Object> in = new LinkedHashMap<>(Map.of("dataset", name, "target", "label", "modelName", name));
        if (epochs > 0) {
            in.put("training", Map.of("maxEpochs", epochs));
        }
        JsonNode started = hone.graphql(ADMIN, HoneProcess.ADMIN_PASSWORD,
                "mutation($in: StartRunInput!) { startRun(input: $in) { id status } }", Map.of("in", in));
        if (!started.path("errors").isMissingNode()) {
            System.out.printf("%,d rows: startRun FAILED: %s%n", rows, started.path("errors"));
            return;
        }
        long runId = started.path("data").path("startRun").path("id").asLong();
        JsonNode run = awaitRunEnd(hone, runId, timeout);
        if (run == null) {
            System.out.printf(Locale.ROOT, "%,d rows: run %d did not end within %s; cancelling it%n", rows, runId, timeout);
            hone.graphql(ADMIN, HoneProcess.ADMIN_PASSWORD, "mutation($id: ID!) { cancelRun(id: $id) { status } }",
                    Map.of("id", runId));
            run = awaitRunEnd(hone, runId, Duration.ofMinutes(2));
            if (run == null) {
                return;
            }
        }
        String status = run.path("status").asText();
        double wall = between(run.path("startedAt"), run.path("endedAt"));
        System.out.printf(Locale.ROOT, "%,d rows: run %d %s in %.2f s (started to ended)%s%n", rows, runId, status, wall,
                run.path("error").isNull() ? "" : "; error: " + run.path("error").asText());
        double inStages = 0;
        for (JsonNode stage : run.path("stages")) {
            String stageName = stage.path("stage").asText();
            double s = between(stage.path("startedAt"), stage.path("endedAt"));
            inStages += Double.isNaN(s) ? 0 : s;
            String perRow = switch (stageName) {
                case "PREPROCESS", "TRAIN" -> String.format(Locale.ROOT, "; %,.0f rows/s, %.2f µs/row", rows / s,
                        1e6 * s / rows);
                default -> "";
            };
            System.out.printf(Locale.ROOT, "  %-10s %-9s %8.2f s%s%s; %s%n", stageName, stage.path("status").asText(), s,
                    stage.path("tries").asInt() > 1 ? " (" + stage.path("tries").asInt() + " tries)" : "", perRow,
                    stage.path("detail").isTextual() ? stage.path("detail").asText() : "");
            if (measured && "SUCCEEDED".equals(stage.path("status").asText())) {
                switch (stageName) {
                    case "PREPROCESS" -> record("PREPROCESS stage", rows, s);
                    case "TRAIN" -> record("TRAIN stage (" + (epochs > 0 ? epochs + " epoch" : "default") + ")", rows, s);
                    case "EVALUATE" -> record("EVALUATE stage", rows, s);
                    case "REGISTER" -> record("REGISTER stage", rows, s);
                    default -> {
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "  in stages %.2f s, between stages %.2f s; test metrics %s%n", inStages,
                wall - inStages, run.path("testMetrics"));
        Map<String, String> proc = procStatus(hone.pid());
        System.out.printf("  Hone process: VmHWM %s, VmRSS %s; load average %s%n", proc.get("VmHWM"), proc.get("VmRSS"),
                loadAverage());
    }

    /** The run once it has ended, polling every second; null after the timeout. */
    private static JsonNode awaitRunEnd(HoneProcess hone, long runId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastLine = "";
        do {
            JsonNode r = hone.graphql(ADMIN, HoneProcess.ADMIN_PASSWORD, """
                    query($id: ID!) { run(id: $id) { status ended error currentStage startedAt endedAt
                      testMetrics { name value }
                      stages { stage status progress detail tries startedAt endedAt } } }""", Map.of("id", runId));
            JsonNode run = r.path("data").path("run");
            if (run.path("ended").asBoolean()) {
                return run;
            }
            String line = run.path("status").asText() + " " + run.path("currentStage").asText();
            if (!line.equals(lastLine)) {
                System.out.printf("  run %d: %s%n", runId, line);
                lastLine = line;
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < deadline);
        return null;
    }

    private static double between(JsonNode start, JsonNode end) {
        if (start.isNull() || start.isMissingNode() || end.isNull() || end.isMissingNode()) {
            return Double.NaN;
        }
        return Duration.between(Instant.parse(start.asText()), Instant.parse(end.asText())).toNanos() / 1e9;
    }

    /** Fields of /proc/pid/status, e.g. VmHWM -> "812345 kB". */
    private static Map<String, String> procStatus(long pid) {
        Map<String, String> fields = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    String value = line.substring(colon + 1).strip();
                    if (value.endsWith(" kB")) {
                        long kb = Long.parseLong(value.substring(0, value.length() - 3).strip());
                        value = String.format(Locale.ROOT, "%,d kB (%.0f MiB)", kb, kb / 1024.0);
                    }
                    fields.put(line.substring(0, colon), value);
                }
            }
        } catch (IOException | NumberFormatException e) {
            fields.put("error", e.toString());
        }
        return fields;
    }

    /** Pauses and heap occupancy from the Hone process's GC log ({@code -Xlog:gc}). */
    private static void gcSummary(Path gcLog) throws IOException {
        if (!Files.exists(gcLog)) {
            System.out.println("no GC log");
            return;
        }
        var sizes = java.util.regex.Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\) ([0-9.]+)ms");
        int pauses = 0;
        int full = 0;
        long before = 0;
        long after = 0;
        long committed = 0;
        double pauseMs = 0;
        for (String line : Files.readAllLines(gcLog)) {
            var m = sizes.matcher(line);
            if (line.contains(" Pause ") && m.find()) {
                pauses++;
                full += line.contains("Pause Full") ? 1 : 0;
                before = Math.max(before, Long.parseLong(m.group(1)));
                after = Math.max(after, Long.parseLong(m.group(2)));
                committed = Math.max(committed, Long.parseLong(m.group(3)));
                pauseMs += Double.parseDouble(m.group(4));
            }
        }
        System.out.printf(Locale.ROOT, "Hone GC: %d pauses (%d full), %.1f s paused in all; heap used at most %d MiB "
                + "before a collection and %d MiB after one; heap committed at most %d MiB of the 2048 MiB cap%n", pauses,
                full, pauseMs / 1000, before, after, committed);
    }

    /** The first three fields of /proc/loadavg: other work on the machine shows in every figure. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static void printLogProblems(HoneProcess hone) {
        try {
            List<String> problems = hone.log().lines()
                    .filter(l -> l.contains(" ERROR ") || l.contains(" WARN ") || l.contains("OutOfMemoryError"))
                    .toList();
            System.out.printf("Hone log: %d WARN/ERROR line(s)%n", problems.size());
            problems.stream().limit(40).forEach(l -> System.out.println("  " + abbreviate(l, 400)));
        } catch (IOException e) {
            System.out.println("Hone log unreadable: " + e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Report

    private void record(String step, int rows, double s) {
        seconds.computeIfAbsent(step, k -> new LinkedHashMap<>()).put(rows, s);
    }

    private void summary(List<Integer> sizes) {
        System.out.println();
        System.out.println("== Summary: milliseconds per 1,000 rows (seconds in brackets); "
                + "ratio = time per row at the largest size / at the smallest (1.0 = linear)");
        StringBuilder head = new StringBuilder(String.format("%-36s", "step"));
        for (int rows : sizes) {
            head.append(String.format(Locale.ROOT, " | %22s", String.format(Locale.ROOT, "%,d rows", rows)));
        }
        List<Integer> sorted = sizes.stream().sorted().distinct().toList();
        int smallest = sorted.getFirst();
        int largest = sorted.getLast();
        int second = sorted.size() > 2 ? sorted.get(sorted.size() - 2) : smallest;
        head.append(String.format(Locale.ROOT, " | ratio %,d/%,d", largest, smallest));
        if (second != smallest) {
            head.append(String.format(Locale.ROOT, " | ratio %,d/%,d", largest, second));
        }
        System.out.println(head);
        for (var e : seconds.entrySet()) {
            StringBuilder line = new StringBuilder(String.format("%-36s", e.getKey()));
            for (int rows : sizes) {
                Double s = e.getValue().get(rows);
                line.append(s == null ? String.format(" | %22s", "-")
                        : String.format(Locale.ROOT, " | %9.3f ms (%7.2f s)", 1000 * 1000 * s / rows, s));
            }
            Double small = e.getValue().get(smallest);
            Double large = e.getValue().get(largest);
            Double mid = e.getValue().get(second);
            line.append(small == null || large == null || smallest == largest ? " | -"
                    : String.format(Locale.ROOT, " | %.2f", (large / largest) / (small / smallest)));
            if (second != smallest) {
                line.append(mid == null || large == null ? " | -"
                        : String.format(Locale.ROOT, " | %.2f", (large / largest) / (mid / second)));
            }
            System.out.println(line);
        }
        Map<Integer, Double> hone = seconds.get("Hone profile + load (in process)");
        Map<Integer, Double> pandas = seconds.get("pandas read_csv + describe");
        if (hone != null && pandas != null) {
            StringBuilder line = new StringBuilder(String.format("%-36s", "Hone(profile+load)/pandas"));
            for (int rows : sizes) {
                line.append(String.format(Locale.ROOT, " | %22.2f", hone.get(rows) / pandas.get(rows)));
            }
            System.out.println(line);
            Map<Integer, Double> honeCpu = seconds.get("Hone profile + load, CPU");
            Map<Integer, Double> pandasCpu = seconds.get("pandas read_csv + describe, CPU");
            line = new StringBuilder(String.format("%-36s", "same, CPU time"));
            for (int rows : sizes) {
                line.append(String.format(Locale.ROOT, " | %22.2f", honeCpu.get(rows) / pandasCpu.get(rows)));
            }
            System.out.println(line);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    /** Deletes the directory; synchronized, because the exit hook may run it while the main thread does. */
    private static synchronized void cleanUp(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        // Nothing may still run from the directory (the embedded PostgreSQL stops with Hone).
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(dir.toString())).orElse(false))
                .forEach(p -> System.out.println("WARNING: still running from " + dir + ": pid " + p.pid() + " "
                        + p.info().commandLine().orElse("")));
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    System.out.println("could not delete " + p + ": " + e);
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            System.out.println("could not clean up " + dir + ": " + e);
        }
    }

    private static List<Integer> listArg(String[] args, String name, List<Integer> fallback) {
        String value = stringArg(args, name, null);
        return value == null ? fallback : Stream.of(value.split(",")).map(String::strip).map(Integer::parseInt).toList();
    }

    private static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
