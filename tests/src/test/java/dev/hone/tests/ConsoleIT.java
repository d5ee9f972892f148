package dev.hone.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
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
        // lead is a data scientist who may also approve: the four-eyes rule still stops it approving its own run.
        for (String[] user : new String[][] {{"scientist", "\"data-scientist\""}, {"viewer", "\"viewer\""},
                {"approver", "\"approver\""}, {"lead", "\"data-scientist\", \"approver\""}}) {
            HoneProcess.ok(hone.graphql("admin", HoneProcess.ADMIN_PASSWORD, "mutation { saveUser(username: \""
                    + user[0] + "\", password: \"" + PASSWORD + "\", roles: [" + user[1] + "]) { username } }",
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
        long endless = startRun("iris-endless", 10_000, 1); // trains until cancelled
        try (Browser scientist = new Browser(1280, 900); Browser viewer = new Browser(768, 900)) {
            signIn(scientist, "scientist");
            signIn(viewer, "viewer");
            for (Browser b : new Browser[] {scientist, viewer}) {
                // Navigate inside the page: a marker on window shows that nothing reloads it later.
                b.driver.executeScript("window.honeMarker = 42; location.hash = '#/runs/" + endless + "'");
                b.awaitText("TRAIN: RUNNING", Duration.ofMinutes(1), "hone-console", "hone-run", "ol");
            }
            assertThat(viewer.present("hone-console", "hone-run", "button.cancel")).as("viewer may not cancel").isFalse();
            scientist.awaitText("last change", "hone-console", "hone-run", "p");
            scientist.screenshot("console-run-live");
            scientist.find("hone-console", "hone-run", "button.cancel").click();
            for (Browser b : new Browser[] {scientist, viewer}) {
                b.awaitText("CANCELLED", Duration.ofMinutes(1), "hone-console", "hone-run", "h2 .status");
                assertThat(b.driver.executeScript("return window.honeMarker")).isEqualTo(42L);
            }
            assertThat(scientist.find("hone-console", "hone-run", "h2 .attempt").getText()).isEqualTo("attempt 1");
            // Restarted, the run shows its new attempt, live again.
            scientist.find("hone-console", "hone-run", "button.restart").click();
            scientist.awaitText("attempt 2", Duration.ofMinutes(1), "hone-console", "hone-run", "h2 .attempt");
            scientist.awaitText("TRAIN: RUNNING", Duration.ofMinutes(1), "hone-console", "hone-run", "ol");
            scientist.find("hone-console", "hone-run", "button.cancel").click();
            scientist.awaitText("CANCELLED", Duration.ofMinutes(1), "hone-console", "hone-run", "h2 .status");

            // A run that finishes: long enough to be opened while it trains, then followed to the end.
            long finishing = startRun("iris-finishing", 1500, 32);
            for (Browser b : new Browser[] {scientist, viewer}) {
                b.driver.executeScript("location.hash = '#/runs/" + finishing + "'");
                b.awaitText("live", "hone-console", "hone-run", "p");
            }
            for (Browser b : new Browser[] {scientist, viewer}) {
                b.awaitText("SUCCEEDED", Duration.ofMinutes(3), "hone-console", "hone-run", "h2 .status");
                assertThat(b.driver.executeScript("return window.honeMarker")).isEqualTo(42L);
                assertThat(b.find("hone-console", "hone-run", "ol").getText()).contains("REGISTER: SUCCEEDED")
                        .as("the TRAIN stage ends on its outcome, not on its last epoch line").contains("1500 epochs");
                assertThat(b.present("hone-console", "hone-run", "button.cancel")).isFalse();
            }
            scientist.screenshot("console-run-finished");
            assertThat(scientist.errors()).as("browser log").isEmpty();
            assertThat(viewer.errors()).as("browser log").isEmpty();
        }
    }

    @Test
    void aStudyRunStartedFromTheFormIsWatchedToTheEndThenApprovedBySomebodyElse() throws Exception {
        String model = "iris-form-" + System.nanoTime();
        long runsBefore = runCount();
        long run;
        String versionPage;
        try (Browser lead = new Browser(1280, 1000)) {
            signIn(lead, "lead");
            lead.driver.executeScript("window.honeMarker = 7");
            lead.find("hone-console", "hone-overview", "a[href='#/runs/new']").click();
            select(lead, "dataset", DATASET);
            lead.awaitText("species", "hone-console", "hone-start-run", "select[name=target]");

            // Mistakes are shown at their fields and nothing is sent.
            type(lead, "dropout", "1.5");
            type(lead, "modelName", "not a name");
            lead.find("hone-console", "hone-start-run", "input[name=tuning]").click();
            type(lead, "maxTrials", "0");
            select(lead, "cost", "SIZE"); // with the default sampler, GP, which optimizes one objective
            lead.find("hone-console", "hone-start-run", "input[name=compress]").click();
            type(lead, "accuracyBudget", "150");
            lead.find("hone-console", "hone-start-run", "button[type=submit]").click();
            String form = lead.awaitText("Please correct", "hone-console", "hone-start-run", "form").getText();
            assertThat(form).contains("accuracyBudget must be between 0 and 100")
                    .contains("Choose the target column").contains("dropout must be in [0, 1)")
                    .contains("maxTrials must be between 1 and 1000").contains("Use 1 to 100 letters")
                    .contains("GP optimizes one objective");
            lead.screenshot("console-start-run-invalid");
            assertThat(runCount()).as("no run started from an invalid form").isEqualTo(runsBefore);

            // Corrected: a 4-trial random search over the learning rate (size the second objective, as chosen above),
            // each trial long enough to watch.
            select(lead, "target", "species");
            type(lead, "dropout", "");
            type(lead, "modelName", model);
            type(lead, "maxEpochs", "120");
            type(lead, "patience", "120");
            type(lead, "maxTrials", "4");
            select(lead, "sampler", "RANDOM");
            type(lead, "accuracyBudget", "2");
            lead.find("hone-console", "hone-start-run", "input[name=techniques][value=DISTIL]").click();
            // The validation gate: fairness over a column, probabilities calibrated by temperature when it helps.
            assertThat(lead.present("hone-console", "hone-start-run", "input[name=sensitive][value=species]"))
                    .as("the target is not offered as a sensitive column").isFalse();
            lead.find("hone-console", "hone-start-run", "input[name=sensitive][value=sepal_width]").click();
            lead.find("hone-console", "hone-start-run", "input[name=temperatureScaling]").click();
            lead.find("hone-console", "hone-start-run", "button[type=submit]").click();
            new WebDriverWait(lead.driver, Duration.ofSeconds(20)).until(d ->
                    String.valueOf(lead.driver.executeScript("return location.hash")).matches("#/runs/\\d+"));
            run = Long.parseLong(String.valueOf(lead.driver.executeScript("return location.hash")).substring(7));
            JsonNode compression = HoneProcess.ok(hone.graphql("lead", PASSWORD, "query($id: ID!) { run(id: $id) { "
                    + "compression { techniques objective accuracyBudget rmseBudget } } }", Map.of("id", run)))
                    .path("data").path("run").path("compression");
            assertThat(compression.toString()).as("as the form gave it").isEqualTo("{\"techniques\":[\"QUANTIZE_INT8\","
                    + "\"PRUNE_UNITS\"],\"objective\":\"LATENCY\",\"accuracyBudget\":2.0,\"rmseBudget\":null}");
            JsonNode validation = HoneProcess.ok(hone.graphql("lead", PASSWORD, "query($id: ID!) { run(id: $id) { "
                    + "validation { sensitiveColumns temperatureScaling reweighing metricLimits { metric } } } }",
                    Map.of("id", run))).path("data").path("run").path("validation");
            assertThat(validation.toString()).as("as the form gave it").isEqualTo("{\"sensitiveColumns\":"
                    + "[\"sepal_width\"],\"temperatureScaling\":true,\"reweighing\":null,\"metricLimits\":null}");
            lead.awaitText("live", Duration.ofSeconds(30), "hone-console", "hone-run", "p");
            lead.awaitText("TUNE", Duration.ofMinutes(1), "hone-console", "hone-run", "ol");
            // Device AUTO (the form's default) is routed after preprocessing: iris is far too small for a GPU
            // (the embedded process polls the GPU queue too).
            lead.awaitText("Compute (AUTO): CPU, AUTO chose CPU:", "hone-console", "hone-run", "p.compute");
            assertThat(lead.find("hone-console", "hone-run", "p.compute").getText())
                    .contains("below the 1,000,000,000 from which a GPU pays");
            lead.screenshot("console-run-study-live");

            // The study, opened while it runs: one chart point per finished trial, in both charts, one
            // learning curve per trial, and the importance of its one parameter once 4 trials completed.
            lead.find("hone-console", "hone-run", "a.study").click();
            new WebDriverWait(lead.driver, Duration.ofMinutes(4)).until(d -> "4".equals(
                    lead.find("hone-console", "hone-study", ".chart").getDomAttribute("data-points")));
            lead.awaitText("COMPLETED", Duration.ofSeconds(30), "hone-console", "hone-study", "h2");
            // Which trial the run trains, and why (on iris, compared with trial 0 fold by fold).
            assertThat(lead.awaitText("; trained trial ", Duration.ofSeconds(30), "hone-console", "hone-study", "p")
                    .getText()).contains("the best on ");
            assertThat(lead.find("hone-console", "hone-study", ".scatter").getDomAttribute("data-points"))
                    .isEqualTo("4");
            assertThat(lead.find("hone-console", "hone-study", ".curves").getDomAttribute("data-lines"))
                    .isEqualTo("4");
            new WebDriverWait(lead.driver, Duration.ofSeconds(30)).until(d -> "1".equals(
                    lead.find("hone-console", "hone-study", ".importance").getDomAttribute("data-bars")));
            assertThat(lead.find("hone-console", "hone-study", "table thead").getText()).as("a column per parameter")
                    .contains("learningRate");
            assertThat(lead.find("hone-console", "hone-study", ".parallel").getDomAttribute("data-lines"))
                    .isEqualTo("4");
            assertThat(lead.find("hone-console", "hone-study", ".workers").getDomAttribute("data-workers"))
                    .isNotEqualTo("0");
            assertThat(lead.find("hone-console", "hone-study", ".workers").getText())
                    .contains("trials)").contains("Pruning spared nothing");
            JsonNode trials = HoneProcess.ok(hone.graphql("lead", PASSWORD, "query($id: ID!) { run(id: $id) "
                    + "{ study { cost trials { status cost } } } }", Map.of("id", run))).path("data").path("run")
                    .path("study").path("trials");
            assertThat(trials).hasSize(4).allSatisfy(t -> assertThat(t.path("status").asText()).isEqualTo("COMPLETED"))
                    .as("the form's second objective: each trial's parameter count").allSatisfy(t -> assertThat(
                            t.path("cost").asDouble()).isPositive());
            assertThat(lead.find("hone-console", "hone-study", ".front").getDomAttribute("data-points"))
                    .as("the front chart draws every completed trial against its cost").isEqualTo("4");
            lead.screenshot("console-study");

            // Back on the run page, followed to the end without a reload.
            lead.driver.executeScript("history.back()");
            lead.awaitText("SUCCEEDED", Duration.ofMinutes(5), "hone-console", "hone-run", "h2 .status");
            assertThat(lead.driver.executeScript("return window.honeMarker")).as("no reload").isEqualTo(7L);
            assertThat(lead.find("hone-console", "hone-run", "ol").getText()).contains("COMPRESS: SUCCEEDED")
                    .contains("REGISTER: SUCCEEDED");
            // Each test metric with its bootstrap interval, sized by the test split it came from.
            assertThat(lead.awaitText("test rows", "hone-console", "hone-run", "table[aria-label='Test metrics'] .interval")
                    .getText()).matches("[0-9.]+ to [0-9.]+ \\(95%, [0-9]+ test rows\\)");

            // The new version: its starter holds the approver role, yet is offered no decision (four
            // eyes), and the page says who may not decide.
            lead.find("hone-console", "hone-run", "a.model-version").click();
            lead.awaitText("PENDING", "hone-console", "hone-model-version", "section[aria-label=Approval]");
            assertThat(lead.find("hone-console", "hone-model-version", ".lineage").getDomAttribute("data-nodes"))
                    .as("data set version -> run -> study -> version").isEqualTo("4");
            versionPage = String.valueOf(lead.driver.executeScript("return location.hash"));
            assertThat(lead.find("hone-console", "hone-model-version", ".ineligible").getText()).contains("lead");
            assertThat(lead.find("hone-console", "hone-model-version", ".four-eyes").getText())
                    .contains("somebody else");
            assertThat(lead.present("hone-console", "hone-model-version", "button.approve")).isFalse();
            assertThat(lead.present("hone-console", "hone-model-version", "button.reject")).isFalse();
            lead.screenshot("console-approval-not-offered-to-starter");
            assertThat(lead.errors()).as("browser log").isEmpty();
        }
        try (Browser approver = new Browser(768, 1000)) {
            signIn(approver, "approver");
            approver.driver.executeScript("location.hash = arguments[0]", versionPage);
            assertThat(approver.awaitText("lead", "hone-console", "hone-model-version", ".ineligible").getText())
                    .doesNotContain("approver");
            assertThat(approver.present("hone-console", "hone-model-version", ".four-eyes")).isFalse();
            // The approver sees the gate's verdict beside the buttons, and the passport's charts, before deciding.
            assertThat(approver.find("hone-console", "hone-model-version", "section[aria-label=Approval] .gate-verdict")
                    .getText()).startsWith("Validation gate: passed");
            for (String chart : List.of(".metrics-chart", ".reliability-chart", ".importance-chart", ".shap-chart",
                    ".robustness-chart")) {
                assertThat(approver.find("hone-console", "hone-model-version", "hone-passport", chart)
                        .getDomAttribute("data-drawn")).as(chart).isEqualTo("true");
            }
            assertThat(approver.find("hone-console", "hone-model-version", "hone-passport", ".extraction").getText())
                    .startsWith("Extraction: a label-only copy");
            // The group metrics over the sensitive column the run named, and iris's three classes' rates.
            var fairness = approver.find("hone-console", "hone-model-version", "hone-passport", "table.fairness");
            assertThat(fairness.getText()).contains("Fairness over 'sepal_width'")
                    .contains("Demographic-parity difference");
            assertThat(fairness.findElements(org.openqa.selenium.By.cssSelector("tbody tr")).size())
                    .isGreaterThanOrEqualTo(2);
            assertThat(approver.find("hone-console", "hone-model-version", "hone-passport",
                    "table[aria-label='Per-class rates']").findElements(org.openqa.selenium.By.cssSelector("tbody tr")))
                    .hasSize(3);
            approver.screenshot("console-version-passport-768");
            approver.driver.executeScript("arguments[0].scrollIntoView()",
                    approver.find("hone-console", "hone-model-version", "hone-passport", ".charts"));
            approver.screenshot("console-version-passport-charts-768");
            approver.driver.executeScript("window.scrollTo(0, 0)");
            approver.find("hone-console", "hone-model-version", "textarea[name=comment]")
                    .sendKeys("metrics reviewed");
            approver.find("hone-console", "hone-model-version", "button.approve").click();
            approver.awaitText("APPROVED", "hone-console", "hone-model-version", "section[aria-label=Approval]");
            assertThat(approver.find("hone-console", "hone-model-version", "section[aria-label=Approval]").getText())
                    .contains("approver").contains("metrics reviewed");
            assertThat(approver.present("hone-console", "hone-model-version", "button.approve"))
                    .as("decided: no more buttons").isFalse();

            // An approved version may become production; then the predict form calls the model.
            approver.find("hone-console", "hone-model-version", "input[name=alias]").sendKeys("Production");
            approver.find("hone-console", "hone-model-version", "form[aria-label='Set an alias'] button").click();
            approver.awaitText("lower-case", "hone-console", "hone-model-version", ".action-error");
            approver.find("hone-console", "hone-model-version", "input[name=alias]").clear();
            approver.find("hone-console", "hone-model-version", "input[name=alias]").sendKeys("production");
            approver.find("hone-console", "hone-model-version", "form[aria-label='Set an alias'] button").click();
            approver.awaitText("production", "hone-console", "hone-model-version", "section[aria-label='Aliases and tags']");
            // petal_width left blank: imputed, and the answer says so and names the version it used.
            String[][] flower = {{"sepal_length", "6.7"}, {"sepal_width", "3.0"}, {"petal_length", "5.2"}};
            for (String[] cell : flower) {
                approver.find("hone-console", "hone-model-version", "form[aria-label=Predict] input[name=" + cell[0] + "]")
                        .sendKeys(cell[1]);
            }
            approver.find("hone-console", "hone-model-version", "form[aria-label=Predict] button").click();
            String label = approver.find("hone-console", "hone-model-version", ".prediction .label").getText();
            assertThat(label).isIn("setosa", "versicolor", "virginica");
            assertThat(approver.find("hone-console", "hone-model-version", ".prediction .used-version").getText())
                    .isEqualTo("1");
            assertThat(approver.find("hone-console", "hone-model-version", ".prediction .imputed").getText())
                    .isEqualTo("petal_width");
            approver.screenshot("console-version-approved-768");
            assertThat(approver.errors()).as("browser log").isEmpty();
        }
        JsonNode version = HoneProcess.ok(hone.graphql("viewer", PASSWORD, "query($m: String!) { modelVersion("
                + "model: $m, alias: \"production\") { approvalStatus approvedBy run { id } } }", Map.of("m", model)))
                .path("data").path("modelVersion");
        assertThat(version.path("approvalStatus").asText()).isEqualTo("APPROVED");
        assertThat(version.path("approvedBy").asText()).isEqualTo("approver");
        assertThat(version.path("run").path("id").asLong()).isEqualTo(run);
    }

    @Test
    void eachRoleSeesExactlyTheActionsItsRolesAllow() throws Exception {
        hone.awaitGraphql("viewer", PASSWORD, "query($id: ID!) { run(id: $id) { status } }", Map.of("id", runId),
                r -> r.path("data").path("run").path("status").asText().equals("SUCCEEDED"), Duration.ofMinutes(3));
        String versionPage = "#/models/iris-console/versions/1";
        record Expected(String user, String password, boolean run, boolean upload, boolean alias, boolean approve,
                boolean audit) {
        }
        for (Expected e : List.of(
                new Expected("viewer", PASSWORD, false, false, false, false, false),
                new Expected("scientist", PASSWORD, true, true, true, false, false),
                new Expected("approver", PASSWORD, false, false, true, true, false),
                new Expected("admin", HoneProcess.ADMIN_PASSWORD, true, true, true, true, true))) {
            try (Browser b = new Browser(e.user().equals("approver") ? 768 : 1280, 900)) {
                signIn(b, e.user(), e.password());
                b.awaitText(e.user(), "hone-console", ".user");
                b.find("hone-console", "hone-overview", "table");
                assertThat(b.present("hone-console", "hone-overview", "a[href='#/runs/new']")).as(e + " start")
                        .isEqualTo(e.run());
                assertThat(b.present("hone-console", "nav a[href='#/audit']")).as(e + " audit").isEqualTo(e.audit());

                b.driver.executeScript("location.hash = '#/datasets'");
                b.find("hone-console", "hone-datasets", "table");
                assertThat(b.present("hone-console", "hone-datasets", "form[aria-label='Upload a data set']"))
                        .as(e + " upload").isEqualTo(e.upload());

                b.driver.executeScript("location.hash = '#/runs'");
                b.find("hone-console", "hone-runs", "table");
                assertThat(b.present("hone-console", "hone-runs", "a[href='#/runs/new']")).as(e + " run")
                        .isEqualTo(e.run());
                if (e.user().equals("viewer")) { // the filters: in the URL, and only matching runs listed
                    new Select(b.find("hone-console", "hone-runs", "select[name=status]")).selectByVisibleText("SUCCEEDED");
                    new WebDriverWait(b.driver, Duration.ofSeconds(20)).until(d ->
                            String.valueOf(b.driver.executeScript("return location.hash")).equals("#/runs?status=SUCCEEDED"));
                    // The table re-renders as the filtered list arrives: a row read mid-render is stale, read again.
                    new WebDriverWait(b.driver, Duration.ofSeconds(20))
                            .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
                        List<String> statuses = b.find("hone-console", "hone-runs").getShadowRoot()
                                .findElements(By.cssSelector("tbody tr td:nth-child(2)")).stream()
                                .map(org.openqa.selenium.WebElement::getText).toList();
                        return !statuses.isEmpty() && statuses.stream().allMatch("SUCCEEDED"::equals);
                    });
                }

                b.driver.executeScript("location.hash = arguments[0]", versionPage);
                b.find("hone-console", "hone-model-version", "form[aria-label=Predict]");
                assertThat(b.present("hone-console", "hone-model-version", "button.approve")).as(e + " approve")
                        .isEqualTo(e.approve());
                assertThat(b.present("hone-console", "hone-model-version", "button.reject")).as(e + " reject")
                        .isEqualTo(e.approve());
                assertThat(b.present("hone-console", "hone-model-version", "form[aria-label='Set an alias']"))
                        .as(e + " alias").isEqualTo(e.alias());
                b.screenshot("console-version-as-" + e.user());
                if (e.audit()) {
                    b.find("hone-console", "nav a[href='#/audit']").click();
                    b.find("hone-console", "hone-audit", "table");
                    b.find("hone-console", "hone-audit", "input[name=actor]").sendKeys("scientist");
                    b.find("hone-console", "hone-audit", "form button").click();
                    new WebDriverWait(b.driver, Duration.ofSeconds(20)).until(d -> {
                        String text = b.find("hone-console", "hone-audit", "table").getText();
                        return text.contains("startRun") && !text.contains("admin (");
                    });
                    b.screenshot("console-audit");
                    // Every column fits the page at 1280 px: no sideways scrolling to reach Outcome and Detail.
                    Object overflow = b.driver.executeScript("""
                            const root = document.querySelector('hone-console').shadowRoot
                                .querySelector('hone-audit').shadowRoot;
                            return root.querySelector('table').scrollWidth - root.querySelector('.scroll').clientWidth;""");
                    assertThat(((Number) overflow).longValue()).as("audit table wider than its column by").isLessThanOrEqualTo(0);
                    assertThat(b.find("hone-console", "hone-audit", "th.detail").getRect().getWidth())
                            .as("room left for the detail").isGreaterThanOrEqualTo(150);
                }
                assertThat(b.errors()).as("browser log of " + e.user()).isEmpty();
            }
        }
    }

    @Test
    void anUploadThroughTheConsoleShowsItsProfile() throws Exception {
        Path dir = Files.createTempDirectory("console-upload");
        Path headerOnly = Files.writeString(dir.resolve("header-only.csv"), "a,b\n");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(Path.of("../api/src/test/resources/datasets/iris.csv")));
        for (int row = 1; row <= 3; row++) { // three missing sepal widths
            String[] cells = lines.get(row * 10).split(",", -1);
            cells[1] = "";
            lines.set(row * 10, String.join(",", cells));
        }
        Path iris = dir.resolve("iris with gaps.csv");
        Files.write(iris, lines);
        String name = "uploaded-" + System.nanoTime();
        try (Browser b = new Browser(1280, 1000)) {
            signIn(b, "scientist");
            b.driver.executeScript("location.hash = '#/datasets'");
            b.find("hone-console", "hone-datasets", "input[name=name]").sendKeys("bad name!");
            b.awaitText("Use 1 to 100 letters", "hone-console", "hone-datasets", "form .invalid");
            b.find("hone-console", "hone-datasets", "input[name=name]").clear();
            b.find("hone-console", "hone-datasets", "input[name=name]").sendKeys(name);

            // A file the server refuses: its message is shown, and nothing is added.
            b.find("hone-console", "hone-datasets", "input[type=file]").sendKeys(headerOnly.toString());
            b.find("hone-console", "hone-datasets", "button[type=submit]").click();
            String refused = b.awaitText("row", "hone-console", "hone-datasets", "form .error").getText();
            assertThat(refused).as("the API's message").isNotBlank();
            assertThat(b.errors()).as("only the refused upload (400) is logged")
                    .allSatisfy(e -> assertThat(e.getMessage()).contains("400"));
            assertThat(hone.graphql("scientist", PASSWORD, "query($n: String!) { dataset(name: $n) { name } }",
                    Map.of("n", name)).path("errors").get(0).path("extensions").path("code").asText())
                    .isEqualTo("NOT_FOUND");

            b.find("hone-console", "hone-datasets", "input[type=file]").sendKeys(iris.toString());
            b.find("hone-console", "hone-datasets", "button[type=submit]").click();
            b.awaitText("Profile of version 1 (150 rows)", Duration.ofSeconds(30), "hone-console", "hone-dataset", "h3:last-of-type");
            assertThat(String.valueOf(b.driver.executeScript("return location.hash")))
                    .isEqualTo("#/datasets/" + name + "?version=1");
            assertThat(b.find("hone-console", "hone-dataset", "section[aria-label='Column sepal_width']").getText())
                    .contains("NUMERIC").contains("3 missing");
            assertThat(b.find("hone-console", "hone-dataset", "section[aria-label='Column species']").getText())
                    .contains("CATEGORICAL").contains("0 missing").contains("3 distinct");
            List<String> kinds = b.find("hone-console", "hone-dataset").getShadowRoot()
                    .findElements(By.cssSelector(".chart")).stream().map(c -> c.getDomAttribute("data-kind")).toList();
            assertThat(kinds).containsExactly("histogram", "histogram", "histogram", "histogram", "top-values");
            b.screenshot("console-dataset-profile");
            assertThat(b.errors()).as("browser log").isEmpty();
        }
    }

    @Test
    void theConsoleWorksFromTheKeyboardAndShowsTheApisMessageForUnknownIds() throws Exception {
        try (Browser b = new Browser(768, 900)) {
            b.driver.get(hone.uri("/").toString());
            b.find("hone-console", "input[name=username]");
            var keys = new org.openqa.selenium.interactions.Actions(b.driver);
            keys.sendKeys(Keys.TAB).sendKeys("viewer").sendKeys(Keys.TAB).sendKeys(PASSWORD).sendKeys(Keys.ENTER)
                    .perform();
            b.awaitText("viewer", "hone-console", ".user");
            List<String> reached = new java.util.ArrayList<>();
            for (int i = 0; i < 8 && !reached.contains("#/models"); i++) {
                keys.sendKeys(Keys.TAB).perform();
                reached.add(String.valueOf(b.driver.executeScript("""
                        let e = document.activeElement;
                        while (e && e.shadowRoot && e.shadowRoot.activeElement) { e = e.shadowRoot.activeElement; }
                        return e.getAttribute('href') ?? e.textContent.trim();""")));
            }
            assertThat(reached).as("focus order").containsSubsequence("#/datasets", "#/runs", "#/models");
            keys.sendKeys(Keys.ENTER).perform();
            b.awaitText("Models", "hone-console", "hone-models", "h2");

            b.driver.executeScript("location.hash = '#/runs/987654321'");
            assertThat(b.awaitText("987654321", "hone-console", "hone-run", "[role=alert]").getText())
                    .as("the API's NOT_FOUND message").containsIgnoringCase("run");
            b.driver.executeScript("location.hash = '#/models/no-such-model'");
            b.awaitText("no-such-model", "hone-console", "hone-model", "[role=alert]");
            b.screenshot("console-not-found-768");
            assertThat(b.errors()).as("browser log").isEmpty();
        }
    }

    private static void type(Browser b, String field, String text) {
        var input = b.find("hone-console", "hone-start-run", "[name=" + field + "]");
        input.clear();
        input.sendKeys(text);
    }

    private static void select(Browser b, String field, String option) {
        new WebDriverWait(b.driver, Duration.ofSeconds(20)).until(d -> {
            var select = new Select(b.find("hone-console", "hone-start-run", "select[name=" + field + "]"));
            if (select.getOptions().stream().noneMatch(o -> o.getText().trim().equals(option))) {
                return false;
            }
            select.selectByVisibleText(option);
            return true;
        });
    }

    @Test
    void theModelsListShowsEachModelsNewestVersionAsLatest() throws Exception {
        String model = "iris-twice";
        for (int i = 0; i < 2; i++) {
            long run = startRun(model, 3, 32);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            String status = "";
            while (!status.equals("SUCCEEDED") && Instant.now().isBefore(deadline)) {
                Thread.sleep(300);
                status = HoneProcess.ok(hone.graphql("viewer", PASSWORD, "query($id: ID!) { run(id: $id) { status } }",
                        Map.of("id", run))).path("data").path("run").path("status").asText();
            }
            assertThat(status).as("run %d", run).isEqualTo("SUCCEEDED");
        }
        try (Browser b = new Browser(1280, 900)) {
            signIn(b, "viewer");
            b.driver.executeScript("location.hash = '#/models'");
            WebElement row = new WebDriverWait(b.driver, Duration.ofSeconds(20)).until(d -> b.find("hone-console",
                    "hone-models").getShadowRoot().findElements(By.cssSelector("tbody tr")).stream()
                    .filter(r -> r.getText().startsWith(model)).findFirst().orElse(null));
            assertThat(row.findElements(By.tagName("td")).get(2).getText()).as("Latest").startsWith("v2");
            assertThat(b.errors()).as("browser log").isEmpty();
        }
    }

    /**
     * Every page at a desktop and a tablet width: it renders without a browser error and without
     * widening the page (wide tables scroll inside their own box), and leaves a screenshot.
     */
    @Test
    void everyPageFitsAt1280And768Pixels() throws Exception {
        JsonNode started = HoneProcess.ok(hone.graphql("scientist", PASSWORD, "mutation { startRun(input: {dataset: \""
                + DATASET + "\", target: \"species\", modelName: \"iris-pages\", seed: 42, training: {maxEpochs: 6, "
                + "patience: 6}, "
                + "tuning: {sampler: RANDOM, pruner: ASHA, minResource: 1, reductionFactor: 2, maxTrials: 8, "
                + "cost: SIZE, "
                + "parameters: [{name: \"learningRate\", type: FLOAT, low: 0.0001, high: 0.05, log: true}]}, "
                + "compression: {techniques: [QUANTIZE_INT8, DISTIL], objective: SIZE}}) "
                + "{ id } }", Map.of()));
        long run = started.path("data").path("startRun").path("id").asLong();
        JsonNode done = hone.awaitGraphql("viewer", PASSWORD, "query($id: ID!) { run(id: $id) { status study { id } } }",
                Map.of("id", run), r -> r.path("data").path("run").path("status").asText().equals("SUCCEEDED"),
                Duration.ofMinutes(3));
        String study = done.path("data").path("run").path("study").path("id").asText();
        JsonNode trials = HoneProcess.ok(hone.graphql("viewer", PASSWORD, "query($id: ID!) { study(id: $id) "
                + "{ trials { status } } }", Map.of("id", study))).path("data").path("study").path("trials");
        long pruned = 0;
        for (JsonNode t : trials) {
            pruned += t.path("status").asText().equals("PRUNED") ? 1 : 0;
        }
        assertThat(pruned).as("this study's seed prunes some trials: %s", trials).isPositive();
        // iris is too small to judge retrained students: only the int8 form is tried, of the ensemble trained
        // after the study (every network in int8) and of a run without a study; kept for its size (an int8
        // network this small is no faster than the float one).
        long compressed = HoneProcess.ok(hone.graphql("scientist", PASSWORD, "mutation { startRun(input: {dataset: \""
                + DATASET + "\", target: \"species\", modelName: \"iris-int8\", seed: 42, compression: {objective: SIZE}}) { id } }",
                Map.of())).path("data").path("startRun").path("id").asLong();
        hone.awaitGraphql("viewer", PASSWORD, "query($id: ID!) { run(id: $id) { status } }", Map.of("id", compressed),
                r -> r.path("data").path("run").path("status").asText().equals("SUCCEEDED"), Duration.ofMinutes(3));
        Map<String, Integer> candidates = new java.util.HashMap<>();
        for (String model : List.of("iris-pages", "iris-int8")) {
            candidates.put(model, HoneProcess.ok(hone.graphql("viewer", PASSWORD, "query($m: String!) { modelVersion("
                    + "model: $m) { compression { candidates { name } } } }", Map.of("m", model))).path("data")
                    .path("modelVersion").path("compression").path("candidates").size());
        }
        assertThat(candidates).isEqualTo(Map.of("iris-pages", 1, "iris-int8", 1));
        Map<String, String> pages = new java.util.LinkedHashMap<>();
        pages.put("overview", "#/");
        pages.put("datasets", "#/datasets");
        pages.put("dataset", "#/datasets/" + DATASET);
        pages.put("runs", "#/runs");
        pages.put("start-run", "#/runs/new");
        pages.put("run", "#/runs/" + run);
        pages.put("study", "#/studies/" + study);
        pages.put("models", "#/models");
        pages.put("model", "#/models/iris-pages");
        pages.put("version", "#/models/iris-pages/versions/1");
        pages.put("compressed-version", "#/models/iris-int8/versions/1");
        pages.put("audit", "#/audit");
        for (int width : new int[] {1280, 768}) {
            try (Browser b = new Browser(width, 900)) {
                signIn(b, "admin", HoneProcess.ADMIN_PASSWORD);
                b.awaitText("admin", "hone-console", ".user");
                for (Map.Entry<String, String> page : pages.entrySet()) {
                    b.driver.executeScript("location.hash = arguments[0]", page.getValue());
                    new WebDriverWait(b.driver, Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(
                            b.driver.executeScript("""
                            const main = document.querySelector('hone-console').shadowRoot;
                            const text = main.textContent + [...main.querySelectorAll('*')].filter(e => e.shadowRoot)
                                .map(e => e.shadowRoot.textContent).join(' ');
                            return !/Loading…/.test(text) && [...main.querySelectorAll('*')].some(e => e.shadowRoot
                                && e.shadowRoot.querySelector('h2, table, form'));""")));
                    Thread.sleep(300); // charts draw after the data arrives
                    Object overflow = b.driver.executeScript(
                            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                    assertThat(((Number) overflow).longValue()).as("%s at %d px: wider than the window by", page.getKey(),
                            width).isLessThanOrEqualTo(0);
                    b.screenshot("page-" + page.getKey() + "-" + width);
                    if (page.getKey().equals("study")) { // every trial in every chart, the pruned ones marked
                        assertThat(b.find("hone-console", "hone-study", ".scatter").getDomAttribute("data-points"))
                                .isEqualTo(String.valueOf(trials.size()));
                        assertThat(b.find("hone-console", "hone-study", ".scatter").getDomAttribute("data-pruned"))
                                .isEqualTo(String.valueOf(pruned));
                        assertThat(b.find("hone-console", "hone-study", ".curves").getDomAttribute("data-pruned"))
                                .isEqualTo(String.valueOf(pruned));
                        assertThat(b.find("hone-console", "hone-study", ".parallel").getDomAttribute("data-lines"))
                                .isEqualTo(String.valueOf(trials.size()));
                        // the study's cost is SIZE: every completed trial against its parameter count
                        assertThat(b.find("hone-console", "hone-study", ".front").getDomAttribute("data-points"))
                                .isEqualTo(String.valueOf(trials.size() - pruned));
                    }
                    if (page.getKey().endsWith("version")) { // the parent and every candidate, and the served one
                        String model = page.getKey().equals("version") ? "iris-pages" : "iris-int8";
                        assertThat(b.find("hone-console", "hone-model-version", ".compression-chart")
                                .getDomAttribute("data-points")).isEqualTo(String.valueOf(candidates.get(model) + 1));
                        assertThat(b.find("hone-console", "hone-model-version", "table.compression").getText())
                                .contains("(served)");
                    }
                    if (page.getKey().equals("audit")) {
                        assertThat(b.find("hone-console", "hone-audit", "th.detail").getRect().getWidth())
                                .as("room left for the audit detail at %d px", width).isGreaterThanOrEqualTo(90);
                    }
                }
                assertThat(b.errors()).as("browser log at %d px", width).isEmpty();
            }
        }
    }

    /** The console's API page leads to the explorer, which runs an example with the browser's own sign-in. */
    @Test
    void theExplorerRunsTheReadmesExamples() throws Exception {
        try (Browser b = new Browser(1280, 900)) {
            signIn(b, "viewer");
            b.driver.executeScript("location.hash = '#/api'");
            String example = b.find("hone-console", "hone-explorer", "a.example").getDomAttribute("href");
            assertThat(example).startsWith("/q/graphql-ui/?query=");
            assertThat(b.find("hone-console", "hone-explorer").getShadowRoot()
                    .findElements(By.cssSelector("a.example"))).hasSizeGreaterThanOrEqualTo(8);

            // What a browser does after its sign-in prompt: the same credentials on every request of the explorer.
            java.net.URI page = hone.uri("/q/graphql-ui/?query=%7B%20me%20%7B%20username%20%7D%20%7D");
            b.driver.get("http://viewer:" + PASSWORD + "@" + page.getHost() + ":" + page.getPort() + page.getRawPath()
                    + "?" + page.getRawQuery());
            b.find(".graphiql-execute-button").click();
            try {
                new WebDriverWait(b.driver, Duration.ofSeconds(30)).until(d -> String.valueOf(b.driver.executeScript(
                        "return document.querySelector('.result-window')?.textContent ?? ''")).contains("\"viewer\""));
            } finally {
                b.screenshot("explorer");
            }
        }
    }

    private static long runCount() throws Exception {
        return HoneProcess.ok(hone.graphql("viewer", PASSWORD, "{ runs(size: 1) { pageInfo { total } } }", Map.of()))
                .path("data").path("runs").path("pageInfo").path("total").asLong();
    }

    @Test
    void aRolloutStartedFromTheDeploymentPageIsFollowedLiveAndPromotedBySomebodyElse() throws Exception {
        String model = "iris-deploy-console-" + System.nanoTime();
        for (int i = 0; i < 2; i++) {
            long id = startRun(model, 5, 32);
            hone.awaitGraphql("scientist", PASSWORD, "query($id: ID!) { run(id: $id) { status } }", Map.of("id", id),
                    r -> "SUCCEEDED".equals(r.path("data").path("run").path("status").asText()), Duration.ofMinutes(3));
        }
        String name = "console-" + System.nanoTime();
        HoneProcess.ok(hone.graphql("approver", PASSWORD, "mutation { createDeployment(name: \"" + name
                + "\", model: \"" + model + "\", version: 1) { name } }", Map.of()));
        try (Browser approver = new Browser(1280, 900); Browser lead = new Browser(1280, 900);
                Browser viewer = new Browser(768, 900)) {
            signIn(approver, "approver");
            approver.driver.executeScript("location.hash = '#/deployments'");
            approver.awaitText(name, "hone-console", "hone-deployments", "table");
            assertThat(approver.find("hone-console", "hone-deployments", "table").getText()).contains("v1 100%");
            approver.driver.executeScript("location.hash = '#/deployments/" + name + "'");
            approver.find("hone-console", "hone-deployment", "form.start input[name=version]").sendKeys("2");
            approver.find("hone-console", "hone-deployment", "form.start button[type=submit]").click();
            approver.awaitText("RUNNING", Duration.ofSeconds(30), "hone-console", "hone-deployment", "section.rollout");
            approver.awaitText("v2 5%", Duration.ofSeconds(30), "hone-console", "hone-deployment", ".traffic");
            assertThat(approver.present("hone-console", "hone-deployment", "button.promote"))
                    .as("who started the rollout may not promote it").isFalse();
            assertThat(approver.present("hone-console", "hone-deployment", "button.pause")).isTrue();
            approver.screenshot("console-deployment-rollout");

            signIn(viewer, "viewer");
            viewer.driver.executeScript("location.hash = '#/deployments/" + name + "'");
            viewer.awaitText("RUNNING", "hone-console", "hone-deployment", "section.rollout");
            assertThat(viewer.present("hone-console", "hone-deployment", "button.abort")).isFalse();
            assertThat(viewer.present("hone-console", "hone-deployment", "form.start")).isFalse();

            signIn(lead, "lead");
            lead.driver.executeScript("location.hash = '#/deployments/" + name + "'");
            lead.find("hone-console", "hone-deployment", "button.promote").click();
            for (Browser b : new Browser[] {approver, lead, viewer}) {
                b.awaitText("PROMOTED", Duration.ofSeconds(30), "hone-console", "hone-deployment", "section.rollout");
                b.awaitText("v2 100%", Duration.ofSeconds(30), "hone-console", "hone-deployment", ".traffic");
            }
            assertThat(approver.find("hone-console", "hone-deployment", "section.rollout").getText())
                    .contains("Promoted by lead");
            approver.screenshot("console-deployment-promoted");
            for (Browser b : new Browser[] {approver, lead, viewer}) {
                assertThat(b.errors()).as("browser log").isEmpty();
            }
        }
    }

    @Test
    void aScheduleIsMadeRunNowPausedAndDeletedFromItsPageAndAViewerOnlyWatches() throws Exception {
        String name = "console-nightly-" + System.nanoTime();
        try (Browser scientist = new Browser(1280, 900); Browser viewer = new Browser(768, 900)) {
            signIn(scientist, "scientist");
            scientist.driver.executeScript("location.hash = '#/schedules'");
            for (String[] field : new String[][] {{"name", name}, {"dataset", DATASET}, {"target", "species"},
                {"cron", "0 2 * * 1-5"}, {"zone", "Europe/Berlin"}}) {
                scientist.find("hone-console", "hone-schedules", "form.create [name=" + field[0] + "]")
                        .sendKeys(field[1]);
            }
            scientist.find("hone-console", "hone-schedules", "form.create button[type=submit]").click();
            scientist.awaitText("ACTIVE", Duration.ofSeconds(30), "hone-console", "hone-schedule", "h2");
            assertThat(scientist.find("hone-console", "hone-schedule", "section[aria-label='Next fire times']")
                    .findElements(org.openqa.selenium.By.cssSelector("li"))).hasSize(5);
            scientist.find("hone-console", "hone-schedule", "button.trigger").click();
            scientist.awaitText("TRIGGER", Duration.ofSeconds(30), "hone-console", "hone-schedule",
                    "table[aria-label=Fires]");
            scientist.awaitText("run ", Duration.ofSeconds(30), "hone-console", "hone-schedule",
                    "table[aria-label=Fires]");
            scientist.find("hone-console", "hone-schedule", "button.pause").click();
            scientist.awaitText("PAUSED", Duration.ofSeconds(30), "hone-console", "hone-schedule", "h2");
            scientist.awaitText("None while paused", "hone-console", "hone-schedule",
                    "section[aria-label='Next fire times']");
            scientist.screenshot("console-schedule");

            signIn(viewer, "viewer");
            viewer.driver.executeScript("location.hash = '#/schedules'");
            viewer.awaitText(name, "hone-console", "hone-schedules", "table");
            assertThat(viewer.present("hone-console", "hone-schedules", "form.create")).isFalse();
            viewer.driver.executeScript("location.hash = '#/schedules/" + name + "'");
            viewer.awaitText("PAUSED", "hone-console", "hone-schedule", "h2");
            assertThat(viewer.present("hone-console", "hone-schedule", "button.trigger")).isFalse();

            scientist.find("hone-console", "hone-schedule", "button.delete").click();
            scientist.awaitText("Schedules", Duration.ofSeconds(30), "hone-console", "hone-schedules", "h2");
            JsonNode gone = hone.graphql("scientist", PASSWORD, "query($n: String!) { schedule(name: $n) { name } }",
                    Map.of("n", name));
            assertThat(gone.path("errors").get(0).path("extensions").path("code").asText()).isEqualTo("NOT_FOUND");
            for (Browser b : new Browser[] {scientist, viewer}) {
                assertThat(b.errors()).as("browser log").isEmpty();
            }
        }
    }

    @Test
    void aDriftMonitorIsMadeOnTheDeploymentPageAndItsChecksAreCharted() throws Exception {
        String model = "iris-monitor-console-" + System.nanoTime();
        long id = startRun(model, 5, 32);
        hone.awaitGraphql("scientist", PASSWORD, "query($id: ID!) { run(id: $id) { status } }", Map.of("id", id),
                r -> "SUCCEEDED".equals(r.path("data").path("run").path("status").asText()), Duration.ofMinutes(3));
        String deployment = "watched-" + System.nanoTime();
        HoneProcess.ok(hone.graphql("approver", PASSWORD, "mutation { createDeployment(name: \"" + deployment
                + "\", model: \"" + model + "\", version: 1) { name } }", Map.of()));
        String schedule = "console-retrain-" + System.nanoTime();
        HoneProcess.ok(hone.graphql("scientist", PASSWORD, "mutation { createSchedule(name: \"" + schedule
                + "\", run: {dataset: \"" + DATASET + "\", target: \"species\", modelName: \"" + model + "\"}, "
                + "when: {cron: \"0 2 1 1 *\"}) { name } }", Map.of()));
        // 600 rows like the training rows: a monitor's default minimum is 500.
        List<String> lines = Files.readAllLines(Path.of("../api/src/test/resources/datasets/iris.csv"));
        String[] header = lines.getFirst().split(",");
        StringBuilder rows = new StringBuilder("{\"rows\": [");
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            rows.append(i > 1 ? "," : "").append('{');
            for (int c = 0; c < 4; c++) {
                rows.append(c > 0 ? "," : "").append('"').append(header[c]).append("\":\"").append(cells[c])
                        .append('"');
            }
            rows.append('}');
        }
        byte[] body = rows.append("]}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int pass = 0; pass < 4; pass++) {
            assertThat(hone.post("/api/deployments/" + deployment + "/predict", HoneProcess.basic("viewer", PASSWORD),
                    "application/json", body).statusCode()).isEqualTo(200);
        }
        try (Browser scientist = new Browser(1280, 900); Browser viewer = new Browser(768, 900)) {
            signIn(scientist, "scientist");
            scientist.driver.executeScript("location.hash = '#/deployments/" + deployment + "'");
            scientist.awaitText("No drift monitor", "hone-console", "hone-deployment", "hone-drift-monitor",
                    "p.empty");
            scientist.find("hone-console", "hone-deployment", "hone-drift-monitor", "form.create-monitor "
                    + "[name=schedule]").sendKeys(schedule);
            scientist.find("hone-console", "hone-deployment", "hone-drift-monitor", "form.create-monitor "
                    + "button[type=submit]").click();
            scientist.awaitText("ACTIVE", Duration.ofSeconds(30), "hone-console", "hone-deployment",
                    "hone-drift-monitor", "section.monitor");
            // Serving writes its counts every 2 s: ask again until a check saw the rows.
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (!scientist.present("hone-console", "hone-deployment", "hone-drift-monitor",
                    ".histogram-chart[data-drawn]") && System.nanoTime() < deadline) {
                scientist.find("hone-console", "hone-deployment", "hone-drift-monitor", "button.check").click();
                Thread.sleep(2000);
            }
            scientist.awaitText("WITHIN", Duration.ofSeconds(10), "hone-console", "hone-deployment",
                    "hone-drift-monitor", "table[aria-label='Drift checks']");
            assertThat(scientist.present("hone-console", "hone-deployment", "hone-drift-monitor",
                    ".scores-chart[data-drawn]")).isTrue();
            assertThat(scientist.find("hone-console", "hone-deployment", "hone-drift-monitor", "select.column")
                    .getText()).contains("petal_length").contains("PSI");
            scientist.screenshot("console-drift-monitor");

            signIn(viewer, "viewer");
            viewer.driver.executeScript("location.hash = '#/deployments/" + deployment + "'");
            viewer.awaitText("WITHIN", Duration.ofSeconds(30), "hone-console", "hone-deployment", "hone-drift-monitor",
                    "table[aria-label='Drift checks']");
            assertThat(viewer.present("hone-console", "hone-deployment", "hone-drift-monitor", "button.check"))
                    .isFalse();

            scientist.find("hone-console", "hone-deployment", "hone-drift-monitor", "button.delete").click();
            scientist.awaitText("No drift monitor", Duration.ofSeconds(30), "hone-console", "hone-deployment",
                    "hone-drift-monitor", "p.empty");
            for (Browser b : new Browser[] {scientist, viewer}) {
                assertThat(b.errors()).as("browser log").isEmpty();
            }
        } finally {
            hone.graphql("scientist", PASSWORD, "mutation { deleteSchedule(name: \"" + schedule + "\") }", Map.of());
        }
    }

    private static long startRun(String model, int epochs, int batchSize) throws Exception {
        JsonNode started = HoneProcess.ok(hone.graphql("scientist", PASSWORD, "mutation { startRun(input: "
                + "{dataset: \"" + DATASET + "\", target: \"species\", modelName: \"" + model + "\", "
                + "training: {maxEpochs: " + epochs + ", patience: " + epochs + ", batchSize: " + batchSize
                + "}}) { id } }", Map.of()));
        return started.path("data").path("startRun").path("id").asLong();
    }

    private static void signIn(Browser browser, String user) {
        signIn(browser, user, PASSWORD);
    }

    private static void signIn(Browser browser, String user, String password) {
        browser.driver.get(hone.uri("/").toString());
        browser.find("hone-console", "input[name=username]").sendKeys(user);
        browser.find("hone-console", "input[name=password]").sendKeys(password);
        browser.find("hone-console", "button[type=submit]").click();
        browser.awaitText(user, "hone-console", ".user");
    }
}
