package dev.hone.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
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
        keycloak.allowConsoleAt(origin);
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

            b.find("hone-console", "header button").click();
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
            var overview = b.find("hone-console", "hone-overview").getShadowRoot();
            assertThat(overview.findElements(By.cssSelector("a[href='#/runs/new']"))).isEmpty();
            assertThat(b.find("hone-console").getShadowRoot().findElements(By.cssSelector("nav a[href='#/audit']")))
                    .isEmpty();
            b.screenshot("console-keycloak-viewer-768");
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
