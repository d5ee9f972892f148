package dev.hone.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console in a real browser against the packaged application: sign in (a wrong password
 * first), the overview with the run the user started, sign out. Runs where Debian's chromium and
 * chromium-driver are installed (CI installs them); skipped elsewhere, saying why.
 */
class ConsoleIT {

    private static final String PASSWORD = "console-scientist-password";
    private static HoneProcess hone;
    private static long runId;
    /** Unique per test run: in the PostgreSQL build every black-box test shares one database. */
    private static final String DATASET = "iris-console-" + System.nanoTime();

    @BeforeAll
    static void startHone() throws Exception {
        assumeTrue(Browser.available(), "Browser tests need /usr/bin/chromium and /usr/bin/chromedriver "
                + "(apt-get install -y chromium chromium-driver)");
        hone = new HoneProcess(Files.createTempDirectory("hone-console"));
        hone.start();
        for (String[] user : new String[][] {{"scientist", "data-scientist"}, {"viewer", "viewer"}}) {
            HoneProcess.ok(hone.graphql("admin", HoneProcess.ADMIN_PASSWORD, "mutation { saveUser(username: \""
                    + user[0] + "\", password: \"" + PASSWORD + "\", roles: [\"" + user[1] + "\"]) { username } }",
                    Map.of()));
        }
        byte[] iris = Files.readAllBytes(Path.of("../api/src/test/resources/datasets/iris.csv"));
        assertThat(hone.upload("scientist", PASSWORD, DATASET, iris).statusCode()).isEqualTo(201);
        JsonNode started = HoneProcess.ok(hone.graphql("scientist", PASSWORD,
                "mutation { startRun(input: {dataset: \"" + DATASET + "\", target: \"species\", "
                        + "modelName: \"iris-console\"}) { id } }", Map.of()));
        runId = started.path("data").path("startRun").path("id").asLong();
    }

    @AfterAll
    static void stopHone() throws Exception {
        if (hone != null) {
            hone.stop();
        }
    }

    @Test
    void signInShowsTheOverviewAndSignOutLeavesIt() throws Exception {
        for (int width : new int[] {1280, 768}) {
            try (Browser browser = new Browser(width, 900)) {
                browser.driver.get(hone.uri("/").toString());
                browser.find("hone-console", "input[name=username]").sendKeys("scientist");
                browser.find("hone-console", "input[name=password]").sendKeys("not-the-password");
                browser.find("hone-console", "button[type=submit]").click();
                browser.awaitText("Wrong user name or password", "hone-console", "[role=alert]");
                // The refused sign-in is the one error this test causes on purpose (a 401 in the log).
                assertThat(browser.errors()).allSatisfy(e -> assertThat(e.getMessage()).contains("401"));

                browser.find("hone-console", "input[name=password]").clear();
                browser.find("hone-console", "input[name=password]").sendKeys(PASSWORD);
                browser.find("hone-console", "button[type=submit]").click();
                browser.awaitText("data-scientist", "hone-console", ".roles");
                browser.awaitText("iris-console", "hone-console", "hone-overview", "table");
                assertThat(browser.find("hone-console", "hone-overview", "table").getText())
                        .contains(Long.toString(runId)).contains("scientist");
                browser.screenshot("console-overview-" + width);

                browser.find("hone-console", "header button").click();
                browser.find("hone-console", "form[aria-label='Sign in']");
                browser.screenshot("console-signed-out-" + width);
                assertThat(browser.errors()).as("browser log").isEmpty();
            }
        }
    }

    @Test
    void theRunPageFollowsRunsLiveAndOffersCancelOnlyToThoseAllowed() throws Exception {
        long endless = startRun("iris-endless", 1_000_000);
        try (Browser scientist = new Browser(1280, 900); Browser viewer = new Browser(768, 900)) {
            signIn(scientist, "scientist");
            signIn(viewer, "viewer");
            for (Browser b : new Browser[] {scientist, viewer}) {
                // Navigate inside the page: a marker on window shows that nothing reloads it later.
                b.driver.executeScript("window.honeMarker = 42; location.hash = '#/runs/" + endless + "'");
                b.awaitText("TRAIN: RUNNING", Duration.ofMinutes(1), "hone-console", "hone-run", "ol");
            }
            assertThat(viewer.find("hone-console", "hone-run").getShadowRoot()
                    .findElements(By.cssSelector("button.cancel"))).as("viewer may not cancel").isEmpty();
            scientist.screenshot("console-run-live");
            scientist.find("hone-console", "hone-run", "button.cancel").click();
            for (Browser b : new Browser[] {scientist, viewer}) {
                b.awaitText("CANCELLED", Duration.ofMinutes(1), "hone-console", "hone-run", "h2 .status");
                assertThat(b.driver.executeScript("return window.honeMarker")).isEqualTo(42L);
            }

            // A run that finishes: long enough to be opened while it trains, then followed to the end.
            long finishing = startRun("iris-finishing", 1500);
            for (Browser b : new Browser[] {scientist, viewer}) {
                b.driver.executeScript("location.hash = '#/runs/" + finishing + "'");
                b.awaitText("live", "hone-console", "hone-run", "p");
            }
            for (Browser b : new Browser[] {scientist, viewer}) {
                b.awaitText("SUCCEEDED", Duration.ofMinutes(3), "hone-console", "hone-run", "h2 .status");
                assertThat(b.driver.executeScript("return window.honeMarker")).isEqualTo(42L);
                assertThat(b.find("hone-console", "hone-run", "ol").getText()).contains("REGISTER: SUCCEEDED");
                assertThat(b.find("hone-console", "hone-run").getShadowRoot()
                        .findElements(By.cssSelector("button.cancel"))).isEmpty();
            }
            scientist.screenshot("console-run-finished");
            assertThat(scientist.errors()).as("browser log").isEmpty();
            assertThat(viewer.errors()).as("browser log").isEmpty();
        }
    }

    @Test
    void theStudyPageShowsOnePointPerFinishedTrialLive() throws Exception {
        JsonNode started = HoneProcess.ok(hone.graphql("scientist", PASSWORD, """
                mutation($in: StartRunInput!) { startRun(input: $in) { id } }""", Map.of("in", Map.of(
                "dataset", DATASET, "target", "species", "modelName", "iris-studied",
                "tuning", Map.of("sampler", "RANDOM", "maxTrials", 4, "parameters", List.of(
                        Map.of("name", "learningRate", "type", "FLOAT", "low", 1e-3, "high", 3e-2, "log", true),
                        Map.of("name", "maxEpochs", "type", "INT", "low", 150, "high", 250)))))));
        long run = started.path("data").path("startRun").path("id").asLong();
        try (Browser browser = new Browser(1280, 1000)) {
            signIn(browser, "scientist");
            browser.driver.executeScript("window.honeMarker = 7; location.hash = '#/runs/" + run + "'");
            browser.find("hone-console", "hone-run", "a.study").click();
            browser.awaitText("RUNNING", Duration.ofMinutes(1), "hone-console", "hone-study", "h2");
            new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Duration.ofMinutes(3)).until(d ->
                    "4".equals(browser.find("hone-console", "hone-study", ".chart").getDomAttribute("data-points")));
            assertThat(browser.find("hone-console", "hone-study", "table").getText())
                    .contains("COMPLETED").doesNotContain("RUNNING");
            assertThat(browser.driver.executeScript("return window.honeMarker")).isEqualTo(7L);
            browser.find("hone-console", "hone-study", "th button").click(); // sort by trial number
            browser.awaitText("COMPLETED", "hone-console", "hone-study", "h2");
            browser.screenshot("console-study");
            assertThat(browser.errors()).as("browser log").isEmpty();
        }
    }

    private static long startRun(String model, int epochs) throws Exception {
        JsonNode started = HoneProcess.ok(hone.graphql("scientist", PASSWORD, "mutation { startRun(input: "
                + "{dataset: \"" + DATASET + "\", target: \"species\", modelName: \"" + model + "\", "
                + "training: {maxEpochs: " + epochs + ", patience: " + epochs + "}}) { id } }", Map.of()));
        return started.path("data").path("startRun").path("id").asLong();
    }

    private static void signIn(Browser browser, String user) {
        browser.driver.get(hone.uri("/").toString());
        browser.find("hone-console", "input[name=username]").sendKeys(user);
        browser.find("hone-console", "input[name=password]").sendKeys(PASSWORD);
        browser.find("hone-console", "button[type=submit]").click();
        browser.awaitText(user, "hone-console", ".user");
    }
}
