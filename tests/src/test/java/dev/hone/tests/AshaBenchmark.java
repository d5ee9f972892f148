package dev.hone.tests;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * ASHA's effect on time: per seed, the same random-search study (same proposals, same seeded
 * training) runs twice on the packaged application in embedded mode, once without early stopping
 * and once with ASHA. Reports, from the study records, the wall time until each study's best
 * completed value first reached the value random search ended with, and the total study time.
 *
 * <p>Run from the repository root after {@code ./mvnw install -DskipTests}:
 * {@code ./mvnw -q -B -pl tests test-compile exec:java -Dexec.mainClass=dev.hone.tests.AshaBenchmark
 * -Dexec.classpathScope=test -Dexec.args="--seeds 5 --trials 20 --epochs 27"}
 */
public final class AshaBenchmark {

    private static final String USER = "bench";
    private static final String PASSWORD = "asha-bench-password";

    private AshaBenchmark() {
    }

    record Study(double totalSeconds, double best, List<double[]> completed, int pruned, int epochs) {
        /** Seconds from the study's start until a completed trial's value was at most {@code target}; NaN if never. */
        double secondsToReach(double target) {
            return completed.stream().filter(c -> c[1] <= target + 1e-12).mapToDouble(c -> c[0]).min()
                    .orElse(Double.NaN);
        }
    }

    public static void main(String[] args) throws Exception {
        int seeds = Bench.intArg(args, "--seeds", 5);
        int trials = Bench.intArg(args, "--trials", 20);
        int epochs = Bench.intArg(args, "--epochs", 27);
        Path root = Bench.root();
        byte[] digits = Files.readAllBytes(root.resolve("ml/src/test/resources/datasets/digits.csv"));
        System.out.printf("digits; RANDOM, %d trials of %d epochs, parallelism 1; ASHA min resource 3, reduction "
                + "factor 3; objective validation loss%n", trials, epochs);
        List<Double> ratios = new ArrayList<>();
        List<Double> totals = new ArrayList<>();
        try (HoneProcess hone = new HoneProcess(Files.createTempDirectory("hone-asha-bench"))) {
            hone.start();
            HoneProcess.ok(hone.graphql("admin", HoneProcess.ADMIN_PASSWORD, "mutation { saveUser(username: \""
                    + USER + "\", password: \"" + PASSWORD + "\", roles: [\"data-scientist\"]) { username } }",
                    Map.of()));
            if (hone.upload(USER, PASSWORD, "digits", digits).statusCode() != 201) {
                throw new IllegalStateException("upload failed");
            }
            study(hone, "NONE", trials, 10, 99); // warm the JIT; not measured
            for (int seed = 1; seed <= seeds; seed++) {
                Study random = study(hone, "NONE", trials, epochs, seed);
                Study asha = study(hone, "ASHA", trials, epochs, seed);
                double target = random.best();
                double tRandom = random.secondsToReach(target);
                double tAsha = asha.secondsToReach(target);
                System.out.printf("seed %d: random search's best %.4f came at %.1f s (study %.1f s, %d epochs); "
                        + "ASHA %s (study %.1f s, %d epochs, %d pruned, best %.4f)%n", seed, target, tRandom,
                        random.totalSeconds(), random.epochs(), Double.isNaN(tAsha) ? "never reached it"
                                : String.format("reached it at %.1f s", tAsha), asha.totalSeconds(), asha.epochs(),
                        asha.pruned(), asha.best());
                if (!Double.isNaN(tAsha)) {
                    ratios.add(tRandom / tAsha);
                }
                totals.add(random.totalSeconds() / asha.totalSeconds());
            }
            hone.stop();
        }
        System.out.printf("ASHA reached random search's best in %d of %d seeds; median speed-up to it %.2fx; median "
                + "total study time ratio %.2fx%n", ratios.size(), seeds, Bench.median(ratios), Bench.median(totals));
    }

    private static Study study(HoneProcess hone, String pruner, int trials, int epochs, long seed) throws Exception {
        JsonNode started = HoneProcess.ok(hone.graphql(USER, PASSWORD,
                "mutation($in: StartRunInput!) { startRun(input: $in) { id } }", Map.of("in", Map.of(
                        "dataset", "digits", "target", "digit", "modelName", "digits-asha", "seed", seed,
                        "training", Map.of("maxEpochs", epochs, "patience", epochs),
                        "tuning", Map.of("sampler", "RANDOM", "pruner", pruner, "minResource", 3,
                                "reductionFactor", 3, "maxTrials", trials, "parallelism", 1,
                                "parameters", List.of(
                                        Map.of("name", "learningRate", "type", "FLOAT", "low", 1e-4, "high", 3e-2,
                                                "log", true),
                                        Map.of("name", "layers", "type", "INT", "low", 1, "high", 2),
                                        Map.of("name", "width1", "type", "INT", "low", 16, "high", 128, "log", true),
                                        Map.of("name", "width2", "type", "INT", "low", 16, "high", 128, "log", true,
                                                "conditionParameter", "layers", "conditionValues", List.of("2")),
                                        Map.of("name", "dropout", "type", "FLOAT", "low", 0.0, "high", 0.4),
                                        Map.of("name", "optimizer", "type", "CATEGORICAL",
                                                "choices", List.of("ADAM", "SGD"))))))));
        long runId = started.path("data").path("startRun").path("id").asLong();
        JsonNode done = hone.awaitGraphql(USER, PASSWORD, """
                query($id: ID!) { run(id: $id) { study { status createdAt endedAt
                  trials { status value endedAt intermediateValues } } } }""", Map.of("id", runId),
                r -> r.path("data").path("run").path("study").hasNonNull("endedAt"), Duration.ofMinutes(30));
        JsonNode study = done.path("data").path("run").path("study");
        Instant created = Instant.parse(study.path("createdAt").asText());
        List<double[]> completed = new ArrayList<>();
        int pruned = 0;
        int epochsTrained = 0;
        for (JsonNode t : study.path("trials")) {
            epochsTrained += t.path("intermediateValues").size();
            if ("PRUNED".equals(t.path("status").asText())) {
                pruned++;
            } else if ("COMPLETED".equals(t.path("status").asText())) {
                completed.add(new double[] {seconds(created, t.path("endedAt").asText()), t.path("value").asDouble()});
            }
        }
        completed.sort(Comparator.comparingDouble(c -> c[0]));
        double best = completed.stream().mapToDouble(c -> c[1]).min().orElse(Double.NaN);
        return new Study(seconds(created, study.path("endedAt").asText()), best, completed, pruned, epochsTrained);
    }

    private static double seconds(Instant from, String to) {
        return Duration.between(from, Instant.parse(to)).toMillis() / 1000.0;
    }
}
