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
 * Scale-out: the same study (fixed trials and epochs, parallelism 2) on a local cluster with one
 * and with two {@code worker} processes, alternating, several rounds. Each cluster first runs a
 * short warm-up study (workers are long-lived processes; a fresh JVM trains slower until its JIT has
 * compiled DJL's code). Prints the measured study's wall time (study created to study ended, from
 * the registry) for each, and the speed-up ratio.
 *
 * <p>Run from the repository root after {@code ./mvnw install -DskipTests}:
 * {@code ./mvnw -q -B -pl tests test-compile exec:java -Dexec.mainClass=dev.hone.tests.ScaleOutBenchmark
 * -Dexec.classpathScope=test -Dexec.args="--rounds 3 --trials 8 --epochs 30"}
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
        Path root = Bench.root();
        // digits: 1,797 handwritten digits of 8x8 pixels (64 features, 10 classes), from scikit-learn.
        byte[] digits = Files.readAllBytes(root.resolve("ml/src/test/resources/datasets/digits.csv"));
        System.out.printf("Study: digits, RANDOM over learningRate, %d trials x %d epochs (no early stopping), "
                + "parallelism 2; %d round(s)%n", trials, epochs, rounds);
        Map<Integer, List<Double>> seconds = Map.of(1, new ArrayList<>(), 2, new ArrayList<>());
        for (int round = 1; round <= rounds; round++) {
            for (int workers : List.of(1, 2)) {
                Path dir = Files.createTempDirectory("hone-scale-out");
                try (LocalCluster cluster = new LocalCluster(dir).start(workers)) {
                    // Worker processes are long-lived: warm their JIT with a short study first.
                    study(cluster.server(), digits, 2 * workers, 10);
                    Result r = study(cluster.server(), digits, trials, epochs);
                    seconds.get(workers).add(r.seconds());
                    System.out.printf("round %d, %d worker(s): study %.2f s, trials on %d process(es)%n", round,
                            workers, r.seconds(), r.processes());
                }
            }
        }
        double one = Bench.median(seconds.get(1));
        double two = Bench.median(seconds.get(2));
        System.out.printf("median study wall time: 1 worker %.2f s, 2 workers %.2f s, speed-up %.2fx%n", one, two,
                one / two);

        // Baseline in the same run: the same trainings by plain JVMs, one process doing all of them
        // against two processes doing half each at the same time.
        Path csv = root.resolve("ml/src/test/resources/datasets/digits.csv");
        List<Double> ceiling = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            double alone = plainJvms(csv, 1, trials, epochs);
            double pair = plainJvms(csv, 2, trials, epochs);
            ceiling.add(alone / pair);
            System.out.printf("round %d, plain JVMs: 1 process %.2f s, 2 processes %.2f s, speed-up %.2fx%n", round,
                    alone, pair, alone / pair);
        }
        double limit = Bench.median(ceiling);
        System.out.printf("machine ceiling (plain JVMs) %.2fx; Hone reaches %.2fx, %.0f%% of it%n", limit, one / two,
                100 * (one / two) / limit);
    }

    /** Wall seconds for {@code trainings} split over {@code processes} plain JVMs running at once. */
    private static double plainJvms(Path csv, int processes, int trainings, int epochs) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = classpath();
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

    /** The test classpath this program runs with (exec:java gives it through a URL class loader). */
    private static String classpath() {
        if (Thread.currentThread().getContextClassLoader() instanceof java.net.URLClassLoader urls) {
            return java.util.Arrays.stream(urls.getURLs()).map(u -> {
                try {
                    return Path.of(u.toURI()).toString();
                } catch (java.net.URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        }
        return System.getProperty("java.class.path");
    }

    record Result(double seconds, int processes) {
    }

    private static Result study(HoneProcess hone, byte[] csv, int trials, int epochs) throws Exception {
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
                                "parallelism", 2, "parameters", List.of(Map.of("name", "learningRate",
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
        return new Result(wall.toMillis() / 1000.0, processes.size());
    }
}
