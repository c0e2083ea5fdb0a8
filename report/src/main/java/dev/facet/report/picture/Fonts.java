package dev.facet.report.picture;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.util.Arrays;

/**
 * The sans-serif font of every Facet picture and chart: DejaVu Sans where it is installed (the same
 * glyphs on every Linux box, so pictures are reproducible), otherwise Java's logical
 * {@link Font#SANS_SERIF}. Works headless.
 */
public final class Fonts {

    /** The preferred family. */
    public static final String PREFERRED_FAMILY = "DejaVu Sans";

    private static final String FAMILY = Arrays.asList(
            GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames())
            .contains(PREFERRED_FAMILY) ? PREFERRED_FAMILY : Font.SANS_SERIF;

    private Fonts() {
    }

    /** The family in use: {@value #PREFERRED_FAMILY} or {@link Font#SANS_SERIF}. */
    public static String family() {
        return FAMILY;
    }

    /** A sans-serif font of {@code style} ({@link Font#PLAIN}, {@link Font#BOLD}) and point size {@code size}. */
    public static Font sans(int style, int size) {
        return new Font(FAMILY, style, size);
    }
}
