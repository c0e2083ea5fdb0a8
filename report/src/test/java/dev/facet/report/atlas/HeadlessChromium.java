package dev.facet.report.atlas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.spi.FacetException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A headless Chromium for browser tests, driven over the Chrome DevTools Protocol with the JDK's
 * websocket client: one page target, navigation to {@code file://} URLs, script evaluation, real
 * mouse and key events, screenshots, and the page's problems (uncaught exceptions, console errors
 * and warnings, error log entries) and requested URLs collected as they happen.
 *
 * <p>Every wait is bounded (a hung browser fails the test), and {@link #close()} kills the browser
 * and its child processes and deletes the temporary profile.
 *
 * <pre>{@code
 * try (HeadlessChromium browser = HeadlessChromium.launch(HeadlessChromium.binaryForTests())) {
 *     browser.navigate(file.toUri());
 *     browser.waitUntil("document.querySelector('h1') !== null", "the heading");
 * }
 * }</pre>
 */
public final class HeadlessChromium implements AutoCloseable {

    /** Environment variable that turns a missing browser from a skip into a failure. */
    public static final String REQUIRE_ENV = "FACET_REQUIRE_BROWSER";
    /** Environment variable naming the browser binary explicitly. */
    public static final String BINARY_ENV = "FACET_CHROMIUM";

    private static final Duration STARTUP = Duration.ofSeconds(20);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final List<String> NAMES = List.of("chromium", "chromium-browser");
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 900;

    private final Process process;
    private final Path profile;
    private final Thread killer;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final CompletableFuture<URI> endpoint = new CompletableFuture<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private CdpConnection cdp;
    private String session;

    private HeadlessChromium(Process process, Path profile) {
        this.process = process;
        this.profile = profile;
        this.killer = new Thread(this::kill, "chromium-killer");
        Runtime.getRuntime().addShutdownHook(killer);
        Thread pump = new Thread(this::pumpStderr, "chromium-stderr");
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * The browser binary: {@value #BINARY_ENV} when set, else {@code /usr/bin/chromium}, else
     * {@code chromium} or {@code chromium-browser} on the {@code PATH}.
     */
    public static Optional<Path> findBinary() {
        String explicit = System.getenv(BINARY_ENV);
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(Path.of(explicit)).filter(Files::isExecutable);
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("/usr/bin/chromium"));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isBlank()) {
                NAMES.forEach(name -> candidates.add(Path.of(dir, name)));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /**
     * The binary for a test: skips the test (JUnit assumption) when there is none, or fails it
     * when {@value #REQUIRE_ENV}{@code =1}.
     */
    public static Path binaryForTests() {
        Optional<Path> binary = findBinary();
        if (binary.isEmpty()) {
            String message = "No Chromium found (looked at $" + BINARY_ENV + ", /usr/bin/chromium and "
                    + NAMES + " on the PATH); install it with `apt-get install chromium`";
            if ("1".equals(System.getenv(REQUIRE_ENV))) {
                Assertions.fail(message + ". " + REQUIRE_ENV + "=1 requires the browser tests to run.");
            }
            Assumptions.abort(message + " to run this browser test. Skipped.");
        }
        return binary.get();
    }

    /** Starts the browser, attaches to a new page target and enables the Page, Runtime, Log and Network domains. */
    public static HeadlessChromium launch(Path binary) {
        Path profile;
        Process process;
        try {
            profile = Files.createTempDirectory("facet-chromium-");
            process = new ProcessBuilder(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                    "--remote-debugging-port=0", "--user-data-dir=" + profile, "--allow-file-access-from-files",
                    "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
                    "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
                    "--disable-dev-shm-usage", "--mute-audio", "--hide-scrollbars",
                    "--window-size=" + WIDTH + "," + HEIGHT, "about:blank")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new FacetException("Cannot start " + binary + ": " + e, e);
        }
        HeadlessChromium browser = new HeadlessChromium(process, profile);
        try {
            browser.attach();
            return browser;
        } catch (RuntimeException e) {
            browser.close();
            throw e;
        }
    }

    private void attach() {
        URI ws = CdpConnection.await(endpoint, STARTUP, "the 'DevTools listening on ws://…' line of chromium; "
                + "stderr so far: " + stderrTail());
        cdp = CdpConnection.open(ws, TIMEOUT);
        cdp.addListener(this::collect);
        String target = cdp.call(null, "Target.createTarget", Map.of("url", "about:blank")).get("targetId").asText();
        session = cdp.call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
                .get("sessionId").asText();
        for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
            call(domain + ".enable", Map.of());
        }
        call("Emulation.setDeviceMetricsOverride",
                Map.of("width", WIDTH, "height", HEIGHT, "deviceScaleFactor", 1, "mobile", false));
    }

    /** Sends a command to the page and returns its result. */
    public JsonNode call(String method, Map<String, ?> params) {
        return cdp.call(session, method, params);
    }

    /** Navigates to {@code url} and waits for its load event. */
    public void navigate(URI url) {
        CompletableFuture<CdpConnection.Event> loaded = cdp.nextEvent("Page.loadEventFired", session);
        JsonNode result = call("Page.navigate", Map.of("url", url.toString()));
        if (result.hasNonNull("errorText")) {
            throw new FacetException("Cannot open " + url + ": " + result.get("errorText").asText());
        }
        CdpConnection.await(loaded, TIMEOUT, "the load event of " + url);
    }

    /**
     * Evaluates {@code expression} in the page (promises awaited) and returns its value as JSON
     * ({@code null} node for {@code undefined}).
     *
     * @throws FacetException with the page's exception when the expression throws
     */
    public JsonNode evaluate(String expression) {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true, "userGesture", true));
        if (result.has("exceptionDetails")) {
            JsonNode details = result.get("exceptionDetails");
            throw new FacetException("Evaluating `" + expression + "` threw: "
                    + details.path("exception").path("description").asText(details.path("text").asText()));
        }
        JsonNode value = result.path("result").path("value");
        return value.isMissingNode() ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : value;
    }

    /** Polls {@code condition} (a JavaScript expression) until it is {@code true}, or fails naming {@code what}. */
    public void waitUntil(String condition, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = evaluate("Boolean(" + condition + ")");
            if (last.asBoolean()) {
                return;
            }
            sleep(25);
        }
        throw new FacetException("Timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what + " (`"
                + condition + "` stayed " + last + "); page problems: " + problems);
    }

    /** Scrolls the first element matching {@code selector} into view and clicks its centre with the mouse. */
    public void click(String selector) {
        JsonNode box = evaluate("(() => { const e = document.querySelector(" + jsString(selector) + ");"
                + " if (!e) return null; e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
                + " return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()");
        if (box.isNull()) {
            throw new FacetException("No element matches " + selector + " to click");
        }
        double x = box.get("x").asDouble();
        double y = box.get("y").asDouble();
        call("Input.dispatchMouseEvent", Map.of("type", "mouseMoved", "x", x, "y", y));
        for (String type : List.of("mousePressed", "mouseReleased")) {
            call("Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y, "button", "left", "clickCount", 1));
        }
    }

    /**
     * Presses and releases a key: a DOM key name ({@code Enter}, {@code Escape}, {@code ArrowLeft}
     * … {@code ArrowDown}) or one lower-case letter.
     */
    public void press(String key) {
        Key k = Key.of(key);
        Map<String, Object> down = new LinkedHashMap<>(Map.of("type", k.text == null ? "rawKeyDown" : "keyDown",
                "key", k.key, "code", k.code, "windowsVirtualKeyCode", k.keyCode, "nativeVirtualKeyCode", k.keyCode));
        if (k.text != null) {
            down.put("text", k.text);
            down.put("unmodifiedText", k.text);
        }
        call("Input.dispatchKeyEvent", down);
        call("Input.dispatchKeyEvent", Map.of("type", "keyUp", "key", k.key, "code", k.code,
                "windowsVirtualKeyCode", k.keyCode, "nativeVirtualKeyCode", k.keyCode));
    }

    /** Types {@code text} into the focused element, as an input method would. */
    public void type(String text) {
        call("Input.insertText", Map.of("text", text));
    }

    /** Saves a PNG screenshot of the viewport to {@code file}, creating its directory. */
    public void screenshot(Path file) {
        String data = call("Page.captureScreenshot", Map.of("format", "png")).get("data").asText();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, Base64.getDecoder().decode(data));
        } catch (IOException e) {
            throw new FacetException("Cannot write the screenshot " + file + ": " + e, e);
        }
    }

    /** Uncaught exceptions, console errors and warnings and error log entries, in order. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** The browser's process and its child processes (renderers, GPU, zygote) now. */
    public List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        process.descendants().forEach(all::add);
        return all;
    }

    /** Forgets the problems collected so far. */
    public void clearProblems() {
        problems.clear();
    }

    /** Every URL the page requested. */
    public List<String> requestedUrls() {
        return List.copyOf(requests);
    }

    /** Kills the browser and its child processes and deletes the temporary profile. */
    @Override
    public void close() {
        if (cdp != null) {
            cdp.close();
        }
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to
        }
        deleteProfile();
    }

    private void collect(CdpConnection.Event event) {
        if (!java.util.Objects.equals(event.sessionId(), session)) {
            return;
        }
        JsonNode p = event.params();
        switch (event.method()) {
            case "Runtime.exceptionThrown" -> problems.add("exception: " + p.path("exceptionDetails").path("exception")
                    .path("description").asText(p.path("exceptionDetails").path("text").asText()));
            case "Runtime.consoleAPICalled" -> {
                String type = p.path("type").asText();
                if (type.equals("error") || type.equals("warning") || type.equals("assert")) {
                    List<String> args = new ArrayList<>();
                    p.path("args").forEach(a -> args.add(a.path("value").asText(a.path("description").asText())));
                    problems.add("console." + type + ": " + String.join(" ", args));
                }
            }
            case "Log.entryAdded" -> {
                JsonNode entry = p.path("entry");
                if (entry.path("level").asText().equals("error")) {
                    problems.add("log error: " + entry.path("text").asText() + " " + entry.path("url").asText());
                }
            }
            case "Network.requestWillBeSent" -> requests.add(p.path("request").path("url").asText());
            default -> {
            }
        }
    }

    private void pumpStderr() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (stderrTail) {
                    stderrTail.addLast(line);
                    if (stderrTail.size() > 40) {
                        stderrTail.removeFirst();
                    }
                }
                Matcher m = DEVTOOLS.matcher(line);
                if (m.find()) {
                    endpoint.complete(URI.create(m.group(1)));
                }
            }
        } catch (IOException e) {
            // the stream closes when the browser dies
        }
        try {
            process.waitFor(2, TimeUnit.SECONDS); // stderr closed: let the exit code settle
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        endpoint.completeExceptionally(new FacetException("chromium exited (" + exitCode()
                + ") before printing its DevTools URL; stderr: " + stderrTail()));
    }

    private String exitCode() {
        return process.isAlive() ? "still running" : "exit code " + process.exitValue();
    }

    private String stderrTail() {
        synchronized (stderrTail) {
            return String.join("\n", stderrTail);
        }
    }

    private void kill() {
        List<ProcessHandle> family = process.descendants().toList();
        process.destroyForcibly();
        family.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            for (ProcessHandle child : family) {
                child.onExit().get(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // best effort: the process was sent SIGKILL
        }
    }

    private void deleteProfile() {
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; the OS cleans it eventually
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FacetException("Interrupted while waiting for the page", e);
        }
    }

    private static String jsString(String s) {
        try {
            return new ObjectMapper().writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new FacetException("Cannot quote " + s, e);
        }
    }

    /** The DevTools description of a key. */
    private record Key(String key, String code, int keyCode, String text) {
        private static final Map<String, Key> NAMED = Map.of(
                "Enter", new Key("Enter", "Enter", 13, "\r"),
                "Escape", new Key("Escape", "Escape", 27, null),
                "ArrowLeft", new Key("ArrowLeft", "ArrowLeft", 37, null),
                "ArrowUp", new Key("ArrowUp", "ArrowUp", 38, null),
                "ArrowRight", new Key("ArrowRight", "ArrowRight", 39, null),
                "ArrowDown", new Key("ArrowDown", "ArrowDown", 40, null),
                "Tab", new Key("Tab", "Tab", 9, null));

        static Key of(String key) {
            Key named = NAMED.get(key);
            if (named != null) {
                return named;
            }
            if (key.length() == 1 && key.charAt(0) >= 'a' && key.charAt(0) <= 'z') {
                char upper = Character.toUpperCase(key.charAt(0));
                return new Key(key, "Key" + upper, upper, key);
            }
            throw new FacetException("Unsupported key '" + key + "'; use a lower-case letter or one of "
                    + new java.util.TreeSet<>(NAMED.keySet()));
        }
    }
}
