package dev.hone.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.SmallRyeConfig;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The configuration Hone reads before Quarkus starts (to start the embedded database and refuse
 * unsafe starts) comes from the same application.properties as Quarkus's own; every value it needs
 * must convert there too, or the packaged application would not start at all.
 */
class HoneMainTest {

    @Test
    void embeddedDefaultsNeedNoConfigurationAndStartTheEmbeddedDatabase() {
        SmallRyeConfig config = HoneMain.startupConfig();
        HoneConfig runtime = config.getConfigMapping(HoneConfig.class);
        DatabaseConfig db = config.getConfigMapping(DatabaseConfig.class);
        assertThat(runtime.mode()).isEqualTo(HoneConfig.Mode.EMBEDDED);
        assertThat(db.url()).as("no external database by default").isEmpty();
        assertThat(db.embedded().dir()).isEqualTo(Path.of("data/postgresql"));
        assertThat(db.embedded().port()).isZero();
        assertThat(StartupChecks.problems(runtime.mode(), db, "local", Optional.empty(), Optional.empty())).isEmpty();
    }

    @Test
    void serverModeWithoutDatabaseOrSecretsIsRefusedNamingEachOne() {
        SmallRyeConfig config = HoneMain.startupConfig();
        HoneConfig.Mode server = HoneConfig.Mode.SERVER;
        DatabaseConfig db = config.getConfigMapping(DatabaseConfig.class);
        assertThat(String.join("; ", StartupChecks.problems(server, db, "local", Optional.of("changeme"),
                Optional.empty()))).contains("HONE_DB_URL", "HONE_DB_PASSWORD", "HONE_ADMIN_PASSWORD");
        assertThat(StartupChecks.problems(server, db, "keycloak", Optional.empty(), Optional.of("a-strong-one")))
                .hasSize(1).allSatisfy(p -> assertThat(p).contains("HONE_DB_URL"));
    }

    @Test
    void anS3StoreWithoutItsBucketOrAnUnknownStoreIsRefusedNamingTheSetting() {
        assertThat(StartupChecks.artifactStoreProblem(Optional.empty(), Optional.empty())).as("file by default")
                .isNull();
        assertThat(StartupChecks.artifactStoreProblem(Optional.of("S3"), Optional.of("hone-artifacts"))).isNull();
        assertThat(StartupChecks.artifactStoreProblem(Optional.of("s3"), Optional.empty()))
                .contains("hone.registry.s3.bucket", "HONE_REGISTRY_S3_BUCKET");
        assertThat(StartupChecks.artifactStoreProblem(Optional.of("s3"), Optional.of(" ")))
                .contains("HONE_REGISTRY_S3_BUCKET");
        assertThat(StartupChecks.artifactStoreProblem(Optional.of("gcs"), Optional.of("hone-artifacts")))
                .isEqualTo("hone.registry.artifact-store (HONE_REGISTRY_ARTIFACT_STORE) is 'gcs': use file or s3");
    }
}
