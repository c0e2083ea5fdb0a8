package dev.facet.report.picture;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Locale;

/**
 * Resizes a concept map (a grid of patch codes, rows × columns) to image size. Pixel centres are
 * aligned as in PyTorch's {@code interpolate(..., align_corners=False)}: output pixel {@code y} samples
 * the source at {@code (y + 0.5)·h/H − 0.5}, clamped to the border, so a 1×1 map becomes a constant
 * image and every cell covers the same share of the output.
 */
public enum MapInterpolation {

    /** Bilinear interpolation between the four nearest cells. */
    BILINEAR,

    /** Bicubic convolution (Keys 1981) with a = −0.75, PyTorch's choice; may overshoot the cell range. */
    BICUBIC;

    private static final double CUBIC_A = -0.75;

    /** Parses {@code bilinear} or {@code bicubic} (any case), naming the field on error. */
    public static MapInterpolation parse(String field, String value) {
        if (value != null) {
            for (MapInterpolation mode : values()) {
                if (mode.name().equalsIgnoreCase(value.trim())) {
                    return mode;
                }
            }
        }
        throw new ConfigException(field + ": expected bilinear or bicubic, found '" + value + "'");
    }

    /** The map resampled to {@code height × width}. */
    public FloatMatrix resize(FloatMatrix map, int height, int width) {
        if (map.rows() < 1 || map.cols() < 1) {
            throw new InvalidDataException("A concept map needs at least 1x1 cells, found " + map.rows() + "x" + map.cols());
        }
        if (height < 1 || width < 1) {
            throw ConfigException.outOfRange("resized map size", height + "x" + width, "both >= 1");
        }
        if (map.rows() == height && map.cols() == width) {
            return new FloatMatrix(height, width, map.data().clone());
        }
        Taps rowTaps = taps(map.rows(), height);
        Taps colTaps = taps(map.cols(), width);
        float[] source = map.data();
        int sourceCols = map.cols();
        float[] horizontal = new float[map.rows() * width];
        for (int r = 0; r < map.rows(); r++) {
            for (int x = 0; x < width; x++) {
                double sum = 0;
                for (int t = 0; t < colTaps.count; t++) {
                    sum += colTaps.weight[x * colTaps.count + t] * source[r * sourceCols + colTaps.index[x * colTaps.count + t]];
                }
                horizontal[r * width + x] = (float) sum;
            }
        }
        float[] out = new float[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double sum = 0;
                for (int t = 0; t < rowTaps.count; t++) {
                    sum += rowTaps.weight[y * rowTaps.count + t] * horizontal[rowTaps.index[y * rowTaps.count + t] * width + x];
                }
                out[y * width + x] = (float) sum;
            }
        }
        return new FloatMatrix(height, width, out);
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Per output position: the source indices it reads and their weights. */
    private record Taps(int count, int[] index, double[] weight) {
    }

    private Taps taps(int sourceSize, int targetSize) {
        int count = this == BILINEAR ? 2 : 4;
        int[] index = new int[targetSize * count];
        double[] weight = new double[targetSize * count];
        double scale = (double) sourceSize / targetSize;
        for (int o = 0; o < targetSize; o++) {
            double position = (o + 0.5) * scale - 0.5;
            int base = (int) Math.floor(position);
            double fraction = position - base;
            if (this == BILINEAR) {
                if (position < 0) {
                    base = 0;
                    fraction = 0;
                } else if (base >= sourceSize - 1) {
                    base = sourceSize - 1;
                    fraction = 0;
                }
                index[o * 2] = base;
                index[o * 2 + 1] = Math.min(base + 1, sourceSize - 1);
                weight[o * 2] = 1 - fraction;
                weight[o * 2 + 1] = fraction;
            } else {
                for (int t = 0; t < 4; t++) {
                    int source = base - 1 + t;
                    index[o * 4 + t] = Math.max(0, Math.min(sourceSize - 1, source));
                    weight[o * 4 + t] = cubic(Math.abs(fraction - (t - 1)));
                }
            }
        }
        return new Taps(count, index, weight);
    }

    private static double cubic(double distance) {
        double a = CUBIC_A;
        if (distance <= 1) {
            return ((a + 2) * distance - (a + 3)) * distance * distance + 1;
        }
        if (distance < 2) {
            return ((a * distance - 5 * a) * distance + 8 * a) * distance - 4 * a;
        }
        return 0;
    }
}
