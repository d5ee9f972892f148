package dev.hone.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Start-up time of the packaged application in embedded mode, from {@code java -jar} to a ready
 * health check, in three situations: a fresh {@code ./data} (first start), a start on the data a
 * graceful stop left, and a start right after a SIGKILL (for the embedded PostgreSQL this includes
 * shutting down the one the killed process left running, and crash recovery). With
 * {@code --baseline <quarkus-app dir>} it measures another build the same way, interleaved round by
 * round, and prints the ratios: how the database change moved start-up is measured against the
 * build from before it (the last H2 build, {@code 2f96de6}).
 *
 * <p>Run from the repository root after {@code ./mvnw install -DskipTests}:
 * {@code ./mvnw -q -B -pl tests exec:java -Dexec.mainClass=dev.hone.tests.StartupBenchmark
 * -Dexec.classpathScope=test -Dexec.args="--rounds 5 --baseline /tmp/hone-h2/api/target/quarkus-app"}
 */
public final class StartupBenchmark {

    private static final List<String> SITUATIONS = List.of("fresh data", "after a graceful stop", "after SIGKILL");

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Bench.intArg(args, "--rounds", 5);
        Bench.root();
        Map<String, String> builds = new LinkedHashMap<>();
        builds.put("current", System.getProperty("hone.app.dir"));
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--baseline")) {
                builds.put("baseline", args[i + 1]);
            }
        }
        Map<String, Map<String, List<Double>>> seconds = new LinkedHashMap<>();
        builds.keySet().forEach(b -> {
            Map<String, List<Double>> bySituation = new LinkedHashMap<>();
            SITUATIONS.forEach(s -> bySituation.put(s, new ArrayList<>()));
            seconds.put(b, bySituation);
        });
        for (int round = 1; round <= rounds; round++) {
            for (var build : builds.entrySet()) {
                System.setProperty("hone.app.dir", build.getValue());
                Path dir = Files.createTempDirectory("hone-startup");
                List<Double> times = new ArrayList<>();
                times.add(timeStart(dir, true));
                times.add(timeStart(dir, false));
                times.add(timeStart(dir, true));
                deleteTree(dir);
                for (int i = 0; i < SITUATIONS.size(); i++) {
                    seconds.get(build.getKey()).get(SITUATIONS.get(i)).add(times.get(i));
                }
                System.out.printf("round %d, %s: fresh %.2f s, after graceful stop %.2f s, after SIGKILL %.2f s%n",
                        round, build.getKey(), times.get(0), times.get(1), times.get(2));
            }
        }
        for (String situation : SITUATIONS) {
            double current = Bench.median(seconds.get("current").get(situation));
            if (builds.containsKey("baseline")) {
                double baseline = Bench.median(seconds.get("baseline").get(situation));
                System.out.printf("median start, %s: current %.2f s, baseline %.2f s, ratio %.2fx%n", situation,
                        current, baseline, current / baseline);
            } else {
                System.out.printf("median start, %s: %.2f s%n", situation, current);
            }
        }
    }

    /**
     * Seconds from launch to ready. The process then ends as the next situation needs: SIGTERM
     * ({@code graceful}) or SIGKILL (only the second start of a round: the third takes over).
     */
    private static double timeStart(Path dir, boolean graceful) throws Exception {
        HoneProcess hone = new HoneProcess(dir);
        long started = System.nanoTime();
        hone.start();
        double elapsed = (System.nanoTime() - started) / 1e9;
        if (graceful) {
            hone.stop();
        } else {
            hone.kill();
        }
        return elapsed;
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
