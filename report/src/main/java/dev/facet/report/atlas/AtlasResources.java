package dev.facet.report.atlas;

import dev.facet.spi.FacetException;
import java.io.IOException;
import java.io.InputStream;

/** Reads the atlas's static files (page template, stylesheet, script) from the class path. */
final class AtlasResources {

    private AtlasResources() {
    }

    /** The bytes of {@code name} beside this class ({@code dev/facet/report/atlas/NAME}). */
    static byte[] bytes(String name) {
        try (InputStream in = AtlasResources.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new FacetException("Atlas resource '" + name + "' is missing from the class path (expected "
                        + "dev/facet/report/atlas/" + name + " in the facet-report jar)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new FacetException("Cannot read the atlas resource '" + name + "': " + e, e);
        }
    }

    /** The UTF-8 text of {@code name}. */
    static String text(String name) {
        return new String(bytes(name), java.nio.charset.StandardCharsets.UTF_8);
    }
}
