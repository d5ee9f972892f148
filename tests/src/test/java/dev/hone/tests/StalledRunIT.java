package dev.hone.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A run that cannot progress (no worker serves its compute queue) does not pass for busy: its page
 * says it has not changed for a minute and that a worker may be down, and Cancel ends it.
 */
class StalledRunIT {

    @Test
    void aStalledRunSaysSoAndCancelEndsIt() throws Exception {
        assumeTrue(Browser.available(), "Browser tests need /usr/bin/chromium and /usr/bin/chromedriver");
        HoneProcess hone = new HoneProcess(Files.createTempDirectory("hone-stalled"), "-Dhone.runtime.local-compute=false");
        try {
            hone.start();
            byte[] iris = Files.readAllBytes(Path.of("../api/src/test/resources/datasets/iris.csv"));
            assertThat(hone.upload("admin", HoneProcess.ADMIN_PASSWORD, "iris", iris).statusCode()).isEqualTo(201);
            JsonNode started = HoneProcess.ok(hone.graphql("admin", HoneProcess.ADMIN_PASSWORD,
                    "mutation { startRun(input: {dataset: \"iris\", target: \"species\"}) { id } }", Map.of()));
            long run = started.path("data").path("startRun").path("id").asLong();

            try (Browser b = new Browser(1280, 900)) {
                b.driver.get(hone.uri("/").toString());
                b.find("hone-console", "input[name=username]").sendKeys("admin");
                b.find("hone-console", "input[name=password]").sendKeys(HoneProcess.ADMIN_PASSWORD);
                b.find("hone-console", "button[type=submit]").click();
                b.awaitText("admin", "hone-console", ".user");
                b.driver.executeScript("location.hash = '#/runs/" + run + "'");
                b.awaitText("last change", "hone-console", "hone-run", "p");

                b.awaitText("no change for 1 min", Duration.ofSeconds(100), "hone-console", "hone-run", "p");
                b.screenshot("console-run-stalled");
                b.find("hone-console", "hone-run", "button.cancel").click();
                b.awaitText("CANCELLED", Duration.ofSeconds(60), "hone-console", "hone-run", "h2 .status");
                assertThat(b.present("hone-console", "hone-run", "button.cancel")).isFalse();
                assertThat(b.errors()).as("browser log").isEmpty();
            }
        } finally {
            hone.stop();
        }
    }
}
