package dev.facet.attribution;

import java.util.Arrays;

/**
 * Resamples a small grid (rows × cols, row-major) to image size. Bilinear and bicubic sample
 * pixel centres as OpenCV's {@code resize} and PyTorch's {@code align_corners=False} do: output
 * pixel {@code o} reads the grid at {@code (o + 0.5)·n/N − 0.5}, clamped to the border; bicubic is
 * Keys' convolution with a = −0.75 (OpenCV's). Nearest takes cell {@code ⌊o·n/N⌋}
 * (OpenCV's {@code INTER_NEAREST}), so a grid dividing the image gives equal blocks.
 */
enum GridResampling {
    NEAREST, BILINEAR, BICUBIC;

    private static final double CUBIC_A = -0.75;

    /** The grid resized to {@code height × width}. */
    float[] resize(float[] grid, int rows, int cols, int height, int width) {
        return crop(grid, rows, cols, height, width, 0, 0, height, width);
    }

    /**
     * The grid resized to {@code fullHeight × fullWidth}, of which only the window of
     * {@code height × width} pixels starting at ({@code top}, {@code left}) is computed.
     */
    float[] crop(float[] grid, int rows, int cols, int fullHeight, int fullWidth, int top, int left,
                 int height, int width) {
        Taps rowTaps = taps(rows, fullHeight, top, height);
        Taps colTaps = taps(cols, fullWidth, left, width);
        // Plain loops over the tap arrays rather than a per-pixel callback: RISE rebuilds every mask for
        // every image, and the callback made that 5-7 % of RISE's time on MobileNetV2 (bench explain).
        float[] horizontal = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            for (int x = 0; x < width; x++) {
                double sum = 0;
                for (int k = 0, at = x * colTaps.count(); k < colTaps.count(); k++, at++) {
                    sum += colTaps.weight()[at] * grid[row + colTaps.index()[at]];
                }
                horizontal[r * width + x] = (float) sum;
            }
        }
        float[] out = new float[height * width];
        double[] sums = new double[width];
        for (int y = 0; y < height; y++) {
            Arrays.fill(sums, 0);
            for (int k = 0, at = y * rowTaps.count(); k < rowTaps.count(); k++, at++) {
                double weight = rowTaps.weight()[at];
                int source = rowTaps.index()[at] * width;
                for (int x = 0; x < width; x++) {
                    sums[x] += weight * horizontal[source + x];
                }
            }
            for (int x = 0; x < width; x++) {
                out[y * width + x] = (float) sums[x];
            }
        }
        return out;
    }

    private Taps taps(int source, int full, int start, int length) {
        int count = switch (this) {
            case NEAREST -> 1;
            case BILINEAR -> 2;
            case BICUBIC -> 4;
        };
        int[] index = new int[length * count];
        double[] weight = new double[length * count];
        for (int o = 0; o < length; o++) {
            int at = o * count;
            if (this == NEAREST) {
                index[at] = Math.min(source - 1, (int) ((long) (start + o) * source / full));
                weight[at] = 1;
                continue;
            }
            double position = (start + o + 0.5) * source / full - 0.5;
            int floor = (int) Math.floor(position);
            double t = position - floor;
            for (int k = 0; k < count; k++) {
                int offset = this == BILINEAR ? k : k - 1;
                index[at + k] = Math.max(0, Math.min(source - 1, floor + offset));
                weight[at + k] = this == BILINEAR ? (k == 0 ? 1 - t : t) : cubic(t - offset);
            }
        }
        return new Taps(count, index, weight);
    }

    /** Keys' cubic convolution kernel at distance {@code x}. */
    private static double cubic(double x) {
        double d = Math.abs(x);
        if (d <= 1) {
            return ((CUBIC_A + 2) * d - (CUBIC_A + 3)) * d * d + 1;
        }
        if (d < 2) {
            return ((CUBIC_A * d - 5 * CUBIC_A) * d + 8 * CUBIC_A) * d - 4 * CUBIC_A;
        }
        return 0;
    }

    /** For each output position, {@code count} source indices and their weights. */
    private record Taps(int count, int[] index, double[] weight) {
    }
}
