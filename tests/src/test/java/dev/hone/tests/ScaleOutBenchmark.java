package dev.hone.tests;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scale-out: the same study (fixed trials and epochs, parallelism the largest worker count) on a
 * cluster of {@code --workers} worker processes (default 1,2), alternating, several rounds: a local
 * cluster (an embedded server whose workflow service and PostgreSQL the workers join) or, with
 * {@code --cluster external}, an {@link ExternalCluster} (workflow service, PostgreSQL and S3 store as
 * processes of their own). Each cluster first runs a
 * short warm-up study (workers are long-lived processes; a fresh JVM trains slower until its JIT has
 * compiled DJL's code). Prints the measured study's wall time (study created to study ended, from
 * the registry) for each, and the speed-up ratio.
 *
 * <p>Run from the repository root after {@code ./mvnw install -DskipTests}:
 * {@code ./mvnw -q -B -pl tests test-compile exec:java -Dexec.mainClass=dev.hone.tests.ScaleOutBenchmark
 * -Dexec.classpathScope=test -Dexec.args="--rounds 3 --trials 8 --epochs 30"}, or with
 * {@code --cluster external --workers 1,2,4}.
 */
public final class ScaleOutBenchmark {

    private static final String USER = "bench";
    private static final String PASSWORD = "scale-out-bench-password";

    private ScaleOutBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Bench.intArg(args, "--rounds", 3);
        int trials = Bench.intArg(args, "--trials", 8);
        int epochs = Bench.intArg(args, "--epochs", 30);
        boolean external = Bench.stringArg(args, "--cluster", "local").equals("external");
        List<Integer> counts = java.util.Arrays.stream(Bench.stringArg(args, "--workers", "1,2").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        int parallelism = counts.stream().mapToInt(Integer::intValue).max().orElseThrow();
        Path root = Bench.root();
        // digits: 1,797 handwritten digits of 8x8 pixels (64 features, 10 classes), from scikit-learn.
        byte[] digits = Files.readAllBytes(root.resolve("ml/src/test/resources/datasets/digits.csv"));
        System.out.printf("Study: digits, RANDOM over learningRate, %d trials x %d epochs (no early stopping), "
                + "parallelism %d; %s cluster; %d round(s)%n", trials, epochs, parallelism,
                external ? "external (workflow service, PostgreSQL, S3 store as processes of their own)"
                        : "local (embedded server)", rounds);
        Map<Integer, List<Double>> seconds = new java.util.TreeMap<>();
        counts.forEach(c -> seconds.put(c, new ArrayList<>()));
        for (int round = 1; round <= rounds; round++) {
            for (int workers : counts) {
                Path dir = Files.createTempDirectory("hone-scale-out");
                AutoCloseable cluster;
                HoneProcess server;
                if (external) {
                    ExternalCluster c = new ExternalCluster(dir).start(workers);
                    cluster = c;
                    server = c.server();
                } else {
                    LocalCluster c = new LocalCluster(dir).start(workers);
                    cluster = c;
                    server = c.server();
                }
                try (cluster) {
                    // Worker processes are long-lived: warm their JIT with a short study first.
                    study(server, digits, 2 * workers, 10, parallelism);
                    long commits = cluster instanceof ExternalCluster e ? e.databaseCommits() : 0;
                    Result r = study(server, digits, trials, epochs, parallelism);
                    seconds.get(workers).add(r.seconds());
                    if (cluster instanceof ExternalCluster e) {
                        // What one trial costs the shared services: the capacity model's inputs.
                        long transactions = e.databaseCommits() - commits;
                        int runEvents = e.historyEvents("run-" + r.runId());
                        int studyEvents = e.historyEvents("run-" + r.runId() + "-tuning");
                        System.out.printf("  per trial: %.1f database transactions (%.2f/s over the study),"
                                + " %.1f workflow history events (run %d + study %d events)%n",
                                transactions / (double) trials, transactions / r.seconds(),
                                (runEvents + studyEvents) / (double) trials, runEvents, studyEvents);
                    }
                    System.out.printf("round %d, %d worker(s): study %.2f s (%.2f trials/min), trials on %d"
                            + " process(es)%n", round, workers, r.seconds(), 60 * trials / r.seconds(), r.processes());
                }
            }
        }
        double first = Bench.median(seconds.get(counts.get(0)));
        for (int workers : counts) {
            double median = Bench.median(seconds.get(workers));
            System.out.printf("median: %d worker(s) %.2f s, %.2f trials/min, speed-up %.2fx over %d%n", workers,
                    median, 60 * trials / median, first / median, counts.get(0));
        }

        // Baseline in the same run: the same trainings by plain JVMs, one process doing all of them
        // against n processes doing a share each at the same time.
        Path csv = root.resolve("ml/src/test/resources/datasets/digits.csv");
        for (int workers : counts.subList(1, counts.size())) {
            List<Double> ceiling = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                double alone = plainJvms(csv, 1, trials, epochs);
                double together = plainJvms(csv, workers, trials, epochs);
                ceiling.add(alone / together);
                System.out.printf("round %d, plain JVMs: 1 process %.2f s, %d processes %.2f s, speed-up %.2fx%n",
                        round, alone, workers, together, alone / together);
            }
            double limit = Bench.median(ceiling);
            double reached = first / Bench.median(seconds.get(workers));
            System.out.printf("%d workers: machine ceiling (plain JVMs) %.2fx; Hone reaches %.2fx, %.0f%% of it%n",
                    workers, limit, reached, 100 * reached / limit);
        }
    }

    /** Wall seconds for {@code trainings} split over {@code processes} plain JVMs running at once. */
    private static double plainJvms(Path csv, int processes, int trainings, int epochs) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = Bench.classpath();
        List<Process> running = new ArrayList<>();
        long start = System.nanoTime();
        for (int p = 0; p < processes; p++) {
            running.add(new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                    "--add-modules=jdk.incubator.vector", "-Dai.djl.offline=true", "-cp", classpath, TrainingCeiling.class.getName(), csv.toString(),
                    Integer.toString(trainings / processes), Integer.toString(epochs))
                    .redirectErrorStream(true).start());
        }
        double slowest = 0;
        for (Process p : running) {
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("training process failed: " + out);
            }
            String[] lines = out.strip().split("\n");
            slowest = Math.max(slowest, Long.parseLong(lines[lines.length - 1].strip()) / 1000.0);
        }
        return slowest;
    }

    record Result(long runId, double seconds, int processes) {
    }

    private static Result study(HoneProcess hone, byte[] csv, int trials, int epochs, int parallelism)
            throws Exception {
        HoneProcess.ok(hone.graphql("admin", HoneProcess.ADMIN_PASSWORD, "mutation { saveUser(username: \"" + USER
                + "\", password: \"" + PASSWORD + "\", roles: [\"data-scientist\"]) { username } }", Map.of()));
        String dataset = "digits-scale-" + System.nanoTime();
        var upload = hone.upload(USER, PASSWORD, dataset, csv);
        if (upload.statusCode() != 201) {
            throw new IllegalStateException("upload failed: " + upload.body());
        }
        JsonNode started = HoneProcess.ok(hone.graphql(USER, PASSWORD,
                "mutation($in: StartRunInput!) { startRun(input: $in) { id } }", Map.of("in", Map.of(
                        "dataset", dataset, "target", "digit", "modelName", dataset,
                        "training", Map.of("maxEpochs", epochs, "patience", epochs),
                        "tuning", Map.of("sampler", "RANDOM", "objective", "validation_loss", "maxTrials", trials,
                                "parallelism", parallelism, "parameters", List.of(Map.of("name", "learningRate",
                                        "type", "FLOAT", "low", 1e-3, "high", 1e-2, "log", true)))))));
        long runId = started.path("data").path("startRun").path("id").asLong();
        JsonNode done = hone.awaitGraphql(USER, PASSWORD, """
                query($id: ID!) { run(id: $id) { status study { status createdAt endedAt trials { worker } } } }""",
                Map.of("id", runId), r -> !r.path("data").path("run").path("study").path("endedAt").isNull()
                        && !r.path("data").path("run").path("study").path("endedAt").isMissingNode(),
                Duration.ofMinutes(20));
        JsonNode study = done.path("data").path("run").path("study");
        if (!"COMPLETED".equals(study.path("status").asText())) {
            throw new IllegalStateException("study did not complete: " + study);
        }
        Set<String> processes = new HashSet<>();
        study.path("trials").forEach(t -> processes.add(t.path("worker").asText()));
        Duration wall = Duration.between(Instant.parse(study.path("createdAt").asText()),
                Instant.parse(study.path("endedAt").asText()));
        return new Result(runId, wall.toMillis() / 1000.0, processes.size());
    }
}
