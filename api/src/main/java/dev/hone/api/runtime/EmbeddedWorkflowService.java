package dev.hone.api.runtime;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.HandlerRegistry;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.testserver.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The embedded workflow service: Temporal's Java test server in-process, started through its public
 * API ({@link TestServer#createServer(boolean)}), and reachable from outside the JVM on the loopback
 * interface only. That API offers an in-memory channel, or a port bound on every interface
 * ({@code createPortBoundServer}), which would expose a service without authentication to the
 * network; so this process uses the in-memory channel, and a gRPC server bound to 127.0.0.1 relays
 * the calls of worker processes on this machine to it, unchanged. It keeps no state across restarts.
 * Its one known defect that matters here: a request to cancel an activity that crosses the
 * activity's completion leaves the workflow stuck for ever (InProcessServiceCancelRaceTest), so
 * Hone's workflows never send such a request.
 */
final class EmbeddedWorkflowService implements AutoCloseable {

    private static final InetAddress LOOPBACK;

    static {
        try {
            LOOPBACK = InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TestServer.InProcessTestServer service;
    private final Server loopback;

    private EmbeddedWorkflowService(TestServer.InProcessTestServer service, Server loopback) {
        this.service = service;
        this.loopback = loopback;
    }

    /** Starts the service, reachable on 127.0.0.1:{@code port} (0 picks a free port). */
    static EmbeddedWorkflowService start(int port) {
        // Time skipping locked: timers and timeouts run on the wall clock, as on a real server.
        TestServer.InProcessTestServer service = TestServer.createServer(true);
        try {
            Server loopback = NettyServerBuilder.forAddress(new InetSocketAddress(LOOPBACK, port))
                    .fallbackHandlerRegistry(new Relay(service.getChannel()))
                    .build().start();
            return new EmbeddedWorkflowService(service, loopback);
        } catch (IOException e) {
            service.close();
            throw new UncheckedIOException("Cannot start the embedded workflow service on 127.0.0.1:" + port
                    + " (is the port taken? set hone.runtime.temporal.embedded-port)", e);
        }
    }

    /** host:port for clients in other processes on this machine. */
    String address() {
        return LOOPBACK.getHostAddress() + ":" + loopback.getPort();
    }

    /** The in-memory channel for clients in this process. */
    ManagedChannel channel() {
        return service.getChannel();
    }

    @Override
    public void close() {
        loopback.shutdownNow();
        service.close();
    }

    /**
     * Passes every call, whatever its method, to the in-memory service: request and response
     * messages as bytes, headers and trailers as they come. The forwarded call starts in the incoming
     * call's context, so it keeps the caller's deadline (long polls) and ends when the caller cancels.
     */
    private static final class Relay extends HandlerRegistry {

        private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(byte[] value) {
                return new ByteArrayInputStream(value);
            }

            @Override
            public byte[] parse(InputStream stream) {
                try {
                    return stream.readAllBytes();
                } catch (IOException e) {
                    throw Status.INTERNAL.withDescription("Cannot read a relayed message").withCause(e)
                            .asRuntimeException();
                }
            }
        };

        private final ManagedChannel service;

        Relay(ManagedChannel service) {
            this.service = service;
        }

        @Override
        public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
            MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNKNOWN).setFullMethodName(methodName)
                    .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
            ServerCallHandler<byte[], byte[]> handler = (incoming, headers) -> {
                ClientCall<byte[], byte[]> outgoing = service.newCall(method, CallOptions.DEFAULT);
                outgoing.start(new Responses(incoming, outgoing), headers);
                // One message at a time each way; ClientCall and ServerCall allow request() from any thread.
                outgoing.request(1);
                incoming.request(1);
                return new Requests(incoming, outgoing);
            };
            return ServerMethodDefinition.create(method, handler);
        }
    }

    /** Caller to service. Its callbacks come one at a time, so {@code outgoing} is used from one thread. */
    private static final class Requests extends ServerCall.Listener<byte[]> {
        private final ServerCall<byte[], byte[]> incoming;
        private final ClientCall<byte[], byte[]> outgoing;

        Requests(ServerCall<byte[], byte[]> incoming, ClientCall<byte[], byte[]> outgoing) {
            this.incoming = incoming;
            this.outgoing = outgoing;
        }

        @Override
        public void onMessage(byte[] message) {
            outgoing.sendMessage(message);
            incoming.request(1);
        }

        @Override
        public void onHalfClose() {
            outgoing.halfClose();
        }

        @Override
        public void onCancel() {
            outgoing.cancel("The caller cancelled the call", null);
        }
    }

    /** Service to caller. Its callbacks come one at a time, so {@code incoming} is used from one thread. */
    private static final class Responses extends ClientCall.Listener<byte[]> {
        private final ServerCall<byte[], byte[]> incoming;
        private final ClientCall<byte[], byte[]> outgoing;

        Responses(ServerCall<byte[], byte[]> incoming, ClientCall<byte[], byte[]> outgoing) {
            this.incoming = incoming;
            this.outgoing = outgoing;
        }

        @Override
        public void onHeaders(Metadata headers) {
            incoming.sendHeaders(headers);
        }

        @Override
        public void onMessage(byte[] message) {
            incoming.sendMessage(message);
            outgoing.request(1);
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
            incoming.close(status, trailers);
        }
    }
}
