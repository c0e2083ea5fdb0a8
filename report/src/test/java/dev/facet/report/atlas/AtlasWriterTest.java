package dev.facet.report.atlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.spi.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtlasWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void writesEveryFileAndNoTemporaries() throws IOException {
        Path index = AtlasWriter.write(SyntheticAtlas.create(dir, 50), dir);

        assertEquals(dir.resolve("index.html"), index);
        for (String name : List.of("index.html", "atlas.css", "atlas.js", "concepts.json", "concepts.js")) {
            assertTrue(Files.size(dir.resolve(name)) > 0, name);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.toString().endsWith(".tmp")), "no .tmp file left");
        }
        String html = read("index.html");
        assertTrue(html.contains("<script src=\"concepts.js\" defer></script>"), html);
        assertFalse(html.contains("http://") || html.contains("https://"), "no external URL in the page");
        assertFalse(read("atlas.js").contains("http"), "no external URL in the script");
    }

    @Test
    void conceptsJsonHoldsEveryConceptWithItsFields() throws IOException {
        Atlas atlas = SyntheticAtlas.create(dir, 200);
        AtlasWriter.write(atlas, dir);

        JsonNode doc = JSON.readTree(dir.resolve("concepts.json").toFile());
        assertEquals("facet-atlas", doc.get("format").asText());
        assertEquals(1, doc.get("version").asInt());
        assertEquals("blocks.3", doc.at("/overview/layer").asText());
        assertEquals(0.8731, doc.at("/overview/r2").asDouble());
        assertTrue(doc.at("/overview/densityHistogram").isNull());
        assertEquals("a < b && c > d", doc.at("/overview/details/note <i>").asText());
        JsonNode concepts = doc.get("concepts");
        assertEquals(200, concepts.size());
        for (int i = 0; i < 200; i++) {
            AtlasConcept expected = atlas.concepts().get(i);
            JsonNode c = concepts.get(i);
            assertEquals(i, c.get("id").asInt());
            assertEquals(expected.energy(), c.get("energy").asDouble());
            assertEquals(expected.frequency(), c.get("frequency").asDouble());
            assertEquals(expected.maxActivation(), c.get("maxActivation").asDouble());
            if (expected.stability() == null) {
                assertTrue(c.get("stability").isNull(), "stability of " + i);
            } else {
                assertEquals(expected.stability(), c.get("stability").asDouble());
            }
            assertEquals(expected.topImages().size(), c.get("topImages").size());
            assertEquals(expected.nearest().get(0).id(), c.at("/nearest/0/id").asInt());
            assertEquals(expected.nearest().get(0).cosine(), c.at("/nearest/0/cosine").asDouble());
            for (String field : List.of("thumbnail", "topGrid", "evidenceGrid", "zoomGrid", "histogram")) {
                assertTrue(c.has(field), field + " of " + i);
            }
            assertEquals(expected.thumbnail() == null, c.get("thumbnail").isNull());
        }
        JsonNode extras = concepts.get(6).get("extras");
        assertEquals("mean of top images", extras.at("/0/caption").asText());
        assertTrue(extras.at("/0/kind").isNull(), "a plain plugin picture has no kind");
        assertEquals(List.of("feature-image", "feature-transparency", "feature-product"),
                List.of(extras.at("/1/kind").asText(), extras.at("/2/kind").asText(), extras.at("/3/kind").asText()));
        assertEquals(SyntheticAtlas.FEATURE_CAPTION, extras.at("/1/caption").asText());
        assertEquals("fv/product.png", extras.at("/3/path").asText());
        JsonNode hostile = concepts.get(SyntheticAtlas.HOSTILE_CONCEPT).at("/topImages/0");
        assertEquals(SyntheticAtlas.HOSTILE_NAME, hostile.get("name").asText());
        assertEquals(SyntheticAtlas.HOSTILE_CONCEPT * 7L, hostile.get("image").asLong());
        assertEquals(1.0, hostile.get("score").asDouble());
    }

    @Test
    void conceptsScriptHoldsTheSameDocumentWithoutRawMarkup() throws IOException {
        AtlasWriter.write(SyntheticAtlas.create(dir, 30), dir);

        String script = read("concepts.js");
        String prefix = "window.FACET_ATLAS = ";
        assertTrue(script.startsWith(prefix), script.substring(0, 40));
        assertTrue(script.endsWith(";\n"));
        assertFalse(script.contains("<"), "every '<' is a \\u003c escape");
        JsonNode fromScript = JSON.readTree(script.substring(prefix.length(), script.length() - 2));
        assertEquals(JSON.readTree(dir.resolve("concepts.json").toFile()), fromScript);
    }

    @Test
    void escapesEveryModelStringInThePage() throws IOException {
        AtlasWriter.write(SyntheticAtlas.create(dir, 10), dir);

        String html = read("index.html");
        assertFalse(html.contains("<b>bold</b>"), "model markup must be escaped");
        assertTrue(html.contains("tiny-vit &lt;b&gt;bold&lt;/b&gt; &amp; &quot;q&quot;"), html);
        assertTrue(html.contains("<title>Atlas of &lt;tiny&gt; &amp; co</title>"));
        assertTrue(html.contains("<th scope=\"row\">note &lt;i&gt;</th><td>a &lt; b &amp;&amp; c &gt; d</td>"));
        assertFalse(html.contains("<tiny>") || html.contains("<i>"));
    }

    @Test
    void missingMetricsAndPicturesShowPlaceholders() throws IOException {
        AtlasOverview overview = new AtlasOverview("t", "m", "l", null, "nmf", 1, 4, 0, null, Double.NaN, null, null,
                null, null, Map.of());
        AtlasConcept concept = new AtlasConcept(0, Double.NaN, 0, null, 0, null, null, null, null, null, null, null, null, null);
        AtlasWriter.write(new Atlas(overview, List.of(concept)), dir);

        String html = read("index.html");
        assertTrue(html.contains("<dt>R²</dt><dd>—</dd>"), html);
        assertTrue(html.contains("<dt>L0</dt><dd>—</dd>"));
        assertTrue(html.contains("<dt>dead</dt><dd>—</dd>"));
        assertTrue(html.contains("<dt>tokens</dt><dd>—</dd>"));
        assertFalse(html.contains("<img"), "no image without a picture");
        assertEquals(2, html.split("class=\"placeholder\"", -1).length - 1);
        JsonNode c = JSON.readTree(dir.resolve("concepts.json").toFile()).at("/concepts/0");
        assertTrue(c.get("energy").isNull(), "NaN is written as null");
        assertTrue(c.get("histogram").isNull());
        assertEquals(0, c.get("topImages").size());
    }

    @Test
    void formatsOverviewMetrics() throws IOException {
        AtlasWriter.write(SyntheticAtlas.create(dir, 100), dir);

        String html = read("index.html");
        assertTrue(html.contains("<dt>R²</dt><dd>0.8731</dd>"), html);
        assertTrue(html.contains("<dt>L0</dt><dd>31.50</dd>"));
        assertTrue(html.contains("<dt>dead</dt><dd>2.0%</dd>"));
        assertTrue(html.contains("<img src=\"curves.png\" alt=\"Training curves\">"));
        assertFalse(html.contains("held-out"), "no held-out scores without held-out images");
    }

    @Test
    void showsTheHeldOutScoresNextToTheTrainingScores() throws IOException {
        Atlas synthetic = SyntheticAtlas.create(dir, 20);
        AtlasOverview o = synthetic.overview();
        AtlasOverview withHeldOut = new AtlasOverview(o.title(), o.model(), o.layer(), o.tokens(), o.learner(),
                o.concepts(), o.dimension(), o.images(), o.r2(), o.l0(), o.deadFraction(),
                new AtlasOverview.HeldOut(1234, 0.8125, 30.25, 0.1), o.trainingCurves(), o.densityHistogram(),
                o.details());
        AtlasWriter.write(new Atlas(withHeldOut, synthetic.concepts()), dir);

        String html = read("index.html");
        assertTrue(html.contains("<dt>R² (training)</dt><dd>0.8731</dd></div>\n<div><dt>R² (held-out)</dt><dd>0.8125</dd>"),
                html);
        assertTrue(html.contains("<dt>L0 (training)</dt><dd>31.50</dd></div>\n<div><dt>L0 (held-out)</dt><dd>30.25</dd>"));
        assertTrue(html.contains("<dt>dead (held-out)</dt><dd>10.0%</dd>"));
        assertTrue(html.contains("<dt>held-out rows</dt><dd>1,234</dd>"));
        JsonNode overview = JSON.readTree(dir.resolve("concepts.json").toFile()).path("overview");
        assertEquals(0.8125, overview.at("/heldOut/r2").asDouble());
        assertEquals(1234, overview.at("/heldOut/rows").asLong());
    }

    @Test
    void writingTwiceReplacesTheAtlas() throws IOException {
        Path nested = dir.resolve("a/b");
        Files.createDirectories(nested);
        AtlasWriter.write(SyntheticAtlas.create(nested, 20), nested);
        AtlasWriter.write(SyntheticAtlas.create(nested, 7), nested);

        assertEquals(7, JSON.readTree(nested.resolve("concepts.json").toFile()).get("concepts").size());
        assertTrue(read(nested, "concepts.js").contains("\"id\":6,"));
        assertFalse(read(nested, "concepts.js").contains("\"id\":7,"));
    }

    @Test
    void createsAMissingDirectory() {
        Path target = dir.resolve("new/atlas");
        AtlasWriter.write(new Atlas(SyntheticAtlas.create(dir, 1).overview(), List.of()), target);
        assertTrue(Files.isRegularFile(target.resolve("index.html")));
    }

    @Test
    void refusesAPictureOfUnknownKind() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new AtlasConcept.Picture("maco", "fv/image.png", "feature"));
        assertEquals("Atlas picture 'fv/image.png': unknown kind 'feature'; expected null or one of "
                + "[feature-image, feature-product, feature-transparency]", e.getMessage());
    }

    @Test
    void rejectsPicturePathsOutsideTheDirectory() {
        for (String bad : List.of("/etc/x.png", "../x.png", "a/../../x.png", "a\\b.png", "C:/x.png", " ")) {
            AtlasConcept concept = new AtlasConcept(0, 1, 1, null, 1, null, null, null, bad, null, null, null, null, null);
            Atlas atlas = new Atlas(SyntheticAtlas.create(dir, 1).overview(), List.of(concept));
            ConfigException e = assertThrows(ConfigException.class, () -> AtlasWriter.write(atlas, dir), bad);
            assertTrue(e.getMessage().contains("concept 0.topGrid") && e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void encodesPictureUrls() {
        assertEquals("thumbs/t%200.png", Html.pathUrl("thumbs/t 0.png"));
        assertEquals("a%23b%3F/%C3%A9.png", Html.pathUrl("a#b?/é.png"));
        assertEquals("&lt;x&gt; &amp; &quot;y&quot; &#39;z&#39;", Html.escape("<x> & \"y\" 'z'"));
    }

    @Test
    void fillsTemplateSlotsOnce() {
        assertEquals("a {{b}} c", AtlasPage.fill("a {{x}} c", Map.of("x", "{{b}}")));
        assertThrows(dev.facet.spi.FacetException.class, () -> AtlasPage.fill("{{nope}}", Map.of()));
    }

    private String read(String name) throws IOException {
        return read(dir, name);
    }

    private static String read(Path dir, String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    }
}
