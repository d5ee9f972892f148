package dev.hone.api.runtime;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a server or worker process reaches an external Temporal frontend: its address, and when
 * configured TLS (with a client certificate for mutual TLS) and an API key. Every setting is
 * checked before anything connects, so a wrong path or a missing half of a pair ends the start with
 * a message that names the setting.
 */
final class WorkflowServiceConnection {

    private WorkflowServiceConnection() {
    }

    /** Stub options for {@code temporal}'s target with its TLS and API key settings applied. */
    static WorkflowServiceStubsOptions.Builder options(HoneConfig.Temporal temporal) {
        WorkflowServiceStubsOptions.Builder service = WorkflowServiceStubsOptions.newBuilder()
                .setTarget(temporal.target());
        HoneConfig.Tls tls = temporal.tls();
        if (!tls.enabled()) {
            if (temporal.apiKey().isPresent()) {
                throw new IllegalStateException("hone.runtime.temporal.api-key is set but TLS is off: an API key is "
                        + "sent only over TLS; set hone.runtime.temporal.tls.enabled=true");
            }
            for (String set : new String[] {
                    tls.clientCert().map(v -> "client-cert").orElse(null),
                    tls.clientKey().map(v -> "client-key").orElse(null),
                    tls.serverCa().map(v -> "server-ca").orElse(null) }) {
                if (set != null) {
                    throw new IllegalStateException("hone.runtime.temporal.tls." + set
                            + " is set but TLS is off; set hone.runtime.temporal.tls.enabled=true");
                }
            }
            return service;
        }
        service.setSslContext(sslContext(tls));
        tls.serverName().ifPresent(name -> service.setChannelInitializer(channel -> {
            if (channel instanceof NettyChannelBuilder netty) {
                netty.overrideAuthority(name);
            } else {
                channel.overrideAuthority(name);
            }
        }));
        temporal.apiKey().filter(key -> !key.isBlank()).ifPresent(key -> service.addApiKey(() -> key));
        return service;
    }

    private static SslContext sslContext(HoneConfig.Tls tls) {
        SslContextBuilder builder = GrpcSslContexts.forClient();
        tls.serverCa().ifPresent(ca -> builder.trustManager(readable(ca, "server-ca")));
        if (tls.clientCert().isPresent() != tls.clientKey().isPresent()) {
            throw new IllegalStateException("Mutual TLS needs both hone.runtime.temporal.tls.client-cert and "
                    + "hone.runtime.temporal.tls.client-key; only "
                    + (tls.clientCert().isPresent() ? "client-cert" : "client-key") + " is set");
        }
        if (tls.clientCert().isPresent()) {
            builder.keyManager(readable(tls.clientCert().get(), "client-cert"),
                    readable(tls.clientKey().get(), "client-key"));
        }
        try {
            return builder.build();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("The TLS settings for the workflow service (hone.runtime.temporal.tls.*) "
                    + "could not be used: " + e.getMessage(), e);
        }
    }

    private static File readable(String path, String key) {
        Path file = Path.of(path);
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("hone.runtime.temporal.tls." + key + " names " + file.toAbsolutePath()
                    + ", which is not a readable file");
        }
        return file.toFile();
    }
}
