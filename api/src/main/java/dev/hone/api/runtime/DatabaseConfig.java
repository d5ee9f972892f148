package dev.hone.api.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where Hone keeps its records: always PostgreSQL. Embedded mode starts its own PostgreSQL under
 * {@code ./data} unless an external one is given; server and worker modes need an external one.
 */
@ConfigMapping(prefix = "hone.db")
public interface DatabaseConfig {

    /**
     * JDBC URL of an external PostgreSQL ({@code HONE_DB_URL}), e.g.
     * {@code jdbc:postgresql://db:5432/hone}. Leave it out in embedded mode to use the embedded
     * PostgreSQL; server and worker modes refuse to start without it.
     */
    Optional<String> url();

    /** Database user of the external PostgreSQL ({@code HONE_DB_USER}); its password is {@code HONE_DB_PASSWORD}. */
    @WithDefault("hone")
    String user();

    /** The PostgreSQL that embedded mode starts in-process (as a child process of Hone). */
    Embedded embedded();

    interface Embedded {
        /**
         * Data directory. It survives restarts and crashes: after a crash the next start takes it
         * over, stopping a PostgreSQL the crashed process left running.
         */
        @WithDefault("data/postgresql")
        Path dir();

        /**
         * Loopback port it listens on; 0 picks a free port at each start. Give a fixed port when
         * worker processes on this machine share this database ({@code HONE_DB_URL} of the workers:
         * {@code jdbc:postgresql://127.0.0.1:<port>/hone}, user {@code postgres}).
         */
        @WithDefault("0")
        int port();
    }
}
