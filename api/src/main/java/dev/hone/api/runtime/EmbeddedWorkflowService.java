package dev.hone.api.runtime;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The embedded workflow service: Temporal's Java test server in-process, bound to the loopback
 * interface only. It keeps no state across restarts. Its one known defect that matters here: a
 * request to cancel an activity that crosses the activity's completion leaves the workflow stuck for
 * ever (InProcessServiceCancelRaceTest), so Hone's workflows never send such a request.
 */
final class EmbeddedWorkflowService implements AutoCloseable {

    private final TestServicesStarter services;
    private final Server server;

    private EmbeddedWorkflowService(TestServicesStarter services, Server server) {
        this.services = services;
        this.server = server;
    }

    /** Starts the service on 127.0.0.1:{@code port} (0 picks a free port). */
    static EmbeddedWorkflowService start(int port) {
        TestServicesStarter services = new TestServicesStarter(true, 0);
        NettyServerBuilder builder = NettyServerBuilder.forAddress(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        services.getServices().forEach(builder::addService);
        try {
            return new EmbeddedWorkflowService(services, builder.build().start());
        } catch (IOException e) {
            services.close();
            throw new UncheckedIOException("Cannot start the embedded workflow service on 127.0.0.1:" + port
                    + " (is the port taken? set hone.runtime.temporal.embedded-port)", e);
        }
    }

    /** host:port for clients. */
    String address() {
        return "127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
        services.close();
    }
}
