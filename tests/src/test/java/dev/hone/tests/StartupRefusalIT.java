package dev.hone.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outside embedded mode, the packaged application will not start with missing or default secrets. */
class StartupRefusalIT {

    @TempDir
    Path workDir;

    @Test
    void serverModeRefusesToStartWithoutSecrets() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = workDir.resolve("hone.log");
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-Dai.djl.offline=true", "-Dhone.runtime.mode=server", "-Dquarkus.http.port=0",
                "-jar", HoneProcess.appJar().toString()))
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        // No database named, no database password, a well-known admin password.
        pb.environment().remove("HONE_DB_URL");
        pb.environment().remove("HONE_DB_PASSWORD");
        pb.environment().put("HONE_ADMIN_PASSWORD", "changeme");
        Process process = pb.start();
        boolean exited = process.waitFor(2, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        assertThat(exited).as(output).isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(output).contains("Hone will not start in server mode")
                .contains("HONE_DB_URL").contains("HONE_DB_PASSWORD").contains("HONE_ADMIN_PASSWORD");
        // Refused before anything started: no embedded database, no data directory.
        assertThat(workDir.resolve("data")).doesNotExist();
    }
}
