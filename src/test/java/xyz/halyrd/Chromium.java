package xyz.halyrd;

import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The one way the browser tests start a browser and wait on a page: Debian's headless Chromium through its own
 * chromedriver (both installed by {@code .ci/run}; Selenium Manager must not download anything).
 */
final class Chromium {

    static final Duration UI_WAIT = Duration.ofSeconds(30);

    private Chromium() {
    }

    /** A headless Chromium whose console is readable, with any arguments a test adds (host rules, features). */
    static ChromeDriver start(String... arguments) {
        System.setProperty("webdriver.chrome.driver", System.getProperty("chromedriver", "/usr/bin/chromedriver"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("chromium", "/usr/bin/chromium"));
        options.addArguments(Stream.concat(Stream.of("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--window-size=1280,800", "--hide-scrollbars", "--no-first-run",
                "--disable-extensions", "--disable-background-networking", "--disable-component-update",
                "--lang=en-US"), Stream.of(arguments)).toList());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("webdriver.chrome.driver")).toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(UI_WAIT);
        return driver;
    }

    /**
     * Waits on the page as a user would look again: an element the page re-rendered while it was being read (the
     * panels redraw on every stream event) is looked up afresh rather than failing the test.
     */
    static FluentWait<WebDriver> waitUpTo(WebDriver browser, Duration timeout) {
        return new WebDriverWait(browser, timeout).ignoring(StaleElementReferenceException.class);
    }

    static FluentWait<WebDriver> waitOn(WebDriver browser) {
        return waitUpTo(browser, UI_WAIT);
    }
}
