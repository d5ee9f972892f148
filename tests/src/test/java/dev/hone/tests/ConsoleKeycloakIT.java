package dev.hone.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console with Keycloak identity, in a real browser against a real Keycloak: sign-in through
 * Keycloak's own page with the authorization-code flow and PKCE, the API called with the access
 * token, only the role's actions shown, and sign-out ending the Keycloak session too.
 */
class ConsoleKeycloakIT {

    private static final int TOKEN_SECONDS = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workDir;
    static KeycloakServer keycloak;
    static HoneProcess hone;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Browser.available(), "Browser tests need /usr/bin/chromium and /usr/bin/chromedriver "
                + "(apt-get install -y chromium chromium-driver)");
        keycloak = KeycloakServer.shared();
        hone = new HoneProcess(workDir, "-Dhone.security.identity=keycloak",
                "-Dquarkus.oidc.auth-server-url=" + keycloak.issuer());
        hone.start();
        String origin = hone.uri("/").toString().replaceAll("/$", "");
        // Short-lived access tokens: the console must refresh them (30 s before they expire) to keep working.
        keycloak.allowConsoleAt(origin, TOKEN_SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (hone != null) {
            hone.stop();
        }
    }

    @Test
    void signInGoesThroughKeycloakWithPkceAndSignOutEndsTheKeycloakSession() throws Exception {
        try (Browser b = new Browser(1280, 900)) {
            b.driver.get(hone.uri("/#/runs").toString());
            signInThroughKeycloak(b, "scientist");
            b.awaitText("data-scientist", "hone-console", ".roles");
            // Back on the page the sign-in started from, with the API answering to the token.
            assertThat(String.valueOf(b.driver.executeScript("return location.hash"))).isEqualTo("#/runs");
            assertThat(String.valueOf(b.driver.executeScript("return location.search"))).as("code removed").isEmpty();
            b.find("hone-console", "hone-runs", "a[href='#/runs/new']");
            assertThat(String.valueOf(b.driver.executeScript("return sessionStorage.getItem('hone.authorization')")))
                    .startsWith("Bearer ");
            b.screenshot("console-keycloak-signed-in");

            b.driver.executeScript("window.beforeSignOut = true");
            b.find("hone-console", "header button").click();
            // The page goes to Keycloak's logout and comes back as a new page.
            new WebDriverWait(b.driver, Duration.ofSeconds(30)).ignoring(org.openqa.selenium.WebDriverException.class)
                    .until(d -> b.driver.executeScript("return window.beforeSignOut") == null);
            b.find("hone-console", "form[aria-label='Sign in'] button");
            assertThat(b.driver.executeScript("return sessionStorage.getItem('hone.authorization')")).isNull();
            // The Keycloak session ended too: signing in again asks for the password again.
            b.find("hone-console", "form[aria-label='Sign in'] button").click();
            new WebDriverWait(b.driver, Duration.ofSeconds(30)).until(d -> !d.findElements(By.id("username")).isEmpty());
            assertThat(b.errors()).as("browser log").isEmpty();
        }
    }

    @Test
    void aViewerSignedInThroughKeycloakSeesNoActionsOfOtherRoles() throws Exception {
        try (Browser b = new Browser(768, 900)) {
            b.driver.get(hone.uri("/").toString());
            signInThroughKeycloak(b, "viewer");
            b.awaitText("viewer", "hone-console", ".roles");
            b.find("hone-console", "hone-overview", "h2");
            assertThat(b.present("hone-console", "hone-overview", "a[href='#/runs/new']")).isFalse();
            assertThat(b.present("hone-console", "nav a[href='#/audit']")).isFalse();
            b.screenshot("console-keycloak-viewer-768");
            assertThat(b.errors()).as("browser log").isEmpty();
        }
    }

    @Test
    void liveUpdatesOutliveTheAccessTokenTheyStartedWith() throws Exception {
        String token = keycloak.token("scientist", "scientist-password");
        byte[] iris = Files.readAllBytes(Path.of("../api/src/test/resources/datasets/iris.csv"));
        assertThat(hone.post("/api/datasets/iris-keycloak", "Bearer " + token, "text/csv", iris).statusCode())
                .isEqualTo(201);
        // A run that trains until it is cancelled (10,000 epochs of one-row batches, the default limit, take
        // many minutes on iris).
        JsonNode started = JSON.readTree(hone.graphqlWith("Bearer " + token, "mutation { startRun(input: {dataset: "
                + "\"iris-keycloak\", target: \"species\", training: {maxEpochs: 10000, patience: 10000, batchSize: 1}}) "
                + "{ id } }", Map.of()).body());
        long run = started.path("data").path("startRun").path("id").asLong();
        assertThat(run).as(started.toString()).isPositive();
        try (Browser b = new Browser(1280, 900)) {
            b.driver.get(hone.uri("/#/runs/" + run).toString());
            signInThroughKeycloak(b, "scientist");
            long signedIn = System.nanoTime();
            Object first = b.driver.executeScript("return sessionStorage.getItem('hone.authorization')");
            b.awaitText("TRAIN: RUNNING", Duration.ofMinutes(1), "hone-console", "hone-run", "ol");

            // Hone closes a subscription's socket when the token it was opened with expires; the page opens
            // it again with a refreshed token, so the epochs keep coming in.
            long expired = signedIn + Duration.ofSeconds(TOKEN_SECONDS + 3).toNanos();
            Thread.sleep(Math.max(0, (expired - System.nanoTime()) / 1_000_000));
            String before = b.find("hone-console", "hone-run", "ol").getText();
            b.screenshot("console-keycloak-token-expired");
            try {
                new WebDriverWait(b.driver, Duration.ofSeconds(30)).until(d ->
                        !b.find("hone-console", "hone-run", "ol").getText().equals(before));
            } catch (RuntimeException e) {
                throw new AssertionError("Page: " + b.driver.executeScript(
                        "return document.querySelector('hone-console').shadowRoot.querySelector('hone-run').shadowRoot.textContent")
                        + "\nlog: " + b.driver.manage().logs().get("browser").getAll(), e);
            }
            assertThat(b.present("hone-console", "hone-run", "[role=alert]")).as("no error shown").isFalse();

            // Calls use a refreshed token too.
            b.find("hone-console", "hone-run", "button.cancel").click();
            b.awaitText("CANCELLED", Duration.ofMinutes(1), "hone-console", "hone-run", "h2 .status");
            Object second = b.driver.executeScript("return sessionStorage.getItem('hone.authorization')");
            assertThat(second).as("a new access token").isNotEqualTo(first);
            assertThat(String.valueOf(second)).startsWith("Bearer ");
            assertThat(b.errors()).as("browser log").isEmpty();
        }
    }

    private static void signInThroughKeycloak(Browser b, String user) {
        b.find("hone-console", "form[aria-label='Sign in'] button").click();
        new WebDriverWait(b.driver, Duration.ofSeconds(30)).until(d -> !d.findElements(By.id("username")).isEmpty());
        assertThat(b.driver.getCurrentUrl()).startsWith(keycloak.issuer()).contains("code_challenge_method=S256");
        b.driver.findElement(By.id("username")).sendKeys(user);
        b.driver.findElement(By.id("password")).sendKeys(user + "-password");
        b.driver.findElement(By.id("kc-login")).click();
        b.awaitText(user, Duration.ofSeconds(30), "hone-console", ".user");
    }
}
