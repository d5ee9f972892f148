package dev.hone.api.runtime;

import dev.hone.activities.common.StageWorkers;
import dev.hone.activities.common.StageWorkers.QueueWork;
import dev.hone.activities.common.WorkerDrain;
import dev.hone.ml.model.TrainerWarmup;
import dev.hone.registry.deploy.RolloutService;
import dev.hone.registry.monitor.DriftMonitorService;
import dev.hone.registry.schedule.ScheduleService;
import dev.hone.registry.run.RunService;
import dev.hone.workflows.common.TaskQueues;
import dev.hone.workflows.warmup.WarmupWorkflow;
import io.grpc.StatusRuntimeException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Connects to the workflow service and runs this process's workers. What runs on which task queue
 * is declared by each stage ({@link StageWorkers} beans); this class registers the declared parts on
 * the queues of the process's role ({@link WorkerPlan}) and names no stage itself. In embedded mode
 * it first starts Temporal's Java test server in-process, reachable on the loopback interface only.
 * A worker or server process waits for an external workflow service (it may start first) and
 * reports ready once its workers poll. On stop, workers poll no more and hand their long work back
 * at once; an embedded server also ends the runs in flight as INTERRUPTED, as its workflow service
 * dies with it.
 */
@ApplicationScoped
public class TemporalRuntime {

    /** Startup order: database and users first, then the workflow service, then anything that starts runs. */
    public static final int STARTUP_PRIORITY = 100;
    /**
     * Shutdown order: workers stop, and an embedded server records the runs it ends, before the
     * database goes away; an observer of ShutdownEvent that stops the database must come later
     * (a larger priority).
     */
    public static final int SHUTDOWN_PRIORITY = 100;

    static final String INTERRUPTED_AT_START = "Hone ended abruptly (a crash or a kill) while this run was in flight, "
            + "and the embedded workflow service keeps no state across restarts. Start the run again with restartRun";
    static final String INTERRUPTED_AT_STOP = "Hone was stopped while this run was in flight, and the embedded "
            + "workflow service keeps no state across restarts. Start the run again with restartRun";
    static final String ROLLOUT_INTERRUPTED_AT_START = "Hone ended abruptly while this rollout was in flight, and the "
            + "embedded workflow service keeps no state across restarts: its canary was taken out (the stable version "
            + "answers every request). Start the rollout again";
    static final String ROLLOUT_INTERRUPTED_AT_STOP = "Hone was stopped while this rollout was in flight, and the "
            + "embedded workflow service keeps no state across restarts: its canary was taken out (the stable version "
            + "answers every request). Start the rollout again";
    /** Longest pause between two tries to reach an external workflow service. */
    static final Duration MAX_CONNECT_BACKOFF = Duration.ofSeconds(30);
    /** Bookkeeping steps of the workflow warm-up at start. */
    static final int WARMUP_STEPS = 3;
    /** How long a stopping process lets its workers finish or hand back what they run. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final HoneConfig config;
    private final RunService runs;
    private final RolloutService rollouts;
    private final ScheduleService schedules;
    private final DriftMonitorService monitors;
    private final WorkerDrain drain;
    private final WorkerPresence presence;
    private final List<WorkerInterceptor> interceptors;
    private final List<StageWorkers> stages;
    private final WorkflowTelemetry telemetry;

    private EmbeddedWorkflowService embedded;
    private WorkflowServiceStubs stubs;
    private WorkflowClient client;
    private WorkerFactory factory;
    private WorkerPlan plan;
    private Thread connecting;
    private volatile boolean working;
    /** Counted down when the warm-up at the start of the workers has ended, or at once when there is none. */
    private final CountDownLatch warm = new CountDownLatch(1);

    public TemporalRuntime(HoneConfig config, RunService runs, RolloutService rollouts, ScheduleService schedules,
            DriftMonitorService monitors, WorkerDrain drain, WorkerPresence presence,
            @Any Instance<WorkerInterceptor> interceptors, @Any Instance<StageWorkers> stages,
            WorkflowTelemetry telemetry) {
        this.presence = presence;
        this.telemetry = telemetry;
        this.monitors = monitors;
        this.config = config;
        this.runs = runs;
        this.rollouts = rollouts;
        this.schedules = schedules;
        this.drain = drain;
        this.interceptors = interceptors.stream().toList();
        this.stages = stages.stream().toList();
    }

    void start(@Observes @Priority(STARTUP_PRIORITY) StartupEvent event) {
        // Read by DJL when the engine first loads, which happens in the first training or prediction.
        String threads = Integer.toString(config.torchThreads());
        System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads", threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads",
                System.getProperty("ai.djl.pytorch.num_interop_threads", threads));
        HoneConfig.Temporal t = config.temporal();
        // A misconfigured worker role ends the start here, before anything has started.
        plan = WorkerPlan.of(config.mode(), config.localCompute(), config.workerQueues(), stages);
        if (config.fakeGpu() && plan.names().contains(TaskQueues.GPU)) {
            // Without the setting, a GPU worker with no GPU was refused before the start (StartupChecks).
            Log.warnf("This process polls %s without a GPU (hone.runtime.fake-gpu): GPU work runs on its CPU",
                    TaskQueues.GPU);
        }
        WorkflowServiceStubsOptions.Builder service;
        String target = t.target();
        if (config.mode() == HoneConfig.Mode.EMBEDDED) {
            service = WorkflowServiceStubsOptions.newBuilder();
            int interrupted = runs.interruptInFlight(INTERRUPTED_AT_START);
            if (interrupted > 0) {
                Log.warnf("%d run(s) were in flight when Hone last ended abruptly; they are marked INTERRUPTED",
                        interrupted);
            }
            interruptRollouts(ROLLOUT_INTERRUPTED_AT_START);
            embedded = EmbeddedWorkflowService.start(t.embeddedPort());
            target = embedded.address();
            // This process reaches the service in memory; worker processes on this machine use the address.
            service.setChannel(embedded.channel());
            Log.infof("Embedded workflow service listening on %s (in-process, no state kept across restarts)", target);
        } else {
            service = WorkflowServiceConnection.options(t);
        }
        service.setMetricsScope(telemetry.metricsScope());
        stubs = WorkflowServiceStubs.newServiceStubs(service.build());
        client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace(t.namespace())
                .setIdentity(t.workerIdentity().orElse(null)).setInterceptors(telemetry.clientInterceptors()).build());
        factory = WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder()
                .setWorkerInterceptors(telemetry.workerInterceptors(interceptors)).build());
        for (QueueWork work : plan.queues()) {
            register(work);
        }
        if (embedded != null) {
            startWorkers(target);
        } else {
            // An external service may come up after this process: wait for it without holding up the start.
            String address = target;
            connecting = Thread.ofPlatform().daemon().name("hone-workflow-service-wait")
                    .start(() -> awaitServiceThenWork(address));
        }
    }

    private void awaitServiceThenWork(String target) {
        Duration pause = Duration.ofSeconds(1);
        for (int tryNumber = 1; ; tryNumber++) {
            try {
                stubs.blockingStub().withDeadlineAfter(5, TimeUnit.SECONDS)
                        .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
                if (tryNumber > 1) {
                    Log.infof("The workflow service at %s answers", target);
                }
                startWorkers(target);
                return;
            } catch (StatusRuntimeException e) {
                Log.warnf("Waiting for the workflow service at %s to poll %s (try %d, next in %d s): %s", target,
                        plan.names(), tryNumber, pause.toSeconds(), e.getStatus());
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Log.infof("Stopped waiting for the workflow service at %s", target);
                return;
            }
            pause = pause.multipliedBy(2).compareTo(MAX_CONNECT_BACKOFF) > 0 ? MAX_CONNECT_BACKOFF : pause.multipliedBy(2);
        }
    }

    private synchronized void startWorkers(String target) {
        if (factory.isShutdown()) {
            return;
        }
        factory.start();
        working = true;
        boolean computes = plan.names().contains(TaskQueues.CPU) || plan.names().contains(TaskQueues.GPU);
        boolean training = config.trainingWarmup() && computes;
        // Embedded only: against a shared workflow service another process could take the steps.
        boolean workflows = config.workflowWarmup() && embedded != null && plan.names().contains(TaskQueues.CONTROL);
        if (training || workflows) {
            Thread.ofPlatform().daemon().name("hone-warmup").start(() -> {
                try {
                    if (workflows) {
                        warmUpWorkflows();
                    }
                    if (training) {
                        warmUpTraining();
                    }
                } finally {
                    warm.countDown();
                }
            });
        } else {
            warm.countDown();
        }
        presence.join(identity(), plan.names(), config.temporal().computeConcurrency());
        Log.infof("Workflow service at %s; workers poll %s", target, plan.names());
        if (plan.names().contains(TaskQueues.CONTROL)) {
            int restored = ScheduleWorkflows.restoreAll(client, schedules);
            if (restored > 0) {
                Log.infof("%d schedule workflow(s) started from the registry", restored);
            }
            // After the schedules: a monitor's alarm signals its schedule's workflow.
            int monitorsRestored = MonitorWorkflows.restoreAll(client, monitors);
            if (monitorsRestored > 0) {
                Log.infof("%d drift monitor workflow(s) started from the registry", monitorsRestored);
            }
        }
    }

    private void warmUpTraining() {
        try {
            Log.infof("Training warmed up (libtorch loaded, the trainer's path compiled) in %d ms",
                    TrainerWarmup.run().toMillis());
        } catch (RuntimeException | LinkageError e) {
            // The first run then pays for it; and should the engine be missing, that run fails naming why.
            Log.warnf(e, "The training warm-up failed");
        }
    }

    private void warmUpWorkflows() {
        long t0 = System.nanoTime();
        try {
            WarmupWorkflow warmup = client.newWorkflowStub(WarmupWorkflow.class, WorkflowOptions.newBuilder()
                    .setTaskQueue(TaskQueues.CONTROL)
                    .setWorkflowId(WarmupWorkflow.ID_PREFIX + UUID.randomUUID())
                    .setWorkflowExecutionTimeout(Duration.ofMinutes(1))
                    .build());
            int steps = warmup.run(WARMUP_STEPS);
            Log.infof("Workflow path warmed up (%d bookkeeping steps through the workflow service) in %d ms", steps,
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException e) {
            // Only the first run's speed depends on it; a stop during it ends it, which is no fault.
            if (working) {
                Log.warnf(e, "The workflow warm-up failed");
            } else {
                Log.infof("The workflow warm-up was ended by the stop");
            }
        }
    }

    /**
     * Waits until the warm-up at the start of the workers (training, the workflow path) has ended (at once when
     * there is none); returns whether it has.
     */
    public boolean awaitWarmup(Duration timeout) throws InterruptedException {
        return warm.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** This process as its workers name themselves to the workflow service. */
    private String identity() {
        return config.temporal().workerIdentity().orElseGet(() -> ProcessHandle.current().pid() + "@"
                + hostName());
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown";
        }
    }

    /** Whether this process's workers poll the workflow service (the readiness check). */
    public boolean working() {
        return working;
    }

    /** Registers what the stages run on one queue; compute queues take this process's compute limits. */
    private void register(QueueWork work) {
        Worker worker = TaskQueues.COMPUTE.contains(work.queue())
                ? factory.newWorker(work.queue(), WorkerOptions.newBuilder()
                        .setMaxConcurrentActivityExecutionSize(config.temporal().computeConcurrency())
                        // Cancellation reaches an activity with a heartbeat reply: send at least one a second.
                        .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(1))
                        .build())
                : factory.newWorker(work.queue());
        if (!work.workflows().isEmpty()) {
            worker.registerWorkflowImplementationTypes(work.workflows().toArray(Class<?>[]::new));
        }
        if (!work.activities().isEmpty()) {
            worker.registerActivitiesImplementations(work.activities().toArray());
        }
    }

    /**
     * Runs before the database goes away. The workers take no new task from now on, and a training
     * or trial in flight hands itself back at its next batch (another worker retries it at once);
     * an embedded server then ends its runs in flight, since its workflow service dies with it.
     */
    /** Ends the rollouts in flight, each deployment back on its stable version alone (one consistent end). */
    private void interruptRollouts(String reason) {
        int interrupted = rollouts.interruptInFlight(reason);
        if (interrupted > 0) {
            Log.warnf("%d rollout(s) in flight are marked INTERRUPTED and their canaries taken out", interrupted);
        }
    }

    void stop(@Observes @Priority(SHUTDOWN_PRIORITY) ShutdownEvent event) {
        if (connecting != null) {
            connecting.interrupt();
        }
        drain.begin();
        presence.leave();
        synchronized (this) {
            working = false;
            if (factory != null) {
                factory.shutdown();
            }
        }
        if (config.mode() == HoneConfig.Mode.EMBEDDED) {
            int interrupted = runs.interruptInFlight(INTERRUPTED_AT_STOP);
            if (interrupted > 0) {
                Log.warnf("Hone is stopping: %d run(s) in flight are marked INTERRUPTED; restart them with restartRun",
                        interrupted);
            }
            interruptRollouts(ROLLOUT_INTERRUPTED_AT_STOP);
        }
        if (factory != null) {
            factory.awaitTermination(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
            if (!factory.isTerminated()) {
                Log.warnf("Workers still busy after %d s; stopping anyway", STOP_GRACE.toSeconds());
            }
        }
        if (stubs != null) {
            stubs.shutdown();
        }
        if (embedded != null) {
            embedded.close();
        }
    }

    /** The client that starts, queries and cancels workflows. */
    @Produces
    @ApplicationScoped
    WorkflowClient client() {
        return client;
    }
}
