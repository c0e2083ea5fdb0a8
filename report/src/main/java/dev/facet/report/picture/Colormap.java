package dev.facet.report.picture;

import dev.facet.spi.ConfigException;
import java.awt.Color;
import java.util.Locale;

/**
 * Maps a normalised value {@code t ∈ [0, 1]} to a colour by piecewise-linear interpolation in sRGB
 * between anchor colours.
 *
 * <ul>
 *   <li>{@link #VIRIDIS}: the perceptually uniform map of Smith &amp; van der Walt (2015, matplotlib's
 *       default), from 16 anchors of its published 256-entry table (entries 0, 17, …, 255).</li>
 *   <li>{@link #JET}: the classic MATLAB rainbow, dark blue → blue → cyan → yellow → red → dark red.</li>
 *   <li>{@link #palette(int)}: a single-hue ramp per concept, from a pale tint to the saturated hue;
 *       hues follow the golden-angle sequence (137.5° apart), so neighbouring ids look different.</li>
 * </ul>
 *
 * <p>{@link #argb(double, double)} adds an alpha ramp that is 0 at {@code t = 0}, so an overlay leaves
 * the image visible where a concept is inactive.
 */
public final class Colormap {

    /** Viridis (Smith &amp; van der Walt 2015): entries 0, 17, 34, …, 255 of the 256-colour table. */
    public static final Colormap VIRIDIS = new Colormap("viridis", new int[] {
        0x440154, 0x481a6c, 0x472f7d, 0x414487, 0x39568c, 0x31688e, 0x2a788e, 0x23888e,
        0x1f988b, 0x22a884, 0x35b779, 0x54c568, 0x7ad151, 0xa5db36, 0xd2e21b, 0xfde725});

    /** Jet: piecewise linear with knees at 1/8, 3/8, 5/8 and 7/8. */
    public static final Colormap JET = new Colormap("jet",
            new double[] {0, 0.125, 0.375, 0.625, 0.875, 1},
            new int[] {0x000080, 0x0000ff, 0x00ffff, 0xffff00, 0xff0000, 0x800000});

    /** The golden angle in degrees: consecutive ids get hues this far apart. */
    static final double GOLDEN_ANGLE_DEGREES = 137.50776405003785;

    private final String name;
    private final double[] positions;
    private final int[] anchors;

    private Colormap(String name, int[] evenlySpaced) {
        this(name, evenPositions(evenlySpaced.length), evenlySpaced);
    }

    private Colormap(String name, double[] positions, int[] anchors) {
        this.name = name;
        this.positions = positions;
        this.anchors = anchors;
    }

    /**
     * The single-hue ramp of concept {@code conceptId} (≥ 0): a pale tint at {@code t = 0}, the full
     * hue (saturation 1, brightness 0.8) at {@code t = 1}.
     */
    public static Colormap palette(int conceptId) {
        if (conceptId < 0) {
            throw ConfigException.outOfRange("palette concept id", conceptId, ">= 0");
        }
        float hue = (float) ((conceptId * GOLDEN_ANGLE_DEGREES) % 360.0 / 360.0);
        int pale = Color.HSBtoRGB(hue, 0.12f, 1.0f) & 0xffffff;
        int full = Color.HSBtoRGB(hue, 1.0f, 0.8f) & 0xffffff;
        return new Colormap("palette:" + conceptId, new double[] {0, 1}, new int[] {pale, full});
    }

    /**
     * Parses {@code viridis}, {@code jet}, {@code palette} (the ramp of concept 0) or
     * {@code palette:ID} (the ramp of concept ID), in any case.
     *
     * @throws ConfigException naming the value and the accepted names
     */
    public static Colormap parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "viridis":
                return VIRIDIS;
            case "jet":
                return JET;
            case "palette":
                return palette(0);
            default:
                if (v.startsWith("palette:")) {
                    try {
                        return palette(Integer.parseInt(v.substring("palette:".length())));
                    } catch (NumberFormatException e) {
                        throw new ConfigException("colormap: expected palette:<concept id>, found '" + value + "'", e);
                    }
                }
                throw new ConfigException("colormap: expected one of [viridis, jet, palette, palette:<id>], found '"
                        + value + "'");
        }
    }

    /** This map's name as {@link #parse(String)} accepts it. */
    public String name() {
        return name;
    }

    /** The colour at {@code t} as {@code 0xRRGGBB}; {@code t} is clamped to [0, 1] and NaN reads as 0. */
    public int rgb(double t) {
        double x = clamp(t);
        int hi = 1;
        while (hi < positions.length - 1 && positions[hi] < x) {
            hi++;
        }
        int lo = hi - 1;
        double span = positions[hi] - positions[lo];
        double f = span <= 0 ? 0 : (x - positions[lo]) / span;
        return Inputs.mix(anchors[lo], anchors[hi], f);
    }

    /**
     * The colour at {@code t} with alpha {@code t · maxAlpha} as {@code 0xAARRGGBB}: transparent at
     * {@code t = 0}, {@code maxAlpha} (in [0, 1]) at {@code t = 1}.
     */
    public int argb(double t, double maxAlpha) {
        if (!(maxAlpha >= 0 && maxAlpha <= 1)) {
            throw ConfigException.outOfRange("maxAlpha", maxAlpha, "[0, 1]");
        }
        int alpha = (int) Math.round(255 * clamp(t) * maxAlpha);
        return alpha << 24 | rgb(t);
    }

    @Override
    public String toString() {
        return name;
    }

    static double clamp(double t) {
        if (Double.isNaN(t) || t <= 0) {
            return 0;
        }
        return Math.min(t, 1);
    }

    private static double[] evenPositions(int count) {
        double[] positions = new double[count];
        for (int i = 0; i < count; i++) {
            positions[i] = (double) i / (count - 1);
        }
        return positions;
    }
}
