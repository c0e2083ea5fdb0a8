package dev.facet.visualization.maco;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * MACO's random crops (Fel et al. 2023; docs/algorithms.md#random-crops): square boxes with centres
 * 0.5 + N(0, 0.15) and side N(meanSize, 0.05) clipped to [0.05, 1], each resampled bilinearly to the
 * model's input. Sampling follows the corner-aligned convention of {@code tf.image.crop_and_resize}:
 * output pixel (i, j) of an {@code outH × outW} crop reads the image at
 * y = top·(h−1) + i·(bottom−top)·(h−1)/(outH−1) (the box's centre when outH = 1), likewise x, by
 * bilinear interpolation of the image extended with zeros — {@code torch.nn.functional.grid_sample}
 * with {@code align_corners=True} and {@code padding_mode='zeros'}.
 */
public final class RandomCrops {

    static final double CENTRE_STD = 0.15;
    static final double SIZE_STD = 0.05;
    static final double MIN_SIZE = 0.05;

    private RandomCrops() {
    }

    /**
     * {@code count} boxes drawn from {@code random}: for each box in turn, three Gaussians in the
     * order centre row, centre column, side.
     *
     * @throws IllegalArgumentException if {@code count} is negative or {@code meanSize} is not in (0, 1]
     */
    public static List<CropBox> sample(SplittableRandom random, int count, double meanSize) {
        if (count < 0) {
            throw new IllegalArgumentException("Crop count must be non-negative, got " + count);
        }
        if (!(meanSize > 0 && meanSize <= 1)) {
            throw new IllegalArgumentException("Mean crop size must be in (0, 1], got " + meanSize);
        }
        List<CropBox> boxes = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            double centreY = 0.5 + CENTRE_STD * random.nextGaussian();
            double centreX = 0.5 + CENTRE_STD * random.nextGaussian();
            double side = Math.min(1, Math.max(MIN_SIZE, meanSize + SIZE_STD * random.nextGaussian()));
            double half = side / 2;
            boxes.add(new CropBox(centreY - half, centreX - half, centreY + half, centreX + half));
        }
        return boxes;
    }

    /**
     * Writes the crop {@code box} of {@code image} (c, h, w), resampled to (c, outH, outW), into
     * {@code out} at {@code offset}.
     */
    public static void crop(float[] image, int channels, int height, int width, CropBox box,
                            int outHeight, int outWidth, float[] out, int offset) {
        checkSizes(image.length, channels, height, width, outHeight, outWidth, out.length, offset);
        Axis rows = new Axis(box.top(), box.bottom(), height, outHeight);
        Axis cols = new Axis(box.left(), box.right(), width, outWidth);
        for (int c = 0; c < channels; c++) {
            int plane = c * height * width;
            int outPlane = offset + c * outHeight * outWidth;
            for (int i = 0; i < outHeight; i++) {
                for (int j = 0; j < outWidth; j++) {
                    double sum = 0;
                    for (int a = 0; a < 2; a++) {
                        int y = rows.index(i, a);
                        double wy = rows.weight(i, a);
                        if (y < 0 || wy == 0) {
                            continue;
                        }
                        for (int b = 0; b < 2; b++) {
                            int x = cols.index(j, b);
                            if (x >= 0) {
                                sum += wy * cols.weight(j, b) * image[plane + y * width + x];
                            }
                        }
                    }
                    out[outPlane + i * outWidth + j] = (float) sum;
                }
            }
        }
    }

    /**
     * The adjoint of {@link #crop}: adds to {@code imageGradient} (c, h, w) the gradient of the
     * image given {@code outGradient}'s (c, outH, outW) values at {@code offset} for the crop's
     * pixels.
     */
    public static void cropBackward(float[] outGradient, int offset, int channels, int height, int width,
                                    CropBox box, int outHeight, int outWidth, float[] imageGradient) {
        checkSizes(imageGradient.length, channels, height, width, outHeight, outWidth, outGradient.length, offset);
        Axis rows = new Axis(box.top(), box.bottom(), height, outHeight);
        Axis cols = new Axis(box.left(), box.right(), width, outWidth);
        for (int c = 0; c < channels; c++) {
            int plane = c * height * width;
            int outPlane = offset + c * outHeight * outWidth;
            for (int i = 0; i < outHeight; i++) {
                for (int j = 0; j < outWidth; j++) {
                    double g = outGradient[outPlane + i * outWidth + j];
                    for (int a = 0; a < 2; a++) {
                        int y = rows.index(i, a);
                        if (y < 0) {
                            continue;
                        }
                        double gy = g * rows.weight(i, a);
                        for (int b = 0; b < 2; b++) {
                            int x = cols.index(j, b);
                            if (x >= 0) {
                                imageGradient[plane + y * width + x] += (float) (gy * cols.weight(j, b));
                            }
                        }
                    }
                }
            }
        }
    }

    private static void checkSizes(int imageLength, int channels, int height, int width,
                                   int outHeight, int outWidth, int outLength, int offset) {
        if (channels <= 0 || height <= 0 || width <= 0 || outHeight <= 0 || outWidth <= 0) {
            throw new IllegalArgumentException("Crop sizes must be positive: " + channels + "x" + height + "x"
                    + width + " -> " + outHeight + "x" + outWidth);
        }
        if (imageLength < channels * height * width) {
            throw new IllegalArgumentException("A " + channels + "x" + height + "x" + width + " image needs "
                    + channels * height * width + " values, got " + imageLength);
        }
        if (offset < 0 || outLength - offset < channels * outHeight * outWidth) {
            throw new IllegalArgumentException("A " + channels + "x" + outHeight + "x" + outWidth
                    + " crop does not fit at offset " + offset + " of " + outLength + " values");
        }
    }

    /**
     * The two source indices and bilinear weights of every output position along one axis; an
     * index outside the image is −1 (its zero value contributes nothing).
     */
    private static final class Axis {
        private final int[] indices;
        private final double[] weights;

        Axis(double start, double end, int size, int outSize) {
            indices = new int[2 * outSize];
            weights = new double[2 * outSize];
            double span = size - 1;
            for (int i = 0; i < outSize; i++) {
                double position = outSize == 1
                        ? 0.5 * (start + end) * span
                        : start * span + i * (end - start) * span / (outSize - 1);
                double floor = Math.floor(position);
                double fraction = position - floor;
                set(2 * i, (long) floor, 1 - fraction, size);
                set(2 * i + 1, (long) floor + 1, fraction, size);
            }
        }

        private void set(int slot, long index, double weight, int size) {
            boolean inside = index >= 0 && index < size;
            indices[slot] = inside ? (int) index : -1;
            weights[slot] = inside ? weight : 0;
        }

        int index(int position, int neighbour) {
            return indices[2 * position + neighbour];
        }

        double weight(int position, int neighbour) {
            return weights[2 * position + neighbour];
        }
    }
}
