package dev.hone.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deployments in the packaged application: traffic shifted ten times under a steady load of more
 * than 200 requests a second loses no request and is never answered by a version outside the
 * deployment; a rollout in flight when Hone is stopped (SIGTERM) or killed (SIGKILL) ends
 * INTERRUPTED at the next start, with its canary taken out, so the stable version alone answers.
 */
class DeploymentIT {

    private static final String USER = "admin";
    private static final String ROW = "{\"rows\": [{\"sepal_length\": \"6.1\", \"sepal_width\": \"2.8\", "
            + "\"petal_length\": \"4.7\", \"petal_width\": \"1.2\"}]}";
    private static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");
    private static final String[] UNLIMITED = {"-Dhone.security.predict-rate-per-second=1000000",
        "-Dhone.security.predict-burst=1000000"};

    @TempDir
    Path dir;

    @Test
    void shiftingTrafficTenTimesUnderLoadLosesNoRequest() throws Exception {
        try (HoneProcess hone = new HoneProcess(dir.resolve("load"), UNLIMITED)) {
            hone.start();
            trainTwoVersions(hone);
            graphql(hone, "mutation { createDeployment(name: \"flowers\", model: \"iris-deployed\", version: 1) "
                    + "{ name } }");
            byte[] request = KeepAliveHttp.post(hone.uri("/").getPort(), "/api/deployments/flowers/predict", USER,
                    HoneProcess.ADMIN_PASSWORD, ROW);

            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong answered = new AtomicLong();
            List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            Set<Integer> versions = ConcurrentHashMap.newKeySet();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                clients.add(Thread.ofPlatform().start(() -> {
                    try (KeepAliveHttp conn = new KeepAliveHttp(hone.uri("/").getPort())) {
                        while (!stop.get()) {
                            int status = conn.send(request);
                            Matcher m = VERSION.matcher(conn.body());
                            if (status != 200 || !m.find()) {
                                failures.add(status + " " + conn.body());
                            } else {
                                versions.add(Integer.parseInt(m.group(1)));
                                answered.incrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }));
            }
            List<String> shifts = List.of(
                    "setCanary(deployment: \"flowers\", version: 2, percent: 10) { name }",
                    "setCanary(deployment: \"flowers\", version: 2, percent: 50) { name }",
                    "setCanary(deployment: \"flowers\", version: 2, percent: 100) { name }",
                    "removeCanary(deployment: \"flowers\") { name }",
                    "setCanary(deployment: \"flowers\", version: 2, percent: 30, sticky: true) { name }",
                    "setShadow(deployment: \"flowers\", version: 2) { name }",
                    "promoteCanary(deployment: \"flowers\") { name }",
                    "setCanary(deployment: \"flowers\", version: 1, percent: 25) { name }",
                    "setShadow(deployment: \"flowers\") { name }",
                    "removeCanary(deployment: \"flowers\") { name }");
            long start = System.nanoTime();
            Thread.sleep(1000);
            for (String shift : shifts) {
                graphql(hone, "mutation { " + shift + " }");
                Thread.sleep(1200);
            }
            stop.set(true);
            for (Thread t : clients) {
                t.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double perSecond = answered.get() / seconds;
            System.out.printf("Zero-downtime: %d requests in %.1f s (%.0f/s), 10 traffic shifts, %d failed, versions %s%n",
                    answered.get(), seconds, perSecond, failures.size(), versions);
            assertThat(failures).as("failed requests").isEmpty();
            assertThat(versions).as("only the deployment's versions answer").isSubsetOf(1, 2).contains(1, 2);
            assertThat(perSecond).as("a steady load of at least 200 requests a second").isGreaterThanOrEqualTo(200);
            JsonNode d = graphql(hone, "{ deployment(name: \"flowers\") { stable { version } canary { version } } }");
            assertThat(d.path("data").path("deployment").path("stable").path("version").asInt()).isEqualTo(2);
        }
    }

    @Test
    void aRolloutInFlightAtAStopOrACrashEndsInterruptedWithItsCanaryTakenOut() throws Exception {
        Path work = dir.resolve("restart");
        try (HoneProcess hone = new HoneProcess(work)) {
            hone.start();
            trainTwoVersions(hone);
            graphql(hone, "mutation { createDeployment(name: \"flowers\", model: \"iris-deployed\", version: 1) "
                    + "{ name } }");
            startLongRollout(hone);
            hone.stop();
        }
        try (HoneProcess hone = new HoneProcess(work)) {
            hone.start();
            assertInterruptedAndStableAlone(hone, "stopped");
            startLongRollout(hone);
            hone.kill();
        }
        try (HoneProcess hone = new HoneProcess(work)) {
            hone.start();
            assertInterruptedAndStableAlone(hone, "ended abruptly");
        }
    }

    private static void startLongRollout(HoneProcess hone) throws Exception {
        JsonNode r = graphql(hone, "mutation { startRollout(deployment: \"flowers\", version: 2, steps: "
                + "[{percent: 40, pauseSeconds: 3600}, {percent: 100, pauseSeconds: 3600}]) { id } }");
        long id = r.path("data").path("startRollout").path("id").asLong();
        hone.awaitGraphql(USER, HoneProcess.ADMIN_PASSWORD, "{ deployment(name: \"flowers\") { canaryPercent } }",
                Map.of(), a -> a.path("data").path("deployment").path("canaryPercent").asDouble() == 40,
                Duration.ofSeconds(30));
        assertThat(id).isPositive();
    }

    private static void assertInterruptedAndStableAlone(HoneProcess hone, String why) throws Exception {
        JsonNode rollouts = graphql(hone, "{ rollouts(deployment: \"flowers\") { status reason } }");
        JsonNode last = rollouts.path("data").path("rollouts").get(0);
        assertThat(last.path("status").asText()).isEqualTo("INTERRUPTED");
        assertThat(last.path("reason").asText()).contains(why).contains("canary was taken out");
        JsonNode d = graphql(hone, "{ deployment(name: \"flowers\") { stable { version } canary { version } "
                + "canaryPercent } }");
        assertThat(d.path("data").path("deployment").path("canary").isNull()).isTrue();
        try (KeepAliveHttp conn = new KeepAliveHttp(hone.uri("/").getPort())) {
            byte[] request = KeepAliveHttp.post(hone.uri("/").getPort(), "/api/deployments/flowers/predict", USER,
                    HoneProcess.ADMIN_PASSWORD, ROW);
            for (int i = 0; i < 20; i++) {
                assertThat(conn.send(request)).isEqualTo(200);
                assertThat(conn.body()).contains("\"version\":1").contains("\"role\":\"stable\"");
            }
        }
    }

    private static void trainTwoVersions(HoneProcess hone) throws Exception {
        byte[] iris = Files.readAllBytes(Path.of("../api/src/test/resources/datasets/iris.csv"));
        assertThat(hone.upload(USER, HoneProcess.ADMIN_PASSWORD, "iris", iris).statusCode()).isEqualTo(201);
        for (int i = 0; i < 2; i++) {
            JsonNode started = graphql(hone, "mutation { startRun(input: {dataset: \"iris\", target: \"species\", "
                    + "modelName: \"iris-deployed\", training: {maxEpochs: 5}}) { id } }");
            long runId = started.path("data").path("startRun").path("id").asLong();
            JsonNode run = hone.awaitGraphql(USER, HoneProcess.ADMIN_PASSWORD, "query($id: ID!) { run(id: $id) "
                    + "{ status } }", Map.of("id", runId), r -> !List.of("QUEUED", "RUNNING")
                            .contains(r.path("data").path("run").path("status").asText()), Duration.ofMinutes(3));
            assertThat(run.path("data").path("run").path("status").asText()).isEqualTo("SUCCEEDED");
        }
    }

    private static JsonNode graphql(HoneProcess hone, String query) throws Exception {
        return HoneProcess.ok(hone.graphql(USER, HoneProcess.ADMIN_PASSWORD, query, Map.of()));
    }
}
