package dev.hone.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The embedded workflow service as Hone starts it: reachable from other processes on 127.0.0.1
 * only, never on the machine's network addresses, and a full workflow service for a worker that
 * joins over that address.
 */
@Timeout(60)
class EmbeddedWorkflowServiceTest {

    private static final String QUEUE = "loopback-join";

    @WorkflowInterface
    public interface Greeting {
        @WorkflowMethod
        String greet(String name);
    }

    @ActivityInterface
    public interface Greeter {
        String hello(String name);
    }

    public static class GreetingImpl implements Greeting {
        private final Greeter greeter = Workflow.newActivityStub(Greeter.class,
                ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(20)).build());

        @Override
        public String greet(String name) {
            return greeter.hello(name);
        }
    }

    public static class GreeterImpl implements Greeter {
        @Override
        public String hello(String name) {
            return "hello " + name;
        }
    }

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private EmbeddedWorkflowService start(int port) {
        EmbeddedWorkflowService service = EmbeddedWorkflowService.start(port);
        open.add(service);
        return service;
    }

    @Test
    void listensOnLoopbackAndOnNoNetworkAddressOfTheMachine() throws IOException {
        EmbeddedWorkflowService service = start(0);
        assertThat(service.address()).startsWith("127.0.0.1:");
        int port = Integer.parseInt(service.address().substring("127.0.0.1:".length()));
        assertThat(reachable(InetAddress.getByName("127.0.0.1"), port)).as("reachable on 127.0.0.1").isTrue();

        List<InetAddress> network = networkAddresses();
        // A socket on every interface is reachable on each of these addresses: the probe can see exposure.
        try (ServerSocket everywhere = new ServerSocket(0)) {
            for (InetAddress address : network) {
                assertThat(reachable(address, everywhere.getLocalPort()))
                        .as("a port bound on every interface answers on %s", address).isTrue();
            }
        }
        for (InetAddress address : network) {
            assertThat(reachable(address, port)).as("the workflow service answers on %s", address).isFalse();
        }
    }

    @Test
    void aWorkerJoiningThroughTheLoopbackAddressRunsTheWorkflowsOfThisProcess() {
        EmbeddedWorkflowService service = start(0);
        // The worker reaches the service as a worker process on this machine does: over TCP to its address.
        WorkflowServiceStubs remote = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(service.address()).build());
        open.add(remote::shutdownNow);
        assertThat(remote.blockingStub().withDeadlineAfter(5, TimeUnit.SECONDS)
                .getSystemInfo(GetSystemInfoRequest.getDefaultInstance()).hasCapabilities()).isTrue();
        WorkerFactory factory = WorkerFactory.newInstance(WorkflowClient.newInstance(remote));
        open.add(factory::shutdownNow);
        var worker = factory.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(GreetingImpl.class);
        worker.registerActivitiesImplementations(new GreeterImpl());
        factory.start();

        // The starting side is the embedded process itself, on the in-memory channel.
        WorkflowServiceStubs local = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setChannel(service.channel()).build());
        open.add(local::shutdownNow);
        Greeting greeting = WorkflowClient.newInstance(local).newWorkflowStub(Greeting.class,
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("loopback-" + System.nanoTime())
                        .build());

        assertThat(greeting.greet("worker")).isEqualTo("hello worker");
    }

    @Test
    void aTakenPortIsRefusedNamingTheSettingToChange() {
        EmbeddedWorkflowService first = start(0);
        int port = Integer.parseInt(first.address().substring("127.0.0.1:".length()));

        assertThatThrownBy(() -> start(port)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("127.0.0.1:" + port).hasMessageContaining("hone.runtime.temporal.embedded-port");
    }

    private static boolean reachable(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The machine's addresses other than loopback (none on a machine without a network). */
    private static List<InetAddress> networkAddresses() throws SocketException {
        List<InetAddress> addresses = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                nic.inetAddresses().filter(a -> !a.isLoopbackAddress()).forEach(addresses::add);
            }
        }
        return addresses;
    }
}
