package dev.hone.api.runtime;

import dev.hone.registry.run.RunService;
import dev.hone.registry.run.RunStage;
import dev.hone.registry.run.RunStatus;
import dev.hone.workflows.pipeline.PipelineStage;
import dev.hone.workflows.tuning.TrialOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs, stages and trials as metrics at {@code /q/metrics}, counted where the workers record them:
 * a worker interceptor sees the run-tracking and trial activities complete (workflows touch no
 * metrics), so a process counts what its control worker recorded and the sum over processes is the
 * whole. Runs waiting or running are read from the registry, in the processes that serve the API.
 *
 * <ul>
 * <li>{@code hone_runs_started_total}: runs whose workflow began its first stage;</li>
 * <li>{@code hone_runs_ended_total{outcome}}: succeeded, failed, cancelled;</li>
 * <li>{@code hone_run_stage_seconds{stage,outcome}}: a stage from its start to its end (a histogram);</li>
 * <li>{@code hone_trials_total{outcome}}: completed, pruned, failed;</li>
 * <li>{@code hone_runs_in_flight{status,stage}}: queued and running runs by current stage.</li>
 * </ul>
 */
@ApplicationScoped
public class RunMetrics {

    /** Activity types (Temporal's default: the method name, capitalised) whose completion is counted. */
    static final String STAGE_STARTED = "StageStarted";
    static final String RUN_SUCCEEDED = "RunSucceeded";
    static final String RUN_ENDED = "RunEnded";
    static final String STAGE_COMPLETED = "StageCompleted";
    static final String STAGE_BOUNDARY = "StageBoundary";
    static final String RUN_TRIAL = "RunTrial";
    static final String TRIAL_FAILED = "TrialFailed";

    /** Stage label of a run that is between stages, or queued. */
    static final String NO_STAGE = "none";
    /** How long a count of the runs in flight is reused before the registry is asked again. */
    static final Duration IN_FLIGHT_MAX_AGE = Duration.ofSeconds(10);

    private final MeterRegistry registry;
    private final RunService runs;
    private final Counter started;
    private final Map<String, Counter> ended = new ConcurrentHashMap<>();
    private final Map<String, Counter> trials = new ConcurrentHashMap<>();
    private volatile Map<String, Long> inFlight = Map.of();
    private volatile long inFlightReadAt;

    public RunMetrics(MeterRegistry registry, RunService runs, HoneConfig config) {
        this.registry = registry;
        this.runs = runs;
        this.started = Counter.builder("hone.runs.started")
                .description("Runs whose workflow began (the first stage of an attempt)").register(registry);
        // Every outcome shows from the start, so that rates over them exist before the first end.
        for (String outcome : List.of("succeeded", "failed", "cancelled")) {
            ended(outcome);
        }
        for (String outcome : List.of("completed", "pruned", "failed")) {
            trial(outcome);
        }
        if (config.mode() != HoneConfig.Mode.WORKER) {
            registerInFlight();
        }
    }

    /** The worker interceptor that counts; it changes nothing an activity does or returns. */
    WorkerInterceptor interceptor() {
        return new WorkerInterceptorBase() {
            @Override
            public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
                return new Counting(next);
            }
        };
    }

    private final class Counting extends ActivityInboundCallsInterceptorBase {
        private ActivityExecutionContext context;

        Counting(ActivityInboundCallsInterceptor next) {
            super(next);
        }

        @Override
        public void init(ActivityExecutionContext context) {
            this.context = context;
            super.init(context);
        }

        @Override
        public ActivityOutput execute(ActivityInput input) {
            ActivityOutput output = super.execute(input);
            try {
                completed(context.getInfo().getActivityType(), input.getArguments(), output.getResult());
            } catch (RuntimeException e) {
                // A metric is never worth failing the activity that it counts.
                Log.warnf(e, "Could not count the activity %s", context.getInfo().getActivityType());
            }
            return output;
        }
    }

    /** Counts what a successfully completed activity recorded. */
    void completed(String activityType, Object[] args, Object result) {
        switch (activityType) {
            // Every attempt begins with PREPROCESS (runs of older releases also recorded RunStarted before it).
            case STAGE_STARTED -> {
                if (args[1] == PipelineStage.PREPROCESS) {
                    started.increment();
                }
            }
            case RUN_SUCCEEDED -> ended("succeeded").increment();
            case RUN_ENDED -> {
                String status = String.valueOf(args[1]);
                ended(status.toLowerCase(Locale.ROOT)).increment();
                stageDurations((Long) args[0], status);
            }
            case STAGE_COMPLETED, STAGE_BOUNDARY -> stageDurations((Long) args[0], RunStatus.SUCCEEDED.name(),
                    ((PipelineStage) args[1]).name());
            case RUN_TRIAL -> {
                if (result instanceof TrialOutcome outcome) {
                    trial(outcome.status().toLowerCase(Locale.ROOT)).increment();
                }
            }
            case TRIAL_FAILED -> trial("failed").increment();
            default -> {
            }
        }
    }

    /** Records the stages of the run's current attempt that ended with {@code status} (all such, or the one named). */
    private void stageDurations(long runId, String status, String... only) {
        List<RunStage> stages = runs.stagesOf(List.of(runId)).getOrDefault(runId, List.of());
        for (RunStage s : stages) {
            if (s.endedAt == null || !status.equals(s.status) || only.length > 0 && !only[0].equals(s.stage)) {
                continue;
            }
            Timer.builder("hone.run.stage").description("Time a run's stage took, from its start to its end")
                    .tags("stage", s.stage, "outcome", status.toLowerCase(Locale.ROOT))
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(100))
                    .maximumExpectedValue(Duration.ofHours(24))
                    .register(registry).record(Duration.between(s.startedAt, s.endedAt));
        }
    }

    private Counter ended(String outcome) {
        return ended.computeIfAbsent(outcome, o -> Counter.builder("hone.runs.ended")
                .description("Runs that ended, by outcome").tag("outcome", o).register(registry));
    }

    private Counter trial(String outcome) {
        return trials.computeIfAbsent(outcome, o -> Counter.builder("hone.trials")
                .description("Tuning trials that ended, by outcome").tag("outcome", o).register(registry));
    }

    private void registerInFlight() {
        gauge(RunStatus.QUEUED, NO_STAGE);
        gauge(RunStatus.RUNNING, NO_STAGE);
        for (PipelineStage stage : PipelineStage.values()) {
            gauge(RunStatus.RUNNING, stage.name());
        }
    }

    private void gauge(RunStatus status, String stage) {
        String key = key(status, stage);
        Gauge.builder("hone.runs.in_flight", this, m -> m.inFlight(key))
                .description("Runs waiting (queued) or running, by the stage they are in; read from the registry")
                .tags("status", status.name().toLowerCase(Locale.ROOT), "stage", stage).register(registry);
    }

    private static String key(RunStatus status, String stage) {
        return status.name() + "/" + stage;
    }

    /** One count from a snapshot of the registry at most {@link #IN_FLIGHT_MAX_AGE} old. */
    private double inFlight(String key) {
        long now = System.nanoTime();
        if (inFlightReadAt == 0 || now - inFlightReadAt > IN_FLIGHT_MAX_AGE.toNanos()) {
            synchronized (this) {
                if (inFlightReadAt == 0 || now - inFlightReadAt > IN_FLIGHT_MAX_AGE.toNanos()) {
                    try {
                        Map<String, Long> counts = new HashMap<>();
                        for (RunService.InFlight f : runs.inFlight()) {
                            counts.merge(key(f.status(), Objects.requireNonNullElse(f.stage(), NO_STAGE)), f.runs(),
                                    Long::sum);
                        }
                        inFlight = counts;
                    } catch (RuntimeException e) {
                        Log.debugf(e, "Could not count the runs in flight");
                        return Double.NaN;
                    } finally {
                        inFlightReadAt = System.nanoTime();
                    }
                }
            }
        }
        return inFlight.getOrDefault(key, 0L);
    }
}
