package dev.facet.report.picture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ColormapTest {

    @Test
    void viridisMatchesItsPublishedEnds() {
        assertEquals(0x440154, Colormap.VIRIDIS.rgb(0));
        assertEquals(0xfde725, Colormap.VIRIDIS.rgb(1));
        // Entry 128 of the 256-colour table is #21918c.
        assertTrue(TestImages.distance(0x21918c, Colormap.VIRIDIS.rgb(128 / 255.0)) <= 3,
                Integer.toHexString(Colormap.VIRIDIS.rgb(0.5)));
    }

    @Test
    void viridisLuminanceIncreases() {
        double previous = -1;
        for (int i = 0; i <= 100; i++) {
            int c = Colormap.VIRIDIS.rgb(i / 100.0);
            double luminance = 0.2126 * (c >> 16 & 0xff) + 0.7152 * (c >> 8 & 0xff) + 0.0722 * (c & 0xff);
            assertTrue(luminance >= previous - 0.5, "luminance drops at t=" + i / 100.0);
            previous = luminance;
        }
    }

    @Test
    void jetRunsFromDarkBlueThroughGreenToDarkRed() {
        assertEquals(0x000080, Colormap.JET.rgb(0));
        assertEquals(0x800000, Colormap.JET.rgb(1));
        int mid = Colormap.JET.rgb(0.5);
        assertTrue((mid >> 8 & 0xff) > (mid >> 16 & 0xff) && (mid >> 8 & 0xff) > (mid & 0xff),
                "jet(0.5) should be greenish, was " + Integer.toHexString(mid));
        assertEquals(0x0000ff, Colormap.JET.rgb(0.125));
        assertEquals(0xff0000, Colormap.JET.rgb(0.875));
    }

    @Test
    void valuesAreClampedAndNaNReadsAsZero() {
        assertEquals(Colormap.VIRIDIS.rgb(0), Colormap.VIRIDIS.rgb(-3));
        assertEquals(Colormap.VIRIDIS.rgb(1), Colormap.VIRIDIS.rgb(7));
        assertEquals(Colormap.VIRIDIS.rgb(0), Colormap.VIRIDIS.rgb(Double.NaN));
        assertEquals(Colormap.JET.rgb(1), Colormap.JET.rgb(Double.POSITIVE_INFINITY));
    }

    @Test
    void alphaRampStartsTransparentAndReachesMaxAlpha() {
        assertEquals(0, Colormap.VIRIDIS.argb(0, 0.8) >>> 24);
        assertEquals(Math.round(0.8 * 255), Colormap.VIRIDIS.argb(1, 0.8) >>> 24);
        assertEquals(Colormap.VIRIDIS.rgb(0.3), Colormap.VIRIDIS.argb(0.3, 1) & 0xffffff);
        int low = Colormap.JET.argb(0.2, 1) >>> 24;
        int high = Colormap.JET.argb(0.7, 1) >>> 24;
        assertTrue(low < high, low + " < " + high);
        assertThrows(ConfigException.class, () -> Colormap.JET.argb(0.5, 1.5));
    }

    @Test
    void palettesOfDifferentConceptsDiffer() {
        Set<Integer> colours = new HashSet<>();
        for (int id = 0; id < 12; id++) {
            colours.add(Colormap.palette(id).rgb(1));
            assertEquals("palette:" + id, Colormap.palette(id).name());
        }
        assertEquals(12, colours.size());
        for (int id = 0; id < 12; id++) {
            assertTrue(TestImages.distance(Colormap.palette(id).rgb(1), Colormap.palette(id + 1).rgb(1)) > 60,
                    "neighbouring ids " + id + " and " + (id + 1) + " look alike");
        }
        Colormap ramp = Colormap.palette(5);
        assertNotEquals(ramp.rgb(0), ramp.rgb(1));
        assertThrows(ConfigException.class, () -> Colormap.palette(-1));
    }

    @Test
    void parseAcceptsTheNamesAndExplainsOtherwise() {
        assertSame(Colormap.VIRIDIS, Colormap.parse(" Viridis "));
        assertSame(Colormap.JET, Colormap.parse("JET"));
        assertEquals("palette:0", Colormap.parse("palette").name());
        assertEquals(Colormap.palette(7).rgb(0.6), Colormap.parse("palette:7").rgb(0.6));
        ConfigException e = assertThrows(ConfigException.class, () -> Colormap.parse("magma"));
        assertTrue(e.getMessage().contains("magma") && e.getMessage().contains("viridis"), e.getMessage());
        assertThrows(ConfigException.class, () -> Colormap.parse(null));
        assertThrows(ConfigException.class, () -> Colormap.parse("palette:x"));
    }
}
