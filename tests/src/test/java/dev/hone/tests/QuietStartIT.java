package dev.hone.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A new user's first start is quiet: the embedded start and the demo (upload, the whole pipeline,
 * registration) log no WARN or ERROR line, so a newcomer is not made to think something is broken.
 */
class QuietStartIT {

    @Test
    void theEmbeddedStartAndTheDemoLogNoWarningOrError() throws Exception {
        try (HoneProcess hone = new HoneProcess(Files.createTempDirectory("hone-quiet"), "-Dhone.runtime.demo=true")) {
            hone.start();
            hone.awaitLog("[demo] Registered model", Duration.ofMinutes(3));

            List<String> alarming = hone.log().lines()
                    .filter(l -> l.matches("^\\S+ \\S+ (WARN|ERROR) .*") || l.startsWith("WARNING") || l.startsWith("ERROR"))
                    .toList();
            assertThat(alarming).as("WARN and ERROR lines of a normal start and demo").isEmpty();
        }
    }
}
