package dev.facet.report.atlas;

import dev.facet.spi.ConfigException;
import dev.facet.spi.FacetException;
import dev.facet.spi.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the HTML concept atlas: a self-contained directory that opens from disk ({@code file://})
 * with no server and no network.
 *
 * <ul>
 *   <li>{@code index.html}: the overview (rendered here, every model string HTML-escaped) and the
 *       shells of the concept grid and the concept view;</li>
 *   <li>{@code atlas.css}, {@code atlas.js}: the page's style and its vanilla script (paged,
 *       sortable, filterable grid; {@code #concept-N} hash routing; keyboard navigation);</li>
 *   <li>{@code concepts.json}: the overview and every concept, for machines:
 *       {@code {"format":"facet-atlas","version":1,"overview":{…},"concepts":[…]}} with the record
 *       components of {@link AtlasOverview}, {@link AtlasConcept} and {@link AtlasClass} as keys, {@code null} for a
 *       missing value or picture (NaN and infinities are written as {@code null} too);</li>
 *   <li>{@code class-<index>.html}: one page per {@link AtlasClass}, its driving concepts ranked with
 *       importance bars, each tile linking to the concept's view (linked from the overview);</li>
 *   <li>{@code concepts.js}: the same document as {@code window.FACET_ATLAS = {…};}, loaded by the
 *       page with a script tag since browsers refuse {@code fetch()} of {@code file://} URLs.</li>
 * </ul>
 *
 * The pictures named by the model must already be in the directory; their paths are relative to
 * it. Each file is written atomically, {@code index.html} last, and writing again into the same
 * directory replaces the previous atlas's files.
 */
public final class AtlasWriter {

    /** The page. */
    public static final String INDEX = "index.html";
    /** The machine-readable data. */
    public static final String CONCEPTS_JSON = "concepts.json";
    /** The data as a script for the page. */
    public static final String CONCEPTS_JS = "concepts.js";
    /** The stylesheet. */
    public static final String STYLESHEET = "atlas.css";
    /** The page's script. */
    public static final String SCRIPT = "atlas.js";

    private static final Logger LOG = LoggerFactory.getLogger(AtlasWriter.class);

    private AtlasWriter() {
    }

    /**
     * Writes {@code atlas} into {@code directory}, creating it when missing.
     *
     * @return the path of {@code index.html}
     * @throws ConfigException when a picture path is absolute, uses {@code \} or leaves the directory
     * @throws FacetException  when a file cannot be written
     */
    public static Path write(Atlas atlas, Path directory) {
        Objects.requireNonNull(atlas, "atlas");
        Objects.requireNonNull(directory, "directory");
        List<String> missing = checkPictures(atlas, directory);
        if (!missing.isEmpty()) {
            LOG.warn("{} picture(s) of the atlas are not in {} yet (the page will show a placeholder), e.g. {}",
                    missing.size(), directory, missing.subList(0, Math.min(3, missing.size())));
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new FacetException("Cannot create the atlas directory " + directory + ": " + e, e);
        }
        String json = AtlasJson.json(atlas);
        AtomicFiles.write(directory.resolve(STYLESHEET), AtlasResources.bytes(STYLESHEET));
        AtomicFiles.write(directory.resolve(SCRIPT), AtlasResources.bytes(SCRIPT));
        AtomicFiles.write(directory.resolve(CONCEPTS_JSON), json.getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(directory.resolve(CONCEPTS_JS), AtlasJson.script(json).getBytes(StandardCharsets.UTF_8));
        for (AtlasClass c : atlas.classes()) {
            AtomicFiles.write(directory.resolve(c.page()), ClassPage.render(atlas, c).getBytes(StandardCharsets.UTF_8));
        }
        Path index = directory.resolve(INDEX);
        AtomicFiles.write(index, AtlasPage.render(atlas).getBytes(StandardCharsets.UTF_8));
        LOG.info("Wrote the concept atlas ({} concepts) to {}", atlas.concepts().size(), index);
        return index;
    }

    /** Validates every picture path; returns those whose file is not in {@code directory}. */
    private static List<String> checkPictures(Atlas atlas, Path directory) {
        List<String> missing = new ArrayList<>();
        AtlasOverview o = atlas.overview();
        checkPicture(directory, "overview.trainingCurves", o.trainingCurves(), missing);
        checkPicture(directory, "overview.densityHistogram", o.densityHistogram(), missing);
        for (AtlasConcept c : atlas.concepts()) {
            String where = "concept " + c.id() + ".";
            checkPicture(directory, where + "thumbnail", c.thumbnail(), missing);
            checkPicture(directory, where + "topGrid", c.topGrid(), missing);
            checkPicture(directory, where + "evidenceGrid", c.evidenceGrid(), missing);
            checkPicture(directory, where + "zoomGrid", c.zoomGrid(), missing);
            checkPicture(directory, where + "histogram", c.histogram(), missing);
            checkPicture(directory, where + "attribution", c.attribution(), missing);
            for (int e = 0; e < c.extras().size(); e++) {
                checkPicture(directory, where + "extras[" + e + "]", c.extras().get(e).path(), missing);
            }
        }
        return missing;
    }

    private static void checkPicture(Path directory, String field, String path, List<String> missing) {
        if (path == null) {
            return;
        }
        if (path.isBlank() || path.startsWith("/") || path.indexOf('\\') >= 0 || path.indexOf(':') >= 0
                || List.of(path.split("/")).contains("..")) {
            throw new ConfigException("Atlas picture " + field + " = '" + path + "' must be a relative path with '/' "
                    + "separators inside the atlas directory (e.g. 'concepts/42-top.png'), or null for no picture");
        }
        if (!Files.isRegularFile(directory.resolve(path))) {
            missing.add(field + "=" + path);
        }
    }
}
