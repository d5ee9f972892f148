package dev.hone.api.runtime;

import dev.hone.activities.pipeline.EvaluationActivitiesImpl;
import dev.hone.activities.pipeline.PreprocessingActivitiesImpl;
import dev.hone.activities.pipeline.RegistryActivitiesImpl;
import dev.hone.activities.pipeline.RunTrackingActivitiesImpl;
import dev.hone.activities.pipeline.TrainingActivitiesImpl;
import dev.hone.activities.tuning.PruningActivitiesImpl;
import dev.hone.activities.tuning.TrialActivitiesImpl;
import dev.hone.activities.tuning.TuningActivitiesImpl;
import dev.hone.registry.run.RunService;
import dev.hone.workflows.tuning.TuningWorkflowImpl;
import dev.hone.workflows.common.TaskQueues;
import dev.hone.workflows.pipeline.ModelOptimizationWorkflowImpl;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Connects to the workflow service and runs this process's workers. In embedded mode it first
 * starts Temporal's Java test server in-process, bound to the loopback interface only.
 */
@ApplicationScoped
public class TemporalRuntime {

    /** Startup order: database and users first, then the workflow service, then anything that starts runs. */
    public static final int STARTUP_PRIORITY = 100;

    static final String INTERRUPTED_REASON = "Hone stopped while this run was in flight, and the embedded workflow "
            + "service keeps no state across restarts. Start the run again with restartRun";

    private final HoneConfig config;
    private final RunService runs;
    private final PreprocessingActivitiesImpl preprocessing;
    private final TrainingActivitiesImpl training;
    private final EvaluationActivitiesImpl evaluation;
    private final RegistryActivitiesImpl registry;
    private final RunTrackingActivitiesImpl tracking;
    private final TuningActivitiesImpl tuning;
    private final TrialActivitiesImpl trials;
    private final PruningActivitiesImpl pruning;

    private TestServicesStarter embeddedServices;
    private Server embeddedServer;
    private WorkflowServiceStubs stubs;
    private WorkflowClient client;
    private WorkerFactory factory;

    public TemporalRuntime(HoneConfig config, RunService runs, PreprocessingActivitiesImpl preprocessing,
            TrainingActivitiesImpl training, EvaluationActivitiesImpl evaluation, RegistryActivitiesImpl registry,
            RunTrackingActivitiesImpl tracking, TuningActivitiesImpl tuning, TrialActivitiesImpl trials,
            PruningActivitiesImpl pruning) {
        this.config = config;
        this.runs = runs;
        this.preprocessing = preprocessing;
        this.training = training;
        this.evaluation = evaluation;
        this.registry = registry;
        this.tracking = tracking;
        this.tuning = tuning;
        this.trials = trials;
        this.pruning = pruning;
    }

    void start(@Observes @Priority(STARTUP_PRIORITY) StartupEvent event) {
        // Read by DJL when the engine first loads, which happens in the first training or prediction.
        String threads = Integer.toString(config.torchThreads());
        System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads", threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads",
                System.getProperty("ai.djl.pytorch.num_interop_threads", threads));
        HoneConfig.Temporal t = config.temporal();
        String target = t.target();
        if (config.mode() == HoneConfig.Mode.EMBEDDED) {
            int interrupted = runs.interruptInFlight(INTERRUPTED_REASON);
            if (interrupted > 0) {
                Log.warnf("%d run(s) were in flight when Hone last stopped; they are marked INTERRUPTED", interrupted);
            }
            target = startEmbeddedServer(t.embeddedPort());
        }
        stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
        client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace(t.namespace())
                .setIdentity(t.workerIdentity().orElse(null)).build());
        factory = WorkerFactory.newInstance(client);
        for (String queue : queues()) {
            register(queue);
        }
        factory.start();
        Log.infof("Workflow service at %s; workers poll %s", target, queues());
    }

    private String startEmbeddedServer(int port) {
        embeddedServices = new TestServicesStarter(true, 0);
        NettyServerBuilder builder = NettyServerBuilder.forAddress(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        embeddedServices.getServices().forEach(builder::addService);
        try {
            embeddedServer = builder.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded workflow service on 127.0.0.1:" + port
                    + " (is the port taken? set hone.runtime.temporal.embedded-port)", e);
        }
        String address = "127.0.0.1:" + embeddedServer.getPort();
        Log.infof("Embedded workflow service listening on %s (in-process, no state kept across restarts)", address);
        return address;
    }

    private List<String> queues() {
        return switch (config.mode()) {
            case EMBEDDED -> config.localCompute() ? List.of(TaskQueues.CONTROL, TaskQueues.CPU, TaskQueues.GPU)
                    : List.of(TaskQueues.CONTROL);
            case SERVER -> List.of(TaskQueues.CONTROL);
            case WORKER -> config.workerQueues();
        };
    }

    private void register(String queue) {
        if (queue.equals(TaskQueues.CONTROL)) {
            Worker worker = factory.newWorker(queue);
            worker.registerWorkflowImplementationTypes(ModelOptimizationWorkflowImpl.class, TuningWorkflowImpl.class);
            worker.registerActivitiesImplementations(registry, tracking, tuning, pruning);
        } else {
            Worker worker = factory.newWorker(queue, WorkerOptions.newBuilder()
                    .setMaxConcurrentActivityExecutionSize(config.temporal().computeConcurrency())
                    // Cancellation reaches an activity with a heartbeat reply: send at least one a second.
                    .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(1))
                    .build());
            worker.registerActivitiesImplementations(preprocessing, training, evaluation, trials);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (factory != null) {
            factory.shutdown();
            factory.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (stubs != null) {
            stubs.shutdown();
        }
        if (embeddedServer != null) {
            embeddedServer.shutdownNow();
        }
        if (embeddedServices != null) {
            embeddedServices.close();
        }
    }

    /** The client that starts, queries and cancels workflows. */
    @Produces
    @ApplicationScoped
    WorkflowClient client() {
        return client;
    }
}
