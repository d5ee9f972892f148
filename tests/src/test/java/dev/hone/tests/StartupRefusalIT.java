package dev.hone.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outside embedded mode, the packaged application will not start with missing or default secrets; in any mode, not
 * with an artifact store it cannot use.
 */
class StartupRefusalIT {

    @TempDir
    Path workDir;

    @Test
    void serverModeRefusesToStartWithoutSecrets() throws Exception {
        // No database named, no database password, a well-known admin password.
        String output = refusedStart(List.of("-Dhone.runtime.mode=server"),
                Map.of("HONE_DB_URL", "", "HONE_DB_PASSWORD", "", "HONE_ADMIN_PASSWORD", "changeme"));
        assertThat(output).contains("Hone will not start in server mode")
                .contains("HONE_DB_URL").contains("HONE_DB_PASSWORD").contains("HONE_ADMIN_PASSWORD");
    }

    @Test
    void anS3ArtifactStoreWithoutItsBucketIsRefusedAtStartNotAtTheFirstUpload() throws Exception {
        String output = refusedStart(List.of(), Map.of("HONE_REGISTRY_ARTIFACT_STORE", "s3",
                "HONE_REGISTRY_S3_BUCKET", ""));
        assertThat(output).contains("Hone will not start in embedded mode").contains("HONE_REGISTRY_S3_BUCKET");
    }

    /**
     * Starts the packaged application with these system properties and environment (an empty value: the variable
     * removed), checks that it exits with an error before anything started (no embedded database, no data directory)
     * and returns what it printed.
     */
    private String refusedStart(List<String> properties, Map<String, String> env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = workDir.resolve("hone.log");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-Dai.djl.offline=true", "-Dquarkus.http.port=0"));
        command.addAll(properties);
        command.addAll(List.of("-jar", HoneProcess.appJar().toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        env.forEach((name, value) -> {
            if (value.isEmpty()) {
                pb.environment().remove(name);
            } else {
                pb.environment().put(name, value);
            }
        });
        Process process = pb.start();
        boolean exited = process.waitFor(2, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        assertThat(exited).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isNotZero();
        assertThat(workDir.resolve("data")).as("refused before anything started").doesNotExist();
        return output;
    }
}
