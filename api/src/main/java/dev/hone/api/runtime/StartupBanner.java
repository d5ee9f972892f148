package dev.hone.api.runtime;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Tells the operator where the API is once everything has started. */
@ApplicationScoped
public class StartupBanner {

    void onStart(@Observes @Priority(TemporalRuntime.STARTUP_PRIORITY + 1) StartupEvent event, HoneConfig config,
            @ConfigProperty(name = "quarkus.http.host") String host,
            @ConfigProperty(name = "quarkus.http.port") int port) {
        String base = "http://" + host + ":" + port;
        Log.infof("Hone is running in %s mode. GraphQL: %s/graphql  Upload: POST %s/api/datasets/{name}  "
                + "Health: %s/q/health", config.mode().name().toLowerCase(java.util.Locale.ROOT), base, base, base);
    }
}
