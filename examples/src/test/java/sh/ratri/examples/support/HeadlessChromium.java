package sh.ratri.examples.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium driven through {@code /usr/bin/chromedriver}, headless, with a fresh profile.
 * Both paths are given to Selenium, so Selenium Manager is never asked to find (or download) a
 * browser or driver, and Chromium's background networking is off: the tests stay offline.
 *
 * <p>Without Chromium the browser tests are skipped with the reason, except under {@code CI=true},
 * where a missing browser fails the run ({@code .ci/run} installs it).
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;

    private HeadlessChromium(ChromeDriver driver) {
        this.driver = driver;
    }

    public static HeadlessChromium start(Path profile) throws IOException {
        String missing = !Files.isExecutable(CHROMIUM) ? CHROMIUM.toString()
                : !Files.isExecutable(CHROMEDRIVER) ? CHROMEDRIVER.toString() : null;
        if (missing != null) {
            String reason = "browser tests need " + missing + " (apt-get install -y chromium chromium-driver)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true and " + reason);
            }
            Assumptions.abort("skipped: " + reason);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--disable-default-apps", "--disable-extensions", "--hide-scrollbars", "--window-size=1600,1000",
                "--user-data-dir=" + Files.createDirectories(profile));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(30));
        return new HeadlessChromium(driver);
    }

    public ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
