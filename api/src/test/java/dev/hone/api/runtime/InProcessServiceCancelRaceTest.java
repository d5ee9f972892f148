package dev.hone.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cause of the runs left RUNNING for ever after a cancel (issue 10), reproduced exactly, and the
 * way Hone's workflows avoid it. A cancel reaches a workflow as its activity completes, so that the
 * workflow task answering the cancel arrives at the embedded service after the activity's
 * completion: a transport hook on the worker's side puts the two calls in that order; the service
 * is the embedded one, as Hone starts it.
 */
@Timeout(60)
class InProcessServiceCancelRaceTest {

    private static final String QUEUE = "stage-race";
    private static final List<String> RECORDED = new CopyOnWriteArrayList<>();
    private static volatile CountDownLatch workStarted;
    private static volatile CountDownLatch finishWork;

    /** A stage as a workflow runs one: compute work that a cancel stops, then its record. */
    @WorkflowInterface
    public interface OneStage {
        /** @param abandon abandon the work on cancel (as Hone's workflows do), or ask the service to cancel it */
        @WorkflowMethod
        String run(boolean abandon);
    }

    @ActivityInterface
    public interface StageActivities {
        String work();

        void record(String outcome);
    }

    public static class OneStageImpl implements OneStage {
        @Override
        public String run(boolean abandon) {
            StageActivities compute = Workflow.newActivityStub(StageActivities.class, ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofMinutes(1))
                    .setCancellationType(abandon ? ActivityCancellationType.ABANDON
                            : ActivityCancellationType.WAIT_CANCELLATION_COMPLETED).build());
            try {
                String result = compute.work();
                compute.record("done");
                return result;
            } catch (ActivityFailure e) {
                Workflow.newDetachedCancellationScope(() -> compute.record("cancelled")).run();
                throw e;
            }
        }
    }

    public static class StageActivitiesImpl implements StageActivities {
        @Override
        public String work() {
            workStarted.countDown();
            try {
                finishWork.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "trained";
        }

        @Override
        public void record(String outcome) {
            RECORDED.add(outcome);
        }
    }

    /**
     * Holds back the worker's first workflow-task completion after the cancel until the work
     * (released just then) has reported its completion, and counts the service's rejections.
     */
    static final class CompletionBeforeCancelAnswer implements ClientInterceptor {
        final AtomicBoolean cancelSent = new AtomicBoolean();
        final CountDownLatch workReported = new CountDownLatch(1);
        final AtomicInteger rejections = new AtomicInteger();
        private final AtomicBoolean reordered = new AtomicBoolean();

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            String name = method.getFullMethodName();
            boolean taskCompleted = name.equals(WorkflowServiceGrpc.getRespondWorkflowTaskCompletedMethod().getFullMethodName());
            boolean workCompleted = name.equals(WorkflowServiceGrpc.getRespondActivityTaskCompletedMethod().getFullMethodName());
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                        @Override
                        public void onClose(Status status, Metadata trailers) {
                            if (workCompleted) {
                                workReported.countDown();
                            }
                            if (taskCompleted && status.getCode() == Status.Code.FAILED_PRECONDITION
                                    && String.valueOf(status.getDescription()).startsWith("ACTIVITY_UNKNOWN")) {
                                rejections.incrementAndGet();
                            }
                            super.onClose(status, trailers);
                        }
                    }, headers);
                }

                @Override
                public void sendMessage(Q message) {
                    if (taskCompleted && cancelSent.get() && reordered.compareAndSet(false, true)) {
                        finishWork.countDown();
                        try {
                            workReported.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    super.sendMessage(message);
                }
            };
        }
    }

    private final CompletionBeforeCancelAnswer reorder = new CompletionBeforeCancelAnswer();
    private EmbeddedWorkflowService service;
    private WorkflowServiceStubs stubs;
    private WorkerFactory factory;

    @AfterEach
    void stop() {
        if (factory != null) {
            factory.shutdownNow();
        }
        if (stubs != null) {
            stubs.shutdownNow();
        }
        if (service != null) {
            service.close();
        }
    }

    /** Starts the embedded service and a worker, then the workflow, and cancels it as its work completes. */
    private WorkflowStub cancelAsTheWorkCompletes(boolean abandon) throws InterruptedException {
        RECORDED.clear();
        workStarted = new CountDownLatch(1);
        finishWork = new CountDownLatch(1);
        service = EmbeddedWorkflowService.start(0);
        stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(service.address()).setGrpcClientInterceptors(List.of(reorder)).build());
        WorkflowClient client = WorkflowClient.newInstance(stubs);
        factory = WorkerFactory.newInstance(client);
        var worker = factory.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(OneStageImpl.class);
        worker.registerActivitiesImplementations(new StageActivitiesImpl());
        factory.start();
        OneStage workflow = client.newWorkflowStub(OneStage.class, WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE).setWorkflowId("race-" + System.nanoTime())
                // Short workflow tasks: a task the service still held would come back within a second.
                .setWorkflowTaskTimeout(Duration.ofSeconds(1)).build());
        WorkflowClient.start(workflow::run, abandon);
        WorkflowStub stub = WorkflowStub.fromTyped(workflow);
        assertThat(workStarted.await(20, TimeUnit.SECONDS)).isTrue();
        reorder.cancelSent.set(true);
        stub.cancel();
        return stub;
    }

    @Test
    void aCancelRequestThatCrossesItsActivitysCompletionLeavesTheRunOpenForEver() throws Exception {
        WorkflowStub run = cancelAsTheWorkCompletes(false);

        assertThat(stillOpenAfter(run, Duration.ofSeconds(8))).as("the run never ends").isTrue();
        // Rejected once, and never offered again: the service closed the task without recording it.
        assertThat(reorder.rejections.get()).isEqualTo(1);
        assertThat(RECORDED).isEmpty();
    }

    @Test
    void anAbandonedStageEndsTheCancelledRunAtOnce() throws Exception {
        WorkflowStub run = cancelAsTheWorkCompletes(true);

        WorkflowFailedException failure = catchThrowableOfType(WorkflowFailedException.class,
                () -> run.getResult(10, TimeUnit.SECONDS, String.class));
        assertThat(failure).isNotNull();
        assertThat(failure.getCause()).isInstanceOf(CanceledFailure.class);
        assertThat(reorder.rejections.get()).isZero();
        assertThat(RECORDED).containsExactly("cancelled");
    }

    private static boolean stillOpenAfter(WorkflowStub run, Duration wait) {
        try {
            run.getResult(wait.toMillis(), TimeUnit.MILLISECONDS, String.class);
            return false;
        } catch (TimeoutException e) {
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
