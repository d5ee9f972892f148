package dev.hone.api.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.stub.StreamObserver;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server or worker process reaches a TLS frontend as configured: it checks the frontend's
 * certificate against the given CA and name, presents its client certificate (mutual TLS) and sends
 * the API key as a bearer token. The frontend here is a gRPC server speaking Temporal's workflow
 * service protocol that requires a client certificate; the certificates are made by the JDK's keytool.
 */
class WorkflowServiceConnectionTest {

    @TempDir
    static Path dir;
    static Server frontend;
    static final List<String> authorizations = new CopyOnWriteArrayList<>();
    static final List<String> clientSubjects = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startFrontend() throws Exception {
        pemPair("server", "CN=temporal.test", "dns:temporal.test");
        pemPair("client", "CN=hone-worker", "dns:hone-worker");
        pemPair("stranger", "CN=stranger", "dns:temporal.test");
        ServerInterceptor seen = new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                    ServerCallHandler<Q, A> next) {
                authorizations.add(String.valueOf(headers.get(
                        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER))));
                SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
                try {
                    clientSubjects.add(((X509Certificate) session.getPeerCertificates()[0])
                            .getSubjectX500Principal().getName());
                } catch (Exception e) {
                    clientSubjects.add("none");
                }
                return next.startCall(call, headers);
            }
        };
        WorkflowServiceGrpc.WorkflowServiceImplBase service = new WorkflowServiceGrpc.WorkflowServiceImplBase() {
            @Override
            public void getSystemInfo(GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> answer) {
                answer.onNext(GetSystemInfoResponse.newBuilder().setServerVersion("tls-test").build());
                answer.onCompleted();
            }
        };
        frontend = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(GrpcSslContexts.forServer(file("server.crt"), file("server.key"))
                        .trustManager(file("client.crt")).clientAuth(ClientAuth.REQUIRE).build())
                .addService(ServerInterceptors.intercept(service, seen))
                .build().start();
    }

    @AfterAll
    static void stopFrontend() throws InterruptedException {
        frontend.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void mutualTlsWithAnApiKeyReachesTheFrontendUnderItsCertificateName() {
        Temporal temporal = new Temporal(target(), Optional.of("key-123"), new Tls(true, Optional.of(path("client.crt")),
                Optional.of(path("client.key")), Optional.of(path("server.crt")), Optional.of("temporal.test")));

        assertEquals("tls-test", systemInfo(temporal));
        assertEquals("Bearer key-123", authorizations.get(authorizations.size() - 1));
        assertEquals("CN=hone-worker", clientSubjects.get(clientSubjects.size() - 1));
    }

    @Test
    void aFrontendWhoseCertificateTheCaDidNotSignIsRefused() {
        Temporal temporal = new Temporal(target(), Optional.empty(), new Tls(true, Optional.of(path("client.crt")),
                Optional.of(path("client.key")), Optional.of(path("stranger.crt")), Optional.of("temporal.test")));

        assertThrows(StatusRuntimeException.class, () -> systemInfo(temporal));
    }

    @Test
    void withoutItsServerNameTheFrontendsCertificateDoesNotMatchTheAddress() {
        Temporal temporal = new Temporal(target(), Optional.empty(), new Tls(true, Optional.of(path("client.crt")),
                Optional.of(path("client.key")), Optional.of(path("server.crt")), Optional.empty()));

        assertThrows(StatusRuntimeException.class, () -> systemInfo(temporal));
    }

    @Test
    void settingsThatCannotWorkAreRefusedByName() {
        Tls off = new Tls(false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        assertRefused("api-key is set but TLS is off", new Temporal(target(), Optional.of("k"), off));
        assertRefused("tls.server-ca is set but TLS is off", new Temporal(target(), Optional.empty(),
                new Tls(false, Optional.empty(), Optional.empty(), Optional.of(path("server.crt")), Optional.empty())));
        assertRefused("only client-cert is set", new Temporal(target(), Optional.empty(),
                new Tls(true, Optional.of(path("client.crt")), Optional.empty(), Optional.empty(), Optional.empty())));
        assertRefused("tls.server-ca names " + dir.resolve("missing.crt") + ", which is not a readable file",
                new Temporal(target(), Optional.empty(), new Tls(true, Optional.empty(), Optional.empty(),
                        Optional.of(path("missing.crt")), Optional.empty())));
    }

    private static void assertRefused(String message, Temporal temporal) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> WorkflowServiceConnection.options(temporal));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    private static String systemInfo(Temporal temporal) {
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceConnection.options(temporal).build());
        try {
            return stubs.blockingStub().withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getSystemInfo(GetSystemInfoRequest.getDefaultInstance()).getServerVersion();
        } finally {
            stubs.shutdownNow();
        }
    }

    private static String target() {
        return "127.0.0.1:" + frontend.getPort();
    }

    private static String path(String name) {
        return dir.resolve(name).toString();
    }

    private static java.io.File file(String name) {
        return dir.resolve(name).toFile();
    }

    /** A self-signed certificate and its key as PEM files {@code name.crt} and {@code name.key}. */
    private static void pemPair(String name, String subject, String san) throws Exception {
        Path store = dir.resolve(name + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", subject, "-ext", "san=" + san, "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        assertEquals(0, keytool.waitFor(), out);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        Files.writeString(dir.resolve(name + ".crt"), pem("CERTIFICATE", keys.getCertificate(name).getEncoded()));
        Files.writeString(dir.resolve(name + ".key"),
                pem("PRIVATE KEY", keys.getKey(name, "changeit".toCharArray()).getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    record Temporal(String target, Optional<String> apiKey, HoneConfig.Tls tls) implements HoneConfig.Temporal {
        @Override
        public String namespace() {
            return "default";
        }

        @Override
        public int embeddedPort() {
            return 0;
        }

        @Override
        public int computeConcurrency() {
            return 1;
        }

        @Override
        public Optional<String> workerIdentity() {
            return Optional.empty();
        }
    }

    record Tls(boolean enabled, Optional<String> clientCert, Optional<String> clientKey, Optional<String> serverCa,
            Optional<String> serverName) implements HoneConfig.Tls {
    }
}
