package dev.hone.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven by Selenium, with both binaries given explicitly (Selenium
 * Manager would otherwise try the internet) and a fresh profile. The console's pages are Lit
 * components, so {@link #find} looks through shadow roots.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    final ChromeDriver driver;
    private final Path profile;

    Browser(int width, int height) throws IOException {
        profile = Files.createTempDirectory("hone-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** The first element matching each CSS selector in turn, each inside the previous one's shadow root. */
    WebElement find(String... path) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> {
            SearchContext context = d;
            WebElement element = null;
            for (int i = 0; i < path.length; i++) {
                List<WebElement> found = context.findElements(By.cssSelector(path[i]));
                if (found.isEmpty()) {
                    return null;
                }
                element = found.get(0);
                if (i + 1 < path.length) {
                    context = element.getShadowRoot();
                }
            }
            return element;
        });
    }

    /**
     * Whether the last selector of {@code path} matches anything inside the shadow root of the
     * element the other selectors lead to (which must exist): for "this button is not offered".
     */
    boolean present(String... path) {
        SearchContext root = find(java.util.Arrays.copyOf(path, path.length - 1)).getShadowRoot();
        return !root.findElements(By.cssSelector(path[path.length - 1])).isEmpty();
    }

    /** Waits until the element at {@code path} shows {@code text}. */
    WebElement awaitText(String text, String... path) {
        return awaitText(text, Duration.ofSeconds(20), path);
    }

    WebElement awaitText(String text, Duration timeout, String... path) {
        return new WebDriverWait(driver, timeout).until(d -> {
            try {
                WebElement e = find(path);
                return e.getText().contains(text) ? e : null;
            } catch (org.openqa.selenium.StaleElementReferenceException
                    | org.openqa.selenium.TimeoutException notYet) {
                return null;
            }
        });
    }

    /** Browser log entries since the last call, at SEVERE level. */
    List<LogEntry> errors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    }

    void screenshot(String name) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
