package dev.hone.api;

import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.VIEWER;
import static dev.hone.api.Api.errorCode;
import static dev.hone.api.Api.graphql;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A run seen from outside: one trace from the GraphQL request that starts it down to the SQL its
 * activities run, and its counts, stage times and the workers' metrics at /q/metrics, under the
 * names deploy/README.md documents.
 */
@QuarkusTest
@TestProfile(ObservabilityTest.Traced.class)
class ObservabilityTest {

    /**
     * Tracing on, as with an OTLP endpoint configured (the spans go to {@link RecordedSpans}). The other
     * tests run without it, as Hone does by default.
     */
    public static class Traced implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false");
        }
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");

    @Inject
    RecordedSpans recorded;

    @Test
    void aRunIsOneTraceFromTheApiRequestToTheSqlOfItsActivities() throws Exception {
        Api.ensureUsers();
        String dataset = Api.unique("iris-traced");
        assertThat(Api.upload(SCIENTIST, dataset, Api.iris()).statusCode()).isIn(200, 201);
        double startedBefore = value(metrics(), "hone_runs_started_total", Map.of());
        double succeededBefore = value(metrics(), "hone_runs_ended_total", Map.of("outcome", "succeeded"));

        recorded.record();
        long runId;
        try {
            runId = startAndAwait(dataset);
            // The workflow's own span ends when it returns; the batch exporter hands it over shortly after.
            List<SpanData> trace = awaitTrace(runId, Duration.ofSeconds(30));
            Map<String, SpanData> byId = trace.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));

            SpanData start = only(trace, "StartWorkflow:ModelOptimizationWorkflow");
            SpanData request = root(start, byId);
            assertThat(request.getKind()).as("the trace's root").isEqualTo(SpanKind.SERVER);
            assertThat(request.getName()).contains("/graphql");
            SpanData workflow = only(trace, "RunWorkflow:ModelOptimizationWorkflow");
            assertThat(ancestors(workflow, byId)).as("the workflow run under its start").contains(start);

            Set<String> activities = trace.stream().map(SpanData::getName).filter(n -> n.startsWith("RunActivity:"))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(activities).contains("RunActivity:Preprocess", "RunActivity:Train", "RunActivity:Evaluate",
                    "RunActivity:Register", "RunActivity:StageStarted", "RunActivity:StageBoundary",
                    "RunActivity:RunSucceeded");
            SpanData train = only(trace, "RunActivity:Train");
            assertThat(ancestors(train, byId)).as("an activity under the workflow run").contains(workflow, request);

            List<SpanData> sql = trace.stream().filter(s -> s.getInstrumentationScopeInfo().getName().contains("jdbc"))
                    .toList();
            assertThat(sql).as("JDBC statements in the run's trace").isNotEmpty();
            assertThat(sql).filteredOn(s -> ancestors(s, byId).stream()
                    .anyMatch(a -> a.getName().equals("RunActivity:RunSucceeded")))
                    .as("statements under the activity that records the run's success")
                    .filteredOn(s -> s.getKind() == SpanKind.CLIENT)
                    .extracting(s -> s.getAttributes().get(AttributeKey.stringKey("db.statement")))
                    .anyMatch(statement -> statement.startsWith("update run set"));
        } finally {
            recorded.stop();
        }

        // Counters and stage times of the run; the workers' own metrics per task queue.
        String page = awaitMetrics(p -> value(p, "temporal_num_pollers", Map.of("task_queue", "mlops-cpu")) > 0,
                Duration.ofSeconds(20));
        assertThat(value(page, "hone_runs_started_total", Map.of())).isGreaterThanOrEqualTo(startedBefore + 1);
        assertThat(value(page, "hone_runs_ended_total", Map.of("outcome", "succeeded")))
                .isGreaterThanOrEqualTo(succeededBefore + 1);
        for (String stage : List.of("PREPROCESS", "TRAIN", "EVALUATE", "VALIDATE", "REGISTER")) {
            assertThat(value(page, "hone_run_stage_seconds_count", Map.of("stage", stage, "outcome", "succeeded")))
                    .as("stage %s timed", stage).isGreaterThanOrEqualTo(1);
        }
        assertThat(value(page, "hone_runs_ended_total", Map.of("outcome", "failed"))).isNotNaN();
        assertThat(value(page, "hone_trials_total", Map.of("outcome", "pruned"))).isNotNaN();
        assertThat(value(page, "hone_runs_in_flight", Map.of("status", "queued", "stage", "none"))).isNotNaN();
        for (String queue : List.of("mlops-control", "mlops-cpu")) {
            // Reported, not necessarily free: a poller waiting for a task holds a slot, so a queue of one slot
            // can read 0 whenever it is scraped.
            assertThat(value(page, "temporal_worker_task_slots_available",
                    Map.of("task_queue", queue, "worker_type", "ActivityWorker"))).as(queue).isNotNaN()
                    .isGreaterThanOrEqualTo(0);
            assertThat(value(page, "temporal_num_pollers", Map.of("task_queue", queue, "poller_type", "activity_task")))
                    .as(queue).isGreaterThan(0);
        }
        assertThat(value(page, "temporal_activity_schedule_to_start_latency_seconds_count",
                Map.of("task_queue", "mlops-cpu", "activity_type", "Train"))).isGreaterThanOrEqualTo(1);

        // What the page shows is what deploy/README.md lists (serving's metrics appear once a model answers).
        Map<String, String> documented = MetricsCatalog.documented();
        String samples = page.lines().filter(l -> !l.startsWith("#")).collect(Collectors.joining("\n"));
        Set<String> shown = MetricsCatalog.namesIn(samples, documented.keySet()).stream()
                .filter(n -> n.startsWith("hone_") || documented.containsKey(n)).collect(Collectors.toSet());
        assertThat(documented.keySet()).as("documented metrics").containsAll(shown.stream()
                .filter(n -> n.startsWith("hone_") && !MetricsCatalog.serving(n)).toList());
        assertThat(shown).as("metrics at /q/metrics").containsAll(documented.keySet().stream()
                .filter(n -> !MetricsCatalog.serving(n)).toList());
    }

    private static long startAndAwait(String dataset) throws InterruptedException {
        var started = graphql(SCIENTIST, """
                mutation($in: StartRunInput!) { startRun(input: $in) { id } }""",
                Map.of("in", Map.of("dataset", dataset, "target", "species", "modelName", Api.unique("iris-traced"),
                        "seed", 11)));
        assertThat(errorCode(started)).isNull();
        long runId = started.getLong("data.startRun.id");
        Map<String, Object> run = Api.awaitRun(runId, Api::isFinal, Duration.ofMinutes(3));
        assertThat(run.get("status")).as("run %s", run).isEqualTo("SUCCEEDED");
        return runId;
    }

    private List<SpanData> awaitTrace(long runId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        AttributeKey<String> workflowId = AttributeKey.stringKey("workflowId");
        while (true) {
            List<SpanData> spans = recorded.spans();
            var start = spans.stream().filter(s -> s.getName().equals("StartWorkflow:ModelOptimizationWorkflow")
                    && ("run-" + runId).equals(s.getAttributes().get(workflowId))).findFirst();
            if (start.isPresent()) {
                String traceId = start.get().getTraceId();
                List<SpanData> trace = spans.stream().filter(s -> s.getTraceId().equals(traceId)).toList();
                boolean complete = trace.stream().anyMatch(s -> s.getName().equals("RunWorkflow:ModelOptimizationWorkflow"))
                        && trace.stream().anyMatch(s -> s.getKind() == SpanKind.SERVER);
                if (complete) {
                    return trace;
                }
            }
            assertThat(System.nanoTime()).as("a whole trace of run %d within %s; spans seen: %s", runId, timeout,
                    spans.stream().map(SpanData::getName).collect(Collectors.toCollection(TreeSet::new)))
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static SpanData only(List<SpanData> trace, String name) {
        List<SpanData> found = trace.stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(found).as("spans named %s in the trace", name).hasSize(1);
        return found.getFirst();
    }

    private static SpanData root(SpanData span, Map<String, SpanData> byId) {
        List<SpanData> up = ancestors(span, byId);
        SpanData top = up.isEmpty() ? span : up.getLast();
        assertThat(top.getParentSpanContext().isValid()).as("%s has no parent outside the trace", top.getName())
                .isFalse();
        return top;
    }

    private static List<SpanData> ancestors(SpanData span, Map<String, SpanData> byId) {
        List<SpanData> up = new ArrayList<>();
        SpanData at = byId.get(span.getParentSpanId());
        while (at != null) {
            up.add(at);
            at = byId.get(at.getParentSpanId());
        }
        return up;
    }

    private static String metrics() {
        return Api.as(VIEWER).get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static String awaitMetrics(Predicate<String> ready, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String page = metrics();
        while (!ready.test(page) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            page = metrics();
        }
        return page;
    }

    /** The sum of a metric's samples whose labels include {@code labels}; NaN when there is none. */
    static double value(String page, String name, Map<String, String> labels) {
        double sum = 0;
        boolean any = false;
        for (String line : page.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.find() || !m.group(1).equals(name)) {
                continue;
            }
            String found = m.group(2) == null ? "" : m.group(2);
            if (labels.entrySet().stream().allMatch(e -> found.contains(e.getKey() + "=\"" + e.getValue() + "\""))) {
                sum += Double.parseDouble(m.group(3));
                any = true;
            }
        }
        return any ? sum : Double.NaN;
    }
}
