package dev.facet.report.atlas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.facet.spi.FacetException;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.devtools.CdpVersionFinder;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium for browser tests, driven by Selenium through the system's ChromeDriver:
 * navigation to {@code file://} URLs, script evaluation, real mouse clicks and key presses,
 * screenshots, and the page's problems (uncaught exceptions, console errors and warnings, failed
 * loads) and requested URLs, read from ChromeDriver's browser and performance logs.
 *
 * <p>Both the browser and the driver are given by path, so Selenium Manager never runs and nothing
 * is downloaded. Every wait is bounded, and {@link #close()} quits the browser and stops the driver.
 *
 * <pre>{@code
 * try (ChromiumBrowser browser = ChromiumBrowser.launchForTests()) {
 *     browser.navigate(file.toUri());
 *     browser.waitUntil("document.querySelector('h1') !== null", "the heading");
 * }
 * }</pre>
 */
public final class ChromiumBrowser implements AutoCloseable {

    /** Environment variable that turns a missing browser or driver from a skip into a failure. */
    public static final String REQUIRE_ENV = "FACET_REQUIRE_BROWSER";
    /** Environment variable naming the browser binary explicitly. */
    public static final String BINARY_ENV = "FACET_CHROMIUM";
    /** Environment variable naming the ChromeDriver binary explicitly. */
    public static final String DRIVER_ENV = "FACET_CHROMEDRIVER";

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 900;
    private static final List<String> BINARY_NAMES = List.of("chromium", "chromium-browser");
    private static final List<String> DRIVER_NAMES = List.of("chromedriver");
    private static final ObjectMapper JSON = new ObjectMapper();
    /*
     * ChromeDriver looks for Selenium's CDP bindings of the browser's exact version and warns when
     * none is on the class path. This class sends WebDriver and ChromeDriver commands only, so none
     * is needed; the logger is held here because java.util.logging keeps loggers weakly.
     */
    private static final Logger CDP_VERSION_LOG = Logger.getLogger(CdpVersionFinder.class.getName());

    static {
        CDP_VERSION_LOG.setLevel(Level.SEVERE);
    }

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final List<String> problems = new ArrayList<>();
    private final List<String> requests = new ArrayList<>();

    private ChromiumBrowser(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /** The browser binary: {@value #BINARY_ENV}, else {@code /usr/bin/chromium}, else one on the {@code PATH}. */
    public static Optional<Path> findBinary() {
        return find(BINARY_ENV, BINARY_NAMES);
    }

    /** The driver binary: {@value #DRIVER_ENV}, else {@code /usr/bin/chromedriver}, else one on the {@code PATH}. */
    public static Optional<Path> findDriver() {
        return find(DRIVER_ENV, DRIVER_NAMES);
    }

    /**
     * Starts the browser for a test: skips the test (JUnit assumption) when the browser or its
     * driver is not installed, or fails it when {@value #REQUIRE_ENV}{@code =1}.
     */
    public static ChromiumBrowser launchForTests() {
        Optional<Path> binary = findBinary();
        Optional<Path> driver = findDriver();
        if (binary.isEmpty() || driver.isEmpty()) {
            String message = (binary.isEmpty() ? "No Chromium found (looked at $" + BINARY_ENV
                    + ", /usr/bin/chromium and " + BINARY_NAMES + " on the PATH)" : "")
                    + (binary.isEmpty() && driver.isEmpty() ? "; " : "")
                    + (driver.isEmpty() ? "No ChromeDriver found (looked at $" + DRIVER_ENV
                    + ", /usr/bin/chromedriver and " + DRIVER_NAMES + " on the PATH)" : "")
                    + "; install them with `apt-get install chromium chromium-driver`";
            if ("1".equals(System.getenv(REQUIRE_ENV))) {
                Assertions.fail(message + ". " + REQUIRE_ENV + "=1 requires the browser tests to run.");
            }
            Assumptions.abort(message + " to run this browser test. Skipped.");
        }
        return launch(binary.get(), driver.get());
    }

    /** Starts {@code binary} headless with a 1280 × 900 viewport through the ChromeDriver {@code driver}. */
    public static ChromiumBrowser launch(Path binary, Path driver) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--allow-file-access-from-files", "--disable-extensions", "--disable-component-update",
                "--mute-audio", "--hide-scrollbars", "--window-size=" + WIDTH + "," + HEIGHT);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        options.setExperimentalOption("perfLoggingPrefs", Map.of("enableNetwork", true, "enablePage", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.toFile())
                .usingAnyFreePort()
                .build();
        try {
            ChromeDriver chrome = new ChromeDriver(service, options);
            chrome.manage().timeouts().pageLoadTimeout(TIMEOUT).scriptTimeout(TIMEOUT);
            // the window's size includes what headless Chromium keeps for its (invisible) toolbars
            chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", WIDTH, "height", HEIGHT, "deviceScaleFactor", 1, "mobile", false));
            return new ChromiumBrowser(service, chrome);
        } catch (WebDriverException e) {
            service.stop();
            throw new FacetException("Cannot start " + binary + " through " + driver + ": " + e.getMessage(), e);
        }
    }

    /** The Selenium session, for what this class does not wrap. */
    public ChromeDriver driver() {
        return driver;
    }

    /** Navigates to {@code url} and waits for its load event. */
    public void navigate(URI url) {
        driver.get(url.toString());
    }

    /**
     * Evaluates {@code expression} in the page (a returned promise is awaited) and returns its value
     * as JSON ({@code null} node for {@code undefined}).
     *
     * @throws FacetException with the page's exception when the expression throws
     */
    public JsonNode evaluate(String expression) {
        Object value;
        try {
            value = driver.executeScript("return (" + expression + ");");
        } catch (JavascriptException e) {
            throw new FacetException("Evaluating `" + expression + "` threw: " + e.getRawMessage(), e);
        }
        return value == null ? NullNode.getInstance() : JSON.valueToTree(value);
    }

    /** Polls {@code condition} (a JavaScript expression) until it is {@code true}, or fails naming {@code what}. */
    public void waitUntil(String condition, String what) {
        try {
            new WebDriverWait(driver, TIMEOUT, Duration.ofMillis(25))
                    .until(d -> evaluate("Boolean(" + condition + ")").asBoolean());
        } catch (TimeoutException e) {
            throw new FacetException("Timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what + " (`"
                    + condition + "` stayed false); page problems: " + problems(), e);
        }
    }

    /** Clicks the centre of the first element matching {@code selector} with the mouse, scrolling it into view. */
    public void click(String selector) {
        try {
            driver.findElement(By.cssSelector(selector)).click();
        } catch (NoSuchElementException e) {
            throw new FacetException("No element matches " + selector + " to click", e);
        }
    }

    /**
     * Presses and releases a key on the focused element: a DOM key name ({@code Enter},
     * {@code Escape}, {@code Tab}, {@code ArrowLeft} … {@code ArrowDown}) or one lower-case letter.
     */
    public void press(String key) {
        CharSequence keys = switch (key) {
            case "Enter" -> Keys.ENTER;
            case "Escape" -> Keys.ESCAPE;
            case "Tab" -> Keys.TAB;
            case "ArrowLeft" -> Keys.ARROW_LEFT;
            case "ArrowUp" -> Keys.ARROW_UP;
            case "ArrowRight" -> Keys.ARROW_RIGHT;
            case "ArrowDown" -> Keys.ARROW_DOWN;
            default -> {
                if (key.length() == 1 && key.charAt(0) >= 'a' && key.charAt(0) <= 'z') {
                    yield key;
                }
                throw new FacetException("Unsupported key '" + key
                        + "'; use a lower-case letter, Enter, Escape, Tab or an arrow key");
            }
        };
        new Actions(driver).sendKeys(keys).perform();
    }

    /** Types {@code text} into the focused element, one key at a time. */
    public void type(String text) {
        new Actions(driver).sendKeys(text).perform();
    }

    /** Saves a PNG screenshot of the viewport to {@code file}, creating its directory. */
    public void screenshot(Path file) {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, png);
        } catch (IOException e) {
            throw new FacetException("Cannot write the screenshot " + file + ": " + e, e);
        }
    }

    /** Uncaught exceptions, console errors and warnings and failed loads since the last {@link #clearProblems()}. */
    public List<String> problems() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.WARNING.intValue()) {
                problems.add(entry.getLevel() + ": " + entry.getMessage());
            }
        }
        return List.copyOf(problems);
    }

    /** Forgets the problems collected so far. */
    public void clearProblems() {
        problems();
        problems.clear();
    }

    /** Every URL the page requested so far. */
    public List<String> requestedUrls() {
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message;
            try {
                message = JSON.readTree(entry.getMessage()).path("message");
            } catch (IOException e) {
                throw new FacetException("Unreadable ChromeDriver performance log entry: " + entry.getMessage(), e);
            }
            if (message.path("method").asText().equals("Network.requestWillBeSent")) {
                requests.add(message.path("params").path("request").path("url").asText());
            }
        }
        return List.copyOf(requests);
    }

    /** Quits the browser (ChromeDriver deletes its temporary profile) and stops the driver. */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }

    private static Optional<Path> find(String env, List<String> names) {
        String explicit = System.getenv(env);
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(Path.of(explicit)).filter(Files::isExecutable);
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("/usr/bin", names.get(0)));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                names.forEach(name -> candidates.add(Path.of(dir, name)));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }
}
