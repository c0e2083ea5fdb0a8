package dev.facet.extractors.images;

import dev.facet.spi.backbone.InputGeometry;
import java.util.Arrays;

/**
 * Separable bilinear resampling, written here rather than delegated to {@code Graphics2D} so the
 * result is exact, deterministic and free of colour management.
 *
 * <p>Every output pixel is a normalised weighted sum of source pixels under a tent (triangle) filter
 * centred on the output pixel's centre mapped into the source, {@code (x + 0.5) * scale - 0.5} with
 * half-pixel alignment ({@code align_corners = false}). When enlarging, the tent has radius one
 * source pixel, which is plain bilinear interpolation with edge pixels repeated. When shrinking by a
 * factor {@code s}, the tent is widened to radius {@code s} source pixels, so each output pixel
 * averages every source pixel it covers and large reductions do not alias; this is the scheme of
 * PIL's {@code Image.resize(BILINEAR)} and torchvision's {@code antialias=True}, and makes progressive
 * halving unnecessary. At scale 1 the weights are exactly 1 and 0, and an axis that is not resized is
 * copied, so unchanged pixels keep their exact values.
 *
 * <p>Source rows are read one at a time ({@link PixelRows}) and filtered horizontally at once; only the
 * rows the vertical filter needs are read (a centre crop skips the rest), and the vertical pass runs
 * on the narrow intermediate. Weights are computed once per axis in double precision.
 */
final class TentResampler {

    private TentResampler() {
    }

    /**
     * Resamples every channel of {@code rows} per {@code plan}; each returned plane has
     * {@code plan.vertical().contentLength()} rows of {@code plan.horizontal().contentLength()} values.
     */
    static float[][] resample(PixelRows rows, ResizePlan plan) {
        InputGeometry.Axis horizontal = plan.horizontal();
        InputGeometry.Axis vertical = plan.vertical();
        AxisWeights columnWeights = ResizePlan.copies(horizontal) ? null : AxisWeights.of(horizontal);
        AxisWeights rowWeights = ResizePlan.copies(vertical) ? null : AxisWeights.of(vertical);
        int firstRow = rowWeights == null ? 0 : rowWeights.firstSource();
        int endRow = rowWeights == null ? vertical.sourceLength() : rowWeights.endSource();
        int outWidth = horizontal.contentLength();
        int channels = rows.channels();

        float[][] row = new float[channels][rows.width()];
        float[][] filtered = new float[channels][(endRow - firstRow) * outWidth];
        for (int y = firstRow; y < endRow; y++) {
            rows.read(y, row);
            int at = (y - firstRow) * outWidth;
            if (columnWeights != null && channels == 3) {
                filterRgbRow(row, columnWeights, filtered, at);
                continue;
            }
            for (int c = 0; c < channels; c++) {
                if (columnWeights == null) {
                    System.arraycopy(row[c], 0, filtered[c], at, outWidth);
                } else {
                    filterRow(row[c], columnWeights, filtered[c], at);
                }
            }
        }
        if (rowWeights == null) {
            return filtered;
        }
        float[][] out = new float[channels][];
        for (int c = 0; c < channels; c++) {
            out[c] = filterColumns(filtered[c], outWidth, firstRow, rowWeights);
        }
        return out;
    }

    private static void filterRow(float[] source, AxisWeights weights, float[] target, int targetStart) {
        for (int x = 0; x < weights.outputLength(); x++) {
            int first = weights.first(x);
            int base = weights.offset(x);
            double sum = 0;
            for (int k = 0; k < weights.count(x); k++) {
                sum += weights.weight(base + k) * source[first + k];
            }
            target[targetStart + x] = (float) sum;
        }
    }

    /**
     * {@link #filterRow} of the three planes of a colour row in one pass over the weights (a third of the
     * time of three passes on photos), with the same sums in the same order, so the same floats.
     */
    private static void filterRgbRow(float[][] source, AxisWeights weights, float[][] target, int targetStart) {
        float[] red = source[0];
        float[] green = source[1];
        float[] blue = source[2];
        for (int x = 0; x < weights.outputLength(); x++) {
            int first = weights.first(x);
            int base = weights.offset(x);
            double r = 0;
            double g = 0;
            double b = 0;
            for (int k = 0; k < weights.count(x); k++) {
                double w = weights.weight(base + k);
                r += w * red[first + k];
                g += w * green[first + k];
                b += w * blue[first + k];
            }
            target[0][targetStart + x] = (float) r;
            target[1][targetStart + x] = (float) g;
            target[2][targetStart + x] = (float) b;
        }
    }

    /** Vertical pass over rows {@code [firstRow, ...)} of the source stored from index 0 of {@code plane}. */
    private static float[] filterColumns(float[] plane, int width, int firstRow, AxisWeights weights) {
        int outHeight = weights.outputLength();
        float[] out = new float[width * outHeight];
        double[] sums = new double[width];
        for (int y = 0; y < outHeight; y++) {
            Arrays.fill(sums, 0);
            int first = weights.first(y);
            int base = weights.offset(y);
            for (int k = 0; k < weights.count(y); k++) {
                double w = weights.weight(base + k);
                int rowStart = (first + k - firstRow) * width;
                for (int x = 0; x < width; x++) {
                    sums[x] += w * plane[rowStart + x];
                }
            }
            for (int x = 0; x < width; x++) {
                out[y * width + x] = (float) sums[x];
            }
        }
        return out;
    }

    /** Tent-filter weights for every output pixel of one axis: a window of source pixels and their weights. */
    private record AxisWeights(int[] firsts, int[] counts, double[] weights, int taps) {

        static AxisWeights of(InputGeometry.Axis plan) {
            double scale = plan.sourcePerInputPixel();
            double radius = Math.max(scale, 1.0);
            int taps = (int) Math.ceil(2 * radius) + 2;
            int outputs = plan.contentLength();
            int[] firsts = new int[outputs];
            int[] counts = new int[outputs];
            double[] weights = new double[outputs * taps];
            for (int i = 0; i < outputs; i++) {
                double centre = (i + plan.cropOffset() + 0.5) * scale;
                // Source pixel s (centre s + 0.5) has a non-zero weight when |s + 0.5 - centre| < radius.
                int first = Math.max(0, (int) Math.floor(centre - radius - 0.5) + 1);
                int end = Math.min(plan.sourceLength(), (int) Math.ceil(centre + radius - 0.5));
                double total = 0;
                int count = 0;
                for (int s = first; s < end && count < taps; s++, count++) {
                    double w = tent((s + 0.5 - centre) / radius);
                    weights[i * taps + count] = w;
                    total += w;
                }
                if (total > 0) {
                    for (int k = 0; k < count; k++) {
                        weights[i * taps + k] /= total;
                    }
                } else {
                    // Defensive: a valid plan always has the nearest source pixel inside the radius.
                    first = Math.min(plan.sourceLength() - 1, Math.max(0, (int) Math.floor(centre)));
                    count = 1;
                    weights[i * taps] = 1;
                }
                firsts[i] = first;
                counts[i] = count;
            }
            return new AxisWeights(firsts, counts, weights, taps);
        }

        private static double tent(double distance) {
            double d = Math.abs(distance);
            return d < 1 ? 1 - d : 0;
        }

        int outputLength() {
            return firsts.length;
        }

        int first(int output) {
            return firsts[output];
        }

        int count(int output) {
            return counts[output];
        }

        int offset(int output) {
            return output * taps;
        }

        double weight(int index) {
            return weights[index];
        }

        /** The lowest source index any output reads. */
        int firstSource() {
            int lowest = Integer.MAX_VALUE;
            for (int first : firsts) {
                lowest = Math.min(lowest, first);
            }
            return lowest;
        }

        /** One past the highest source index any output reads. */
        int endSource() {
            int highest = 0;
            for (int i = 0; i < firsts.length; i++) {
                highest = Math.max(highest, firsts[i] + counts[i]);
            }
            return highest;
        }
    }
}
