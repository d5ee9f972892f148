package dev.hone.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A new user's first start is quiet: the embedded start, the demo (upload, the whole pipeline,
 * registration) and a Ctrl-C stop log no WARN or ERROR line, so a newcomer is not made to think
 * something is broken; the warm-ups at start (workflow path, training) ran.
 */
class QuietStartIT {

    static final String INCUBATOR_NOTICE = "WARNING: Using incubator modules: jdk.incubator.vector";

    @Test
    void theEmbeddedStartTheDemoAndTheStopLogNoWarningOrError() throws Exception {
        HoneProcess hone = new HoneProcess(Files.createTempDirectory("hone-quiet"), "-Dhone.runtime.demo=true");
        try {
            hone.start();
            hone.awaitLog("[demo] Registered model", Duration.ofMinutes(3));
        } finally {
            hone.stop(); // SIGTERM, as Ctrl-C: the stop is part of what a new user sees (and ends the database)
        }
        // The one line allowed is the JDK's own notice that the Vector API (Hone's int8 kernel) is incubating:
        // the JVM prints it whenever the module is added, and no option turns it off.
        List<String> alarming = hone.log().lines()
                .filter(l -> l.matches("^\\S+ \\S+ (WARN|ERROR) .*") || l.startsWith("WARNING") || l.startsWith("ERROR"))
                .filter(l -> !l.equals(INCUBATOR_NOTICE))
                .toList();
        assertThat(alarming).as("WARN and ERROR lines of a normal start, demo and stop").isEmpty();
        // The warm-ups at start ran, and the demo's run came after them as a user's first run would.
        assertThat(hone.log()).contains("Workflow path warmed up (3 bookkeeping steps", "Training warmed up");
    }
}
