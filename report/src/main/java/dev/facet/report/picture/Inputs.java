package dev.facet.report.picture;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/** Validation and map helpers shared by the picture functions. */
final class Inputs {

    private Inputs() {
    }

    static BufferedImage requireImage(BufferedImage image) {
        if (image == null) {
            throw new InvalidDataException("image: expected a BufferedImage, found null");
        }
        return image;
    }

    /** Checks that {@code map} is non-null, at least 1×1 and finite. */
    static FloatMatrix requireMap(FloatMatrix map) {
        if (map == null) {
            throw new InvalidDataException("concept map: expected a FloatMatrix of at least 1x1 cells, found null");
        }
        if (map.rows() < 1 || map.cols() < 1) {
            throw new InvalidDataException("concept map: expected at least 1x1 cells, found "
                    + map.rows() + "x" + map.cols());
        }
        return map.requireFinite("concept map");
    }

    /** {@code map} validated and resized bilinearly to the image's {@code height × width}. */
    static FloatMatrix upsample(FloatMatrix map, BufferedImage image) {
        return MapInterpolation.BILINEAR.resize(requireMap(map), image.getHeight(), image.getWidth());
    }

    static int requireSize(String field, int size) {
        if (size < 1 || size > 16384) {
            throw ConfigException.outOfRange(field, size, "[1, 16384]");
        }
        return size;
    }

    static double requirePercentile(String field, double percentile) {
        if (!(percentile >= 0 && percentile <= 100)) {
            throw ConfigException.outOfRange(field, percentile, "[0, 100]");
        }
        return percentile;
    }

    /** The values of {@code matrix}, sorted ascending (a copy). */
    static float[] sorted(FloatMatrix matrix) {
        float[] values = matrix.data().clone();
        Arrays.sort(values);
        return values;
    }

    /**
     * The {@code percentile} (0..100) of ascending {@code sorted}, interpolating linearly between
     * order statistics (NumPy's default).
     */
    static double percentile(float[] sorted, double percentile) {
        double position = percentile / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(position);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double f = position - lo;
        return sorted[lo] + (sorted[hi] - sorted[lo]) * f;
    }

    /** The colour {@code (1 − f)·from + f·to} per channel, {@code 0xRRGGBB}. */
    /**
     * The pixel array of an image made by {@link Pictures#toRgb} (row-major 0xRRGGBB), for loops
     * that touch every pixel without the colour-model conversions of getRGB/setRGB.
     */
    static int[] pixels(BufferedImage rgb) {
        if (rgb.getType() != BufferedImage.TYPE_INT_RGB
                || !(rgb.getRaster().getDataBuffer() instanceof java.awt.image.DataBufferInt buffer)) {
            throw new IllegalArgumentException("expected a TYPE_INT_RGB image, found type " + rgb.getType());
        }
        return buffer.getData();
    }

    static int mix(int from, int to, double f) {
        int out = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int a = from >> shift & 0xff;
            int b = to >> shift & 0xff;
            out |= (int) (a + (b - a) * f + 0.5) << shift;
        }
        return out;
    }
}
