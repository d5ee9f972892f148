package dev.hone.api.demo;

import dev.hone.api.datasets.DatasetIngest;
import dev.hone.api.runtime.HoneConfig;
import dev.hone.api.runtime.TemporalRuntime;
import dev.hone.registry.common.Json;
import dev.hone.registry.model.ModelRegistryService;
import dev.hone.registry.model.ModelVersion;
import dev.hone.registry.run.Run;
import dev.hone.registry.run.RunService;
import dev.hone.registry.run.RunStage;
import dev.hone.registry.run.RunStatus;
import dev.hone.runs.RunLauncher;
import dev.hone.runs.RunRequest;
import dev.hone.vocabulary.CompressionObjective;
import dev.hone.vocabulary.Device;
import dev.hone.workflows.common.TaskQueues;
import dev.hone.workflows.pipeline.CompressionSettings;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The embedded demo ({@code -Dhone.runtime.demo=true}): uploads the bundled iris sample, runs the
 * whole pipeline on it, and prints the registered version, its test metrics, and where the time
 * went. The server keeps running afterwards, so the result can be explored over the API.
 */
@ApplicationScoped
public class DemoRunner {

    static final String SAMPLE = "samples/iris.csv";

    private final HoneConfig config;
    private final DatasetIngest ingest;
    private final RunLauncher launcher;
    private final RunService runs;
    private final ModelRegistryService registry;
    private final int httpPort;
    private final TemporalRuntime runtime;
    private final WorkflowClient client;

    public DemoRunner(HoneConfig config, DatasetIngest ingest, RunLauncher launcher, RunService runs,
            ModelRegistryService registry, @ConfigProperty(name = "quarkus.http.port") int httpPort,
            TemporalRuntime runtime, WorkflowClient client) {
        this.config = config;
        this.runtime = runtime;
        this.client = client;
        this.ingest = ingest;
        this.launcher = launcher;
        this.runs = runs;
        this.registry = registry;
        this.httpPort = httpPort;
    }

    void onStart(@Observes @Priority(TemporalRuntime.STARTUP_PRIORITY + 10) StartupEvent event) {
        if (config.demo()) {
            Thread.ofPlatform().name("hone-demo").daemon().start(this::run);
        }
    }

    void run() {
        try {
            // As a user's first run would come: after the workers' warm-up (about a second and a half).
            if (!runtime.awaitWarmup(Duration.ofMinutes(2))) {
                Log.warn("[demo] the warm-up has not ended after 2 minutes; the demo runs without it");
            }
            long t0 = System.nanoTime();
            DatasetIngest.Ingested data;
            try (InputStream in = Objects.requireNonNull(getClass().getClassLoader().getResourceAsStream(SAMPLE))) {
                data = ingest.ingest("iris", in, "admin");
            }
            Log.infof("[demo] data set 'iris' version %d: %d rows, %d columns", data.version().version,
                    data.version().rowCount, data.version().columnCount);
            Run run = launcher.start(new RunRequest("iris", data.version().version, "species", null,
                    "iris-classifier", null, 42L, Device.CPU, null,
                    // iris is too small to judge retrained students, and its int8 network is no faster than the
                    // float one: size is what compression can win here
                    new CompressionSettings(null, CompressionObjective.SIZE, null, null)), "admin");
            long started = System.nanoTime();
            Instant startedAt = Instant.now();
            String lastStage = null;
            while (!run.status.isFinal()) {
                Thread.sleep(200);
                run = runs.get(run.id);
                if (run.currentStage != null && !run.currentStage.equals(lastStage)) {
                    lastStage = run.currentStage;
                    Log.infof("[demo] run %d: %s", run.id, lastStage);
                }
            }
            if (run.status != RunStatus.SUCCEEDED) {
                Log.errorf("[demo] run %d ended %s: %s", run.id, run.status, run.error);
                return;
            }
            // To the end the run's record holds, not to the poll that saw it (up to 200 ms later).
            report(run, Duration.between(startedAt, run.endedAt), Duration.ofNanos(started - t0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            Log.errorf(e, "[demo] failed");
        }
    }

    /**
     * The time in which at least one compute activity of a run was at work, from its workflow history: from
     * each completed compute activity's start to its completion, overlaps (the validation parts) counted once.
     * The rest of the wall time is workflow tasks, bookkeeping steps (registration among them) and dispatch.
     */
    static long computeActivityMillis(List<HistoryEvent> history) {
        Set<Long> compute = new HashSet<>();
        Map<Long, Long> startedAt = new HashMap<>();
        List<long[]> spans = new ArrayList<>();
        for (HistoryEvent e : history) {
            long at = e.getEventTime().getSeconds() * 1000 + e.getEventTime().getNanos() / 1_000_000;
            switch (e.getEventType()) {
                case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
                    if (TaskQueues.COMPUTE.contains(e.getActivityTaskScheduledEventAttributes().getTaskQueue().getName())) {
                        compute.add(e.getEventId());
                    }
                }
                case EVENT_TYPE_ACTIVITY_TASK_STARTED ->
                        startedAt.put(e.getActivityTaskStartedEventAttributes().getScheduledEventId(), at);
                case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
                    long scheduled = e.getActivityTaskCompletedEventAttributes().getScheduledEventId();
                    if (compute.contains(scheduled) && startedAt.containsKey(scheduled)) {
                        spans.add(new long[] {startedAt.get(scheduled), at});
                    }
                }
                default -> {
                }
            }
        }
        spans.sort(Comparator.comparingLong(span -> span[0]));
        long total = 0;
        long coveredTo = Long.MIN_VALUE;
        for (long[] span : spans) {
            long from = Math.max(span[0], coveredTo);
            if (span[1] > from) {
                total += span[1] - from;
            }
            coveredTo = Math.max(coveredTo, span[1]);
        }
        return total;
    }

    private void report(Run run, Duration wall, Duration upload) {
        ModelVersion v = registry.versionById(run.modelVersionId);
        List<RunStage> stages = runs.stagesOf(List.of(run.id)).getOrDefault(run.id, List.of());
        long computeMs = 0;
        StringBuilder perStage = new StringBuilder();
        for (RunStage s : stages) {
            long ms = Duration.between(s.startedAt, s.endedAt).toMillis();
            computeMs += ms;
            perStage.append(String.format(Locale.ROOT, "%n      %-10s %6d ms", s.stage, ms));
        }
        String compression = stages.stream().filter(s -> s.stage.equals("COMPRESS")).map(s -> s.detail)
                .findFirst().orElse("not run");
        long wallMs = wall.toMillis();
        long activityMs = computeActivityMillis(client.fetchHistory(run.workflowId).getEvents());
        StringBuilder metrics = new StringBuilder();
        Json.readMetrics(v.metricsJson).forEach((k, val) ->
                metrics.append(String.format(Locale.ROOT, "%n      %-10s %.4f", k, val)));
        Log.infof("""

                [demo] Registered model '%s' version %d (run %d, status %s), a %s model
                    compression: %s
                    test metrics:%s
                    time: upload and profile %d ms; pipeline %d ms wall = %d ms in stages + %d ms orchestration (%.1f%%)%s
                      outside the compute activities themselves: %d ms (%.1f%%; their work %d ms, from the run's history)
                    try it (HONE_ADMIN_PASSWORD as exported when the admin was created, or as you set it):
                      curl -s -u "admin:$HONE_ADMIN_PASSWORD" http://127.0.0.1:%d/graphql -H 'Content-Type: application/json' \\
                        -d '{"query":"{ modelVersion(model:\\"%s\\", version:%d) { version status metrics { name value } } }"}'
                """, v.model.name, v.version, run.id, v.status, v.kind, compression, metrics, upload.toMillis(), wallMs, computeMs,
                wallMs - computeMs, 100.0 * (wallMs - computeMs) / wallMs, perStage, wallMs - activityMs,
                100.0 * (wallMs - activityMs) / wallMs, activityMs, httpPort, v.model.name, v.version);
    }
}
