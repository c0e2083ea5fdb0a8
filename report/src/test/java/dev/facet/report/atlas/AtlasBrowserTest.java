package dev.facet.report.atlas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a written atlas of 10,000 synthetic concepts in headless Chromium from {@code file://}
 * and drives it like a user: paging, sorting, filtering, opening concepts, keys, Back. Skipped
 * when Chromium or ChromeDriver is not installed (failed instead under {@code FACET_REQUIRE_BROWSER=1}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class AtlasBrowserTest {

    private static final int CONCEPTS = 10_000;
    private static final String CLASS_NAME = "Trouser <b>wide</b>";
    private static final int PAGE_SIZE = 120;
    private static final Path SCREENSHOTS = Path.of("target", "atlas-browser");
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private URI index;
    private ChromiumBrowser browser;

    @BeforeAll
    void writeAtlas(@TempDir Path dir) {
        Atlas atlas = SyntheticAtlas.create(dir, CONCEPTS);
        int strongest = SyntheticAtlas.strongest(CONCEPTS);
        List<AtlasClass> classes = List.of(
                new AtlasClass(0, CLASS_NAME, 12, "sobol", List.of(new AtlasClass.Importance(strongest, 0.6, 0.6),
                        new AtlasClass.Importance(1, 0.3, 0.3), new AtlasClass.Importance(SyntheticAtlas.NO_PICTURE_OFFSET,
                                -0.1, -0.1))),
                new AtlasClass(3, "Bag", 5, "sobol", List.of(new AtlasClass.Importance(1, 0.2, 1.0))));
        index = AtlasWriter.write(new Atlas(atlas.overview(), atlas.concepts(), classes), dir).toUri();
    }

    /** Starts the browser for the first test; skips (or fails) each test when there is none. */
    @BeforeEach
    void startBrowser() {
        if (browser == null) {
            browser = ChromiumBrowser.launchForTests();
        }
        browser.clearProblems();
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void noProblemsAndNoNetwork() {
        if (browser == null) {
            return; // skipped: no browser
        }
        assertEquals("[]", browser.problems().toString(), "console errors, warnings or exceptions on the page");
        List<String> requested = browser.requestedUrls();
        String page = index.toString();
        assertTrue(requested.stream().anyMatch(url -> url.startsWith(page)), "the atlas's own load is seen: " + requested);
        for (String url : requested) {
            assertTrue(url.startsWith("file:") || url.startsWith("data:") || url.startsWith("about:"),
                    "the atlas requested a non-local URL: " + url);
        }
    }

    @Test
    void gridShowsOnePageOfTilesWithLoadedThumbnails() throws IOException {
        open("");

        assertEquals(PAGE_SIZE, count("#grid .tile"), "only one page of tiles is in the DOM");
        assertEquals("Page 1 of 84", text("#page-info"));
        assertEquals("10,000 concepts", text("#count"));
        browser.evaluate("document.getElementById('grid').scrollIntoView()");
        browser.waitUntil("(() => { const visible = [...document.querySelectorAll('#grid img.thumb')].filter(i => {"
                + " const r = i.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; });"
                + " return visible.length >= 6 && visible.every(i => i.complete && i.naturalWidth > 0); })()",
                "the visible thumbnails to load");
        assertEquals("lazy", attr("#grid img.thumb", "loading"));
        String noPicture = "#grid .tile[data-id='" + SyntheticAtlas.NO_PICTURE_OFFSET + "']";
        assertEquals(1, count(noPicture + " .placeholder"), "a concept without pictures shows a placeholder");
        assertEquals(0, count(noPicture + " img"));
        assertEquals(1, count("#grid .tile.dead[data-id='" + SyntheticAtlas.DEAD_OFFSET + "']"));
        assertEquals("Training curves", attr("#overview .chart img", "alt"));
        assertTrue(browser.evaluate("document.querySelector('#overview .chart img').naturalWidth > 0").asBoolean());
        browser.evaluate("document.getElementById('concepts').scrollIntoView()");
        screenshot("grid.png");
    }

    @Test
    void sortsByEnergyDescending() {
        open("");

        select("#sort", "energy");
        browser.click("#sort-dir");
        assertEquals("↓ descending", text("#sort-dir"));
        assertEquals(SyntheticAtlas.strongest(CONCEPTS), firstTileId(), "highest energy first");
        JsonNode energies = browser.evaluate("[...document.querySelectorAll('#grid .tile')]"
                + ".map(t => window.FACET_ATLAS.concepts[Number(t.dataset.id)].energy)");
        for (int i = 1; i < energies.size(); i++) {
            assertTrue(energies.get(i - 1).asDouble() >= energies.get(i).asDouble(), "energy order at " + i);
        }
        int second = browser.evaluate("Number(document.querySelectorAll('#grid .tile')[1].dataset.id)").asInt();
        browser.click("#grid .tile");
        waitForHash("#concept-" + SyntheticAtlas.strongest(CONCEPTS));
        assertEquals("1 of 10,000 in the current order", text("#concept-position"));
        browser.press("n");
        waitForHash("#concept-" + second);
        browser.click("#concept-back");
        waitForHash("");

        browser.click("#sort-dir");
        assertEquals("↑ ascending", text("#sort-dir"));
        assertEquals(browser.evaluate("Math.min(...window.FACET_ATLAS.concepts.map(c => c.energy))").asDouble(),
                browser.evaluate("window.FACET_ATLAS.concepts[" + firstTileId() + "].energy").asDouble(),
                "energy ascending: the weakest concept first");
    }

    @Test
    void filtersByNameIdDeadAndFrequency() {
        open("");

        browser.click("#filter");
        browser.type("ZEBRA-cross");
        assertEquals(1, count("#grid .tile"));
        assertEquals(SyntheticAtlas.RARE_CONCEPT, firstTileId());
        assertEquals("1 of 10,000 concepts", text("#count"));

        setInput("#filter", "#42");
        assertEquals(1, count("#grid .tile"));
        assertEquals(42, firstTileId());

        setInput("#filter", "");
        browser.click("#hide-dead");
        assertEquals("9,800 of 10,000 concepts", text("#count"));
        assertEquals(0, count("#grid .tile.dead"));

        setInput("#min-freq", "0.15");
        JsonNode low = browser.evaluate("[...document.querySelectorAll('#grid .tile')]"
                + ".filter(t => window.FACET_ATLAS.concepts[Number(t.dataset.id)].frequency < 0.15).length");
        assertEquals(0, low.asInt());
        assertTrue(count("#grid .tile") > 0);

        setInput("#filter", "no-such-image-name");
        assertEquals(0, count("#grid .tile"));
        assertTrue(visible("#grid-empty"));
    }

    @Test
    void visualizerPicturesAppearAfterTheBuiltInOnesWithTheirCaption() {
        int id = 2 * PAGE_SIZE + 3;
        open("#concept-" + id);
        waitForHash("#concept-" + id);
        browser.waitUntil("(() => { const imgs = [...document.querySelectorAll('#concept-body .pictures img')];"
                + " return imgs.length === 5 && imgs.every(i => i.complete && i.naturalWidth > 0); })()",
                "the concept's four pictures and its visualizer picture to load");
        assertEquals("mean of top images",
                text("#concept-body .pictures figure:last-child figcaption"));
    }

    @Test
    void aFeatureVisualizationStandsBesideTheTopImagesAndOtherPluginPicturesStayLast() throws IOException {
        int id = 31;   // a feature visualization only
        int both = 6;  // a feature visualization and a plain plugin picture
        assertTrue(SyntheticAtlas.withFeatureVisualization(id) && SyntheticAtlas.withFeatureVisualization(both));
        for (int concept : new int[] {id, both}) {
            open("#concept-" + concept);
            waitForHash("#concept-" + concept);
            browser.waitUntil("(() => { const imgs = [...document.querySelectorAll('#concept-body .lead img')];"
                    + " return imgs.length === 4 && imgs.every(i => i.complete && i.naturalWidth > 0); })()",
                    "the top grid and the feature visualization's three pictures to load");
            assertEquals("Feature visualization (" + SyntheticAtlas.FEATURE_CAPTION + ")",
                    text("#concept-body .lead figure.feature-visualization > figcaption"));
            assertEquals("[\"feature-image\",\"feature-transparency\",\"feature-product\"]",
                    browser.evaluate("[...document.querySelectorAll('#concept-body .feature-cell')]"
                            + ".map(c => c.dataset.kind)").toString(), "image, transparency, product in order");
            assertTrue(browser.evaluate("(() => { const top = document.querySelector('#concept-body .lead > figure')"
                    + ".getBoundingClientRect(); const fv = document.querySelector('#concept-body .feature-visualization')"
                    + ".getBoundingClientRect(); return fv.left >= top.right && fv.top < top.bottom; })()").asBoolean(),
                    "the feature visualization is to the right of the top images, in their row");
            assertEquals("Top images", text("#concept-body .lead > figure:first-child > figcaption"));
        }
        assertEquals("mean of top images", text("#concept-body .pictures > figure:last-child figcaption"),
                "a plain plugin picture stays after the built-in ones");
        assertEquals(0, count("#concept-body .pictures > figure .feature"), "no feature picture outside the lead row");
        screenshot("concept-feature-visualization.png");
    }

    @Test
    void opensAConceptStepsThroughTheOrderAndBackKeepsThePage() throws IOException {
        open("");
        browser.click("#next-page");
        browser.click("#next-page");
        assertEquals("Page 3 of 84", text("#page-info"));
        int id = 2 * PAGE_SIZE + 4;

        browser.click("#grid .tile[data-id='" + id + "']");
        waitForHash("#concept-" + id);
        assertTrue(visible("#concept-view") && !visible("#grid-view"));
        assertEquals("Concept " + id, text("#concept-title"));
        browser.waitUntil("(() => { const imgs = [...document.querySelectorAll('#concept-body .pictures img')];"
                + " return imgs.length === 4 && imgs.every(i => i.complete && i.naturalWidth > 0); })()",
                "the concept's four pictures to load");
        assertEquals(3, count("#concept-body .top-images tbody tr"));
        assertEquals(2, count("#concept-body .nearest a"));
        screenshot("concept.png");

        browser.press("n");
        waitForHash("#concept-" + (id + 1));
        assertEquals("Concept " + (id + 1), text("#concept-title"));
        browser.press("ArrowLeft");
        waitForHash("#concept-" + id);
        browser.press("ArrowRight");
        waitForHash("#concept-" + (id + 1));

        browser.evaluate("history.back()");
        waitForHash("");
        assertTrue(visible("#grid-view") && !visible("#concept-view"));
        assertEquals("Page 3 of 84", text("#page-info"));
        assertEquals(2 * PAGE_SIZE, firstTileId());
        assertEquals(String.valueOf(id + 1), browser.evaluate("document.activeElement.dataset.id").asText(),
                "the last viewed concept's tile has focus");
    }

    @Test
    void keyboardMovesAcrossTilesOpensAndEscapes() {
        open("");

        browser.press("j");
        assertEquals("0", activeTile());
        browser.press("ArrowRight");
        assertEquals("1", activeTile());
        int columns = browser.evaluate("(() => { const t = [...document.querySelectorAll('#grid .tile')];"
                + " return t.filter(x => x.getBoundingClientRect().top === t[0].getBoundingClientRect().top).length;"
                + " })()").asInt();
        assertTrue(columns > 1, "several columns at 1280 px");
        browser.press("ArrowDown");
        assertEquals(String.valueOf(1 + columns), activeTile());
        browser.press("k");
        assertEquals(String.valueOf(columns), activeTile());
        assertTrue(browser.evaluate("getComputedStyle(document.activeElement).outlineStyle !== 'none'").asBoolean(),
                "a focused tile shows a focus outline");

        browser.click("#next-page");
        browser.press("j");
        assertEquals(String.valueOf(PAGE_SIZE), activeTile(), "j focuses the first tile of the page");
        browser.press("ArrowLeft");
        assertEquals("Page 1 of 84", text("#page-info"), "moving before the first tile turns the page back");
        assertEquals(String.valueOf(PAGE_SIZE - 1), activeTile());
        browser.press("ArrowRight");
        assertEquals("Page 2 of 84", text("#page-info"));
        browser.click("#prev-page");
        browser.press("j");
        for (int i = 0; i < columns; i++) {
            browser.press("j");
        }
        assertEquals(String.valueOf(columns), activeTile());

        browser.press("Enter");
        waitForHash("#concept-" + columns);
        browser.press("Escape");
        waitForHash("");
        assertTrue(visible("#grid-view"));
        assertEquals(String.valueOf(columns), activeTile());
    }

    @Test
    void showsMarkupFromTheModelAsText() {
        open("#concept-" + SyntheticAtlas.HOSTILE_CONCEPT);

        assertTrue(visible("#concept-view"));
        assertEquals(SyntheticAtlas.HOSTILE_NAME, text("#concept-body .top-images td.name"));
        assertTrue(browser.evaluate("window.__pwned === undefined").asBoolean(), "no injected script ran");
        assertEquals(2, count("script"), "only the page's own scripts");
        assertEquals(SyntheticAtlas.MODEL, browser.evaluate("[...document.querySelectorAll('.metrics div')]"
                + ".find(d => d.querySelector('dt').textContent === 'model').querySelector('dd').textContent")
                .asText());

        browser.click("#concept-body .nearest a");
        waitForHash("#concept-" + (SyntheticAtlas.HOSTILE_CONCEPT + 1));
        browser.press("Escape");
        waitForHash("");
        assertTrue(visible("#grid-view"));
    }

    @Test
    void conceptWithoutPicturesShowsPlaceholders() {
        open("#concept-" + SyntheticAtlas.DEAD_OFFSET);

        assertEquals(4, count("#concept-body .pictures .placeholder"));
        assertEquals(0, count("#concept-body img"));
        assertEquals("No top images.", text("#concept-body .columns p"));
    }

    @Test
    void aClassPageRanksItsConceptsWithBarsAndTilesLinkingToTheirConcepts() throws IOException {
        open("");
        assertEquals(2, count(".class-links a"));
        assertEquals(CLASS_NAME, text(".class-links a"), "the class name is shown as text");
        browser.click(".class-links a");
        browser.waitUntil("document.readyState === 'complete' && location.pathname.endsWith('/class-0.html')",
                "the class page to load");
        assertEquals("Concepts that drive " + CLASS_NAME, text("h1"));
        assertEquals(3, count(".class-concept"));
        assertEquals(3, count(".class-concept .bar"));
        assertEquals(100.0, barWidth(0), 1.0, "the most important concept's bar is full");
        assertEquals(50.0, barWidth(1), 1.0, "half its importance, half its length");
        assertEquals(1, count(".class-concept .bar.negative"), "a negative importance is drawn apart");
        assertEquals("index.html#concept-" + SyntheticAtlas.strongest(CONCEPTS), attr(".class-tile", "href"));
        browser.waitUntil("(() => { const i = document.querySelector('.class-tile img.thumb');"
                + " return !!i && i.complete && i.naturalWidth > 0; })()", "the first tile's thumbnail to load");
        assertEquals(1, count(".class-concept .placeholder"), "a concept without pictures shows a placeholder");
        screenshot("class.png");
        browser.click(".class-tile");
        browser.waitUntil("document.documentElement.dataset.atlasReady === 'true' && location.hash === '#concept-"
                + SyntheticAtlas.strongest(CONCEPTS) + "'", "the concept to open from the class page");
        assertEquals(1, count("#concept-body .concept-classes li"), "the concept lists the class it drives");
        assertEquals("class-0.html", attr("#concept-body .concept-classes a", "href"));
    }

    private double barWidth(int index) {
        return browser.evaluate("(() => { const b = document.querySelectorAll('.class-concept .bar')[" + index + "];"
                + " return 100 * b.getBoundingClientRect().width / b.parentElement.getBoundingClientRect().width; })()")
                .asDouble();
    }

    private void open(String hash) {
        browser.navigate(URI.create("about:blank"));
        browser.navigate(URI.create(index + hash));
        browser.waitUntil("document.documentElement.dataset.atlasReady === 'true'", "the atlas script to start");
    }

    private void waitForHash(String hash) {
        browser.waitUntil("location.hash === '" + hash + "'", "location.hash to become '" + hash + "'");
    }

    private int count(String selector) {
        return browser.evaluate("document.querySelectorAll(\"" + selector + "\").length").asInt();
    }

    private String text(String selector) {
        return browser.evaluate("document.querySelector(\"" + selector + "\").textContent").asText();
    }

    private String attr(String selector, String name) {
        return browser.evaluate("document.querySelector(\"" + selector + "\").getAttribute('" + name + "')").asText();
    }

    private boolean visible(String selector) {
        return browser.evaluate("(() => { const e = document.querySelector(\"" + selector + "\");"
                + " return !!e && !e.closest('[hidden]') && e.getClientRects().length > 0; })()").asBoolean();
    }

    private int firstTileId() {
        return browser.evaluate("Number(document.querySelector('#grid .tile').dataset.id)").asInt();
    }

    private String activeTile() {
        return browser.evaluate("document.activeElement.dataset.id ?? null").asText();
    }

    private void select(String selector, String value) {
        browser.evaluate("(() => { const e = document.querySelector(\"" + selector + "\"); e.value = '" + value
                + "'; e.dispatchEvent(new Event('change', {bubbles: true})); })()");
    }

    private void setInput(String selector, String value) {
        browser.evaluate("(() => { const e = document.querySelector(\"" + selector + "\"); e.value = '" + value
                + "'; e.dispatchEvent(new Event('input', {bubbles: true})); })()");
    }

    private void screenshot(String name) throws IOException {
        Path file = SCREENSHOTS.resolve(name);
        browser.screenshot(file);
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, PNG_SIGNATURE.length), name + " is a PNG");
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, name + " decodes");
        assertEquals(1280, image.getWidth());
    }
}
