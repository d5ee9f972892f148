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
 * -Dexec.classpathScope=test -Dexec.args="--seeds 5 --trials 20 --epochs 27 --settings 1:3,3:3,9:3,3:2"}
 * ({@code --settings}: ASHA's first rung and reduction factor, one study per setting and seed; 3:3 by default).
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

    /** One early-stopping setting: ASHA's first rung and reduction factor. */
    record Setting(int minResource, int reductionFactor) {
        static Setting parse(String text) {
            String[] parts = text.split(":");
            return new Setting(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
        }

        @Override
        public String toString() {
            return "ASHA " + minResource + ":" + reductionFactor;
        }
    }

    public static void main(String[] args) throws Exception {
        int seeds = Bench.intArg(args, "--seeds", 5);
        int trials = Bench.intArg(args, "--trials", 20);
        int epochs = Bench.intArg(args, "--epochs", 27);
        List<Setting> settings = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--settings")) {
                for (String one : args[i + 1].split(",")) {
                    settings.add(Setting.parse(one));
                }
            }
        }
        if (settings.isEmpty()) {
            settings.add(new Setting(3, 3));
        }
        Path root = Bench.root();
        byte[] digits = Files.readAllBytes(root.resolve("ml/src/test/resources/datasets/digits.csv"));
        System.out.printf("digits; RANDOM, %d trials of %d epochs, parallelism 1; early stopping %s (first rung : "
                + "reduction factor); objective validation loss%n", trials, epochs, settings);
        Map<Setting, List<Double>> ratios = new java.util.LinkedHashMap<>();
        Map<Setting, List<Double>> totals = new java.util.LinkedHashMap<>();
        Map<Setting, List<Double>> regrets = new java.util.LinkedHashMap<>();
        Map<Setting, List<Double>> epochShares = new java.util.LinkedHashMap<>();
        try (HoneProcess hone = new HoneProcess(Files.createTempDirectory("hone-asha-bench"))) {
            hone.start();
            HoneProcess.ok(hone.graphql("admin", HoneProcess.ADMIN_PASSWORD, "mutation { saveUser(username: \""
                    + USER + "\", password: \"" + PASSWORD + "\", roles: [\"data-scientist\"]) { username } }",
                    Map.of()));
            if (hone.upload(USER, PASSWORD, "digits", digits).statusCode() != 201) {
                throw new IllegalStateException("upload failed");
            }
            study(hone, "NONE", 3, 3, trials, 10, 99); // warm the JIT; not measured
            for (int seed = 1; seed <= seeds; seed++) {
                Study random = study(hone, "NONE", 3, 3, trials, epochs, seed);
                double target = random.best();
                double tRandom = random.secondsToReach(target);
                System.out.printf("seed %d: random search's best %.4f came at %.1f s (study %.1f s, %d epochs)%n",
                        seed, target, tRandom, random.totalSeconds(), random.epochs());
                for (Setting setting : settings) {
                    Study asha = study(hone, "ASHA", setting.minResource(), setting.reductionFactor(), trials, epochs,
                            seed);
                    double tAsha = asha.secondsToReach(target);
                    System.out.printf("  %s: %s (study %.1f s, %d epochs, %d pruned, best %.4f)%n", setting,
                            Double.isNaN(tAsha) ? "never reached it" : String.format("reached it at %.1f s", tAsha),
                            asha.totalSeconds(), asha.epochs(), asha.pruned(), asha.best());
                    if (!Double.isNaN(tAsha)) {
                        ratios.computeIfAbsent(setting, s -> new ArrayList<>()).add(tRandom / tAsha);
                    }
                    totals.computeIfAbsent(setting, s -> new ArrayList<>()).add(random.totalSeconds() / asha.totalSeconds());
                    regrets.computeIfAbsent(setting, s -> new ArrayList<>()).add(asha.best() - target);
                    epochShares.computeIfAbsent(setting, s -> new ArrayList<>()).add((double) asha.epochs() / random.epochs());
                }
            }
            hone.stop();
        }
        System.out.println();
        System.out.println("| setting | reached random search's best | median speed-up to it | median study time ratio "
                + "| median epochs trained (share) | mean best - random's best | worst |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Setting setting : settings) {
            List<Double> regret = regrets.get(setting);
            System.out.printf(java.util.Locale.ROOT, "| %s | %d of %d | %.2fx | %.2fx | %.2f | %+.4f | %+.4f |%n", setting,
                    ratios.getOrDefault(setting, List.of()).size(), seeds,
                    Bench.median(ratios.getOrDefault(setting, List.of(Double.NaN))), Bench.median(totals.get(setting)),
                    Bench.median(epochShares.get(setting)),
                    regret.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
                    regret.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
        }
    }

    private static Study study(HoneProcess hone, String pruner, int minResource, int reductionFactor, int trials,
            int epochs, long seed) throws Exception {
        JsonNode started = HoneProcess.ok(hone.graphql(USER, PASSWORD,
                "mutation($in: StartRunInput!) { startRun(input: $in) { id } }", Map.of("in", Map.of(
                        "dataset", "digits", "target", "digit", "modelName", "digits-asha", "seed", seed,
                        "training", Map.of("maxEpochs", epochs, "patience", epochs),
                        "tuning", Map.of("sampler", "RANDOM", "pruner", pruner, "minResource", minResource,
                                "reductionFactor", reductionFactor, "maxTrials", trials, "parallelism", 1,
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
