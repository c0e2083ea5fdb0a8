package dev.facet.report.picture;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.backbone.InputGeometry;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Locale;

/**
 * Resizes a concept map (a grid of patch codes, rows × columns) to image size. Pixel centres are
 * aligned as in PyTorch's {@code interpolate(..., align_corners=False)}: output pixel {@code y} samples
 * the source at {@code (y + 0.5)·h/H − 0.5}, clamped to the border, so a 1×1 map becomes a constant
 * image and every cell covers the same share of the output. {@link #place} draws a map computed on a
 * backbone's input on the original image instead, inverting the resize exactly.
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
        requireSizes(map, height, width);
        if (map.rows() == height && map.cols() == width) {
            return new FloatMatrix(height, width, map.data().clone());
        }
        return sample(map, taps(uniform(map.rows(), height), 0, map.rows() - 1),
                taps(uniform(map.cols(), width), 0, map.cols() - 1));
    }

    /**
     * A grid map computed on a backbone's input, drawn on the source image it came from, shown at
     * {@code width × height} pixels (docs/algorithms.md#drawing-maps-on-the-image). The preprocessing is
     * inverted exactly: display pixel {@code x} is source coordinate {@code (x + 0.5)·w/width}, mapped to
     * the input by {@code geometry}; pixels outside the content window (the cropped-away parts of a
     * centre crop) are not covered, and the others sample the grid at {@code u·n/L − 0.5} with the cells
     * wholly in padding left out (the interpolation is clamped to the cells holding content). When the
     * image fills the whole input (no crop, no padding) this is {@link #resize}.
     *
     * @param grid     the map on the input's grid (rows × columns), or on the input's pixels
     * @param geometry where the source image lies in the input
     */
    public PlacedMap place(FloatMatrix grid, InputGeometry geometry, int width, int height) {
        requireSizes(grid, height, width);
        if (!geometry.padded() && !geometry.cropped()) {
            return PlacedMap.covering(resize(grid, height, width));
        }
        Span columns = Span.of(geometry.horizontal(), grid.cols(), width);
        Span rows = Span.of(geometry.vertical(), grid.rows(), height);
        FloatMatrix values = sample(grid, taps(rows.positions, rows.firstCell, rows.lastCell),
                taps(columns.positions, columns.firstCell, columns.lastCell));
        return new PlacedMap(width, height, columns.first, rows.first, values);
    }

    private static void requireSizes(FloatMatrix map, int height, int width) {
        if (map.rows() < 1 || map.cols() < 1) {
            throw new InvalidDataException("A concept map needs at least 1x1 cells, found " + map.rows() + "x" + map.cols());
        }
        if (height < 1 || width < 1) {
            throw ConfigException.outOfRange("resized map size", height + "x" + width, "both >= 1");
        }
    }

    /** Grid positions of {@code targetSize} outputs spread over the whole grid: {@code (o + 0.5)·n/N − 0.5}. */
    private static double[] uniform(int sourceSize, int targetSize) {
        double scale = (double) sourceSize / targetSize;
        double[] positions = new double[targetSize];
        for (int o = 0; o < targetSize; o++) {
            positions[o] = (o + 0.5) * scale - 0.5;
        }
        return positions;
    }

    /** Separable sampling of {@code map} at the row and column taps. */
    private static FloatMatrix sample(FloatMatrix map, Taps rowTaps, Taps colTaps) {
        int height = rowTaps.outputs();
        int width = colTaps.outputs();
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
        int outputs() {
            return index.length / count;
        }
    }

    /**
     * The taps of grid positions {@code positions} on a grid axis whose usable cells are {@code [lo, hi]}:
     * reads beyond them are clamped to the border cell.
     */
    private Taps taps(double[] positions, int lo, int hi) {
        int count = this == BILINEAR ? 2 : 4;
        int targetSize = positions.length;
        int[] index = new int[targetSize * count];
        double[] weight = new double[targetSize * count];
        for (int o = 0; o < targetSize; o++) {
            double position = positions[o];
            int base = (int) Math.floor(position);
            double fraction = position - base;
            if (this == BILINEAR) {
                if (position < lo) {
                    base = lo;
                    fraction = 0;
                } else if (base >= hi) {
                    base = hi;
                    fraction = 0;
                }
                index[o * 2] = base;
                index[o * 2 + 1] = Math.min(base + 1, hi);
                weight[o * 2] = 1 - fraction;
                weight[o * 2 + 1] = fraction;
            } else {
                for (int t = 0; t < 4; t++) {
                    int source = base - 1 + t;
                    index[o * 4 + t] = Math.max(lo, Math.min(hi, source));
                    weight[o * 4 + t] = cubic(Math.abs(fraction - (t - 1)));
                }
            }
        }
        return new Taps(count, index, weight);
    }

    /**
     * The display pixels of one axis that show content, {@code [first, first + positions.length)}, their
     * grid positions, and the grid's cells holding content, {@code [firstCell, lastCell]}.
     */
    private record Span(int first, double[] positions, int firstCell, int lastCell) {

        static Span of(InputGeometry.Axis axis, int cells, int display) {
            double sourcePerDisplay = (double) axis.sourceLength() / display;
            double cellsPerInput = (double) cells / axis.inputLength();
            int first = -1;
            int end = display;
            for (int x = 0; x < display; x++) {
                boolean shown = axis.inContent(axis.toInput((x + 0.5) * sourcePerDisplay));
                if (shown && first < 0) {
                    first = x;
                } else if (!shown && first >= 0) {
                    end = x;
                    break;
                }
            }
            if (first < 0) {
                throw new InvalidDataException("No pixel of a " + display + "-pixel display of " + axis
                        + " shows the input's content");
            }
            double[] positions = new double[end - first];
            for (int x = first; x < end; x++) {
                positions[x - first] = axis.toInput((x + 0.5) * sourcePerDisplay) * cellsPerInput - 0.5;
            }
            return new Span(first, positions, axis.firstContentCell(cells), axis.endContentCell(cells) - 1);
        }
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
