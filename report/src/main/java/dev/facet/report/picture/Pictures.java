package dev.facet.report.picture;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;

/**
 * The pictures that show where a concept fires on an image (see docs/algorithms.md#pictures): a heatmap
 * overlay, the evidence view, a zoom on the strongest cell and contour lines, plus the conversions they
 * share.
 *
 * <p>Every function accepts any {@link BufferedImage} type (grey, indexed, BGR, ARGB; transparent
 * pixels are composited onto white) and size, and a concept map ({@code rows × cols} = map height ×
 * width) of any size; the map is resized to the image bilinearly
 * ({@link dev.facet.report.picture.MapInterpolation#BILINEAR}). Each function also takes a
 * {@link PlacedMap}, a map already laid over part of the image ({@link MapInterpolation#place}: a model's
 * map drawn on the original image), and then paints only the pixels it covers. Results are new
 * {@link BufferedImage#TYPE_INT_RGB} images; inputs are never modified. A null image or map, an
 * empty map or a non-finite value throws {@link dev.facet.spi.InvalidDataException}; a parameter out
 * of range throws {@link ConfigException}.
 */
public final class Pictures {

    /** Opacity of the heatmap where the map reaches {@code vmax}. */
    public static final double DEFAULT_MAX_ALPHA = 0.6;
    /** Default lower percentile of {@link #evidence(BufferedImage, FloatMatrix)}. */
    public static final double DEFAULT_LOW_PERCENTILE = 50;
    /** Default upper percentile of {@link #evidence(BufferedImage, FloatMatrix)}. */
    public static final double DEFAULT_HIGH_PERCENTILE = 95;

    /** Greyed-out pixels become {@code DIM_BASE + DIM_SCALE · luminance}: a dark grey that keeps context. */
    private static final double DIM_BASE = 24;
    private static final double DIM_SCALE = 0.3;

    private Pictures() {
    }

    /** A {@link BufferedImage#TYPE_INT_RGB} copy of {@code image}, transparent pixels composited onto white. */
    public static BufferedImage toRgb(BufferedImage image) {
        Inputs.requireImage(image);
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** {@link #overlay(BufferedImage, FloatMatrix, Colormap, double, double)} with {@link #DEFAULT_MAX_ALPHA}. */
    public static BufferedImage overlay(BufferedImage image, FloatMatrix map, Colormap colormap, double vmax) {
        return overlay(image, map, colormap, vmax, DEFAULT_MAX_ALPHA);
    }

    /**
     * The image with the map drawn over it as a heatmap whose opacity grows with the value
     * ({@link Colormap#argb(double, double)}): values are divided by {@code vmax} and clamped to
     * [0, 1], so cells at or below 0 leave the image untouched.
     *
     * @param vmax the value shown at full colour; {@code <= 0} or NaN means the map's own maximum
     *     (an all-zero or negative map then leaves the image unchanged). Several images of one
     *     concept share a {@code vmax} to be comparable.
     * @param maxAlpha the heatmap's opacity at {@code vmax}, in [0, 1]
     */
    public static BufferedImage overlay(BufferedImage image, FloatMatrix map, Colormap colormap, double vmax,
            double maxAlpha) {
        return overlay(image, covering(map, image), colormap, vmax, maxAlpha);
    }

    /** {@link #overlay(BufferedImage, PlacedMap, Colormap, double, double)} with {@link #DEFAULT_MAX_ALPHA}. */
    public static BufferedImage overlay(BufferedImage image, PlacedMap map, Colormap colormap, double vmax) {
        return overlay(image, map, colormap, vmax, DEFAULT_MAX_ALPHA);
    }

    /**
     * {@link #overlay(BufferedImage, FloatMatrix, Colormap, double, double)} of a map placed on the image:
     * only the pixels it covers are painted, and {@code vmax <= 0} means the largest of them.
     */
    public static BufferedImage overlay(BufferedImage image, PlacedMap map, Colormap colormap, double vmax,
            double maxAlpha) {
        BufferedImage out = toRgb(image);
        requireFits(map, out);
        requireColormap(colormap);
        if (!(maxAlpha >= 0 && maxAlpha <= 1)) {
            throw ConfigException.outOfRange("maxAlpha", maxAlpha, "[0, 1]");
        }
        float[] data = map.values().data();
        double scale = vmax > 0 && Double.isFinite(vmax) ? vmax : data[argmax(data)];
        if (!(scale > 0)) {
            return out;
        }
        int[] pixels = Inputs.pixels(out);
        for (int i = 0; i < data.length; i++) {
            int argb = colormap.argb(data[i] / scale, maxAlpha);
            int alpha = argb >>> 24;
            if (alpha > 0) {
                int pixel = map.pixel(i);
                pixels[pixel] = Inputs.mix(pixels[pixel], argb, alpha / 255.0);
            }
        }
        return out;
    }

    /** {@link #evidence(BufferedImage, FloatMatrix, double, double)} with percentiles 50 and 95. */
    public static BufferedImage evidence(BufferedImage image, FloatMatrix map) {
        return evidence(image, map, DEFAULT_LOW_PERCENTILE, DEFAULT_HIGH_PERCENTILE);
    }

    /**
     * The evidence view: the image is kept where the upsampled map is at or above its
     * {@code highPercentile}, greyed out (a dim grey of its luminance) at or below its
     * {@code lowPercentile}, and faded linearly between the two. Percentiles are taken over the
     * upsampled map's pixels; a constant map keeps the whole image.
     *
     * @param lowPercentile in [0, 100], at most {@code highPercentile}
     * @param highPercentile in [0, 100]
     */
    public static BufferedImage evidence(BufferedImage image, FloatMatrix map, double lowPercentile,
            double highPercentile) {
        return evidence(image, covering(map, image), lowPercentile, highPercentile);
    }

    /** {@link #evidence(BufferedImage, PlacedMap, double, double)} with percentiles 50 and 95. */
    public static BufferedImage evidence(BufferedImage image, PlacedMap map) {
        return evidence(image, map, DEFAULT_LOW_PERCENTILE, DEFAULT_HIGH_PERCENTILE);
    }

    /**
     * {@link #evidence(BufferedImage, FloatMatrix, double, double)} of a map placed on the image: the
     * percentiles are taken over the pixels it covers, and the pixels it does not cover (parts of the
     * image the model never saw) are greyed out.
     */
    public static BufferedImage evidence(BufferedImage image, PlacedMap map, double lowPercentile,
            double highPercentile) {
        Inputs.requirePercentile("lowPercentile", lowPercentile);
        Inputs.requirePercentile("highPercentile", highPercentile);
        if (lowPercentile > highPercentile) {
            throw ConfigException.outOfRange("lowPercentile", lowPercentile,
                    "[0, highPercentile = " + highPercentile + "]");
        }
        BufferedImage out = toRgb(image);
        requireFits(map, out);
        float[] sorted = Inputs.sorted(map.values());
        double lo = Inputs.percentile(sorted, lowPercentile);
        double hi = Inputs.percentile(sorted, highPercentile);
        int[] pixels = Inputs.pixels(out);
        int[] original = pixels.clone();
        if (!map.coversWholeImage()) {
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = dimGrey(pixels[i]);
            }
        }
        float[] data = map.values().data();
        for (int i = 0; i < data.length; i++) {
            double keep = data[i] >= hi ? 1 : data[i] <= lo ? 0 : (data[i] - lo) / (hi - lo);
            int pixel = map.pixel(i);
            pixels[pixel] = Inputs.mix(dimGrey(original[pixel]), original[pixel], keep);
        }
        return out;
    }

    /**
     * A square crop around the map's strongest point, scaled to {@code outputSize × outputSize}
     * with bicubic interpolation. The crop's side is {@code fraction · min(width, height)} (at
     * least 1 pixel); it is centred on the argmax of the upsampled map (the first in row-major
     * order on ties) and shifted to stay inside the image.
     *
     * @param fraction in (0, 1]
     * @param outputSize in [1, 16384]
     */
    public static BufferedImage zoom(BufferedImage image, FloatMatrix map, double fraction, int outputSize) {
        return zoom(image, covering(map, image), fraction, outputSize);
    }

    /**
     * {@link #zoom(BufferedImage, FloatMatrix, double, int)} of a map placed on the image: centred on the
     * argmax of the pixels it covers.
     */
    public static BufferedImage zoom(BufferedImage image, PlacedMap map, double fraction, int outputSize) {
        return zoom(image, map, fraction, outputSize, image);
    }

    /**
     * {@link #zoom(BufferedImage, PlacedMap, double, int)} with the crop cut from {@code source}, a
     * larger copy of the same picture (the full-resolution original, say): the window is found on
     * {@code image}, where the map lies, and cut from {@code source} at the same relative place, so a
     * zoom into a photo shows the photo's own detail rather than an enlarged thumbnail.
     */
    public static BufferedImage zoom(BufferedImage image, PlacedMap map, double fraction, int outputSize,
            BufferedImage source) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw ConfigException.outOfRange("zoom fraction", fraction, "(0, 1]");
        }
        Inputs.requireSize("zoom outputSize", outputSize);
        BufferedImage rgb = toRgb(image);
        requireFits(map, rgb);
        int argmax = map.pixel(argmax(map.values().data()));
        int width = rgb.getWidth();
        int height = rgb.getHeight();
        int side = Math.max(1, (int) Math.round(fraction * Math.min(width, height)));
        int x0 = clamp(argmax % width - side / 2, width - side);
        int y0 = clamp(argmax / width - side / 2, height - side);
        if (source == image || source.getWidth() <= width) {
            return scaled(rgb.getSubimage(x0, y0, side, side), outputSize, outputSize,
                    RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        }
        double sx = (double) source.getWidth() / width;
        double sy = (double) source.getHeight() / height;
        int left = (int) Math.floor(x0 * sx);
        int top = (int) Math.floor(y0 * sy);
        int cropWidth = Math.max(1, Math.min(source.getWidth() - left, (int) Math.round(side * sx)));
        int cropHeight = Math.max(1, Math.min(source.getHeight() - top, (int) Math.round(side * sy)));
        return fit(toRgb(source).getSubimage(left, top, cropWidth, cropHeight), outputSize, outputSize);
    }

    /**
     * The image with iso-lines of the upsampled map drawn at each of {@code percentiles} (of the
     * map's pixels), traced by {@link MarchingSquares}; the line of percentile {@code p} has colour
     * {@code colormap.rgb(p / 100)}.
     *
     * @param percentiles each in [0, 100]; may be empty (the image is returned as RGB)
     */
    public static BufferedImage contours(BufferedImage image, FloatMatrix map, double[] percentiles,
            Colormap colormap) {
        return contours(image, covering(map, image), percentiles, colormap);
    }

    /**
     * {@link #contours(BufferedImage, FloatMatrix, double[], Colormap)} of a map placed on the image: the
     * percentiles are taken over the pixels it covers, and the lines stay within them.
     */
    public static BufferedImage contours(BufferedImage image, PlacedMap map, double[] percentiles,
            Colormap colormap) {
        if (percentiles == null) {
            throw new ConfigException("contour percentiles: expected an array of values in [0, 100], found null");
        }
        for (double p : percentiles) {
            Inputs.requirePercentile("contour percentile", p);
        }
        requireColormap(colormap);
        BufferedImage out = toRgb(image);
        requireFits(map, out);
        float[] sorted = Inputs.sorted(map.values());
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setStroke(new BasicStroke(Math.max(1.5f, Math.min(out.getWidth(), out.getHeight()) / 150f),
                    BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            if (!map.coversWholeImage()) {
                g.clipRect(map.left(), map.top(), map.values().cols(), map.values().rows());
                g.translate(map.left(), map.top());
            }
            for (double p : percentiles) {
                g.setColor(new Color(colormap.rgb(p / 100)));
                double level = Inputs.percentile(sorted, p);
                for (MarchingSquares.Segment s : MarchingSquares.isolines(map.values(), level)) {
                    g.draw(new Line2D.Double(s.x0(), s.y0(), s.x1(), s.y1()));
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * The image scaled so that its longer side is {@code size}, keeping the aspect ratio (the
     * shorter side is at least 1). Enlarging uses nearest-neighbour, so tiny images (28×28 digits)
     * stay crisp; shrinking uses bilinear steps of at most 2×, which avoids aliasing.
     */
    public static BufferedImage upscale(BufferedImage image, int size) {
        Inputs.requireSize("upscale size", size);
        return fit(image, size, size);
    }

    /**
     * The image scaled as large as fits in {@code width × height}, keeping the aspect ratio (each
     * side at least 1), with the filters of {@link #upscale}.
     */
    public static BufferedImage fit(BufferedImage image, int width, int height) {
        Inputs.requireSize("fit width", width);
        Inputs.requireSize("fit height", height);
        BufferedImage current = toRgb(image);
        int w = current.getWidth();
        int h = current.getHeight();
        boolean widthLimited = (long) width * h <= (long) height * w;
        int limit = widthLimited ? width : height;
        int side = widthLimited ? w : h;
        int targetWidth = Math.max(1, (int) Math.round((double) w * limit / side));
        int targetHeight = Math.max(1, (int) Math.round((double) h * limit / side));
        if (limit >= side) {
            return scaled(current, targetWidth, targetHeight, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        }
        while (current.getWidth() / 2 >= targetWidth && current.getHeight() / 2 >= targetHeight) {
            current = scaled(current, current.getWidth() / 2, current.getHeight() / 2,
                    RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        }
        return scaled(current, targetWidth, targetHeight, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    }

    private static BufferedImage scaled(BufferedImage source, int width, int height, Object interpolation) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** {@code map} upsampled to the whole image. */
    private static PlacedMap covering(FloatMatrix map, BufferedImage image) {
        return PlacedMap.covering(Inputs.upsample(map, Inputs.requireImage(image)));
    }

    private static void requireFits(PlacedMap map, BufferedImage image) {
        if (map == null) {
            throw new InvalidDataException("placed map: expected a PlacedMap, found null");
        }
        if (map.imageWidth() != image.getWidth() || map.imageHeight() != image.getHeight()) {
            throw new InvalidDataException("A map placed on a " + map.imageWidth() + "x" + map.imageHeight()
                    + " image cannot be drawn on a " + image.getWidth() + "x" + image.getHeight() + " image");
        }
    }

    private static void requireColormap(Colormap colormap) {
        if (colormap == null) {
            throw new ConfigException("colormap: expected viridis, jet or a palette, found null");
        }
    }

    private static int dimGrey(int rgb) {
        double luminance = 0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff);
        int grey = (int) Math.round(DIM_BASE + DIM_SCALE * luminance);
        return grey << 16 | grey << 8 | grey;
    }

    /** Index of the largest value, the first one on ties. */
    private static int argmax(float[] data) {
        int best = 0;
        for (int i = 1; i < data.length; i++) {
            if (data[i] > data[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int clamp(int value, int max) {
        return Math.max(0, Math.min(value, max));
    }
}
