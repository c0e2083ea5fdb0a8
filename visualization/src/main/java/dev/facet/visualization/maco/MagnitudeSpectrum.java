package dev.facet.visualization.maco;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.tensor.Tensor;
import java.util.List;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The fixed magnitude spectrum of MACO (Fel et al. 2023; docs/algorithms.md#magnitude-spectrum): per
 * channel, the mean over a set of images of |rfft2(image)|, shape (c, h, w/2+1), c = 1 (gray) or 3.
 * Colour images are first moved to the decorrelated space (t = rgb·M⁻¹, {@link ColourDecorrelation})
 * so that after {@link FourierImage}'s recorrelation each RGB channel carries the images' own
 * spectrum. Xplique ships a spectrum estimated on ImageNet; Facet estimates one from the dataset.
 */
public final class MagnitudeSpectrum {

    private final float[] values;
    private final int channels;
    private final int height;
    private final int width;

    private MagnitudeSpectrum(float[] values, int channels, int height, int width) {
        this.values = values;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    /**
     * The spectrum of images given as a model's input: batches (n, c, h, w) preprocessed per {@code input},
     * each value mapped back to [0, 1] ({@code p·std + mean}) and BGR images put in RGB order, then
     * {@link #estimate}d.
     *
     * @throws InvalidDataException if a batch does not have the input's shape, or as {@link #estimate}
     */
    public static MagnitudeSpectrum fromModelInput(List<Tensor> batches, InputSpec input) {
        int channels = input.channels();
        int plane = input.height() * input.width();
        int count = 0;
        for (Tensor batch : batches) {
            if (batch.rank() != 4 || batch.dim(1) != channels || batch.dim(2) != input.height()
                    || batch.dim(3) != input.width()) {
                throw new InvalidDataException("Images for a magnitude spectrum must be (n, " + channels + ", "
                        + input.height() + ", " + input.width() + ") as the model takes them, found " + batch);
            }
            count += (int) batch.dim(0);
        }
        float[] mean = input.mean();
        float[] std = input.std();
        float[] images = new float[count * channels * plane];
        int image = 0;
        for (Tensor batch : batches) {
            float[] data = batch.data();
            for (int b = 0; b < batch.dim(0); b++, image++) {
                for (int c = 0; c < channels; c++) {
                    int source = input.order() == ChannelOrder.BGR ? channels - 1 - c : c;
                    int from = (b * channels + source) * plane;
                    int to = (image * channels + c) * plane;
                    for (int p = 0; p < plane; p++) {
                        images[to + p] = data[from + p] * std[source] + mean[source];
                    }
                }
            }
        }
        return estimate(images, count, channels, input.height(), input.width());
    }

    /**
     * The spectrum of {@code n} images (n, c, h, w) in [0, 1], RGB order or gray.
     *
     * @throws InvalidDataException if there is no image, c is not 1 or 3, a size is not positive,
     *     the array's length does not match, or a value is not finite
     */
    public static MagnitudeSpectrum estimate(float[] images, int n, int channels, int height, int width) {
        checkChannels(channels, "images");
        if (n <= 0 || height <= 0 || width <= 0) {
            throw new InvalidDataException("A magnitude spectrum needs at least one image of positive size, got "
                    + n + " images of " + height + "x" + width);
        }
        int pixels = height * width;
        if (images.length != (long) n * channels * pixels) {
            throw new InvalidDataException("Images (" + n + ", " + channels + ", " + height + ", " + width
                    + ") need " + (long) n * channels * pixels + " values, got " + images.length);
        }
        RealFft2 fft = new RealFft2(height, width);
        int spectrum = height * RealFft2.halfWidth(width);
        double[] sum = new double[channels * spectrum];
        double[] image = new double[channels * pixels];
        double[] space = new double[channels * pixels];
        double[] re = new double[spectrum];
        double[] im = new double[spectrum];
        for (int i = 0; i < n; i++) {
            for (int v = 0; v < image.length; v++) {
                float value = images[i * image.length + v];
                if (!Float.isFinite(value)) {
                    throw new InvalidDataException("Image " + i + " has a non-finite value (" + value
                            + ") at index " + v);
                }
                image[v] = value;
            }
            double[] components = image;
            if (channels == ColourDecorrelation.CHANNELS) {
                ColourDecorrelation.decorrelate(image, space, pixels);
                components = space;
            }
            for (int c = 0; c < channels; c++) {
                fft.forward(components, c * pixels, re, im, 0);
                for (int k = 0; k < spectrum; k++) {
                    sum[c * spectrum + k] += Math.hypot(re[k], im[k]);
                }
            }
        }
        float[] mean = new float[sum.length];
        for (int k = 0; k < mean.length; k++) {
            mean[k] = (float) (sum[k] / n);
        }
        return new MagnitudeSpectrum(mean, channels, height, width);
    }

    /**
     * Reads a spectrum saved by {@link #save} or NumPy: a float32 or float64 array (c, h, w/2+1).
     * The image width is taken as the even 2·(w/2+1−1); {@link #resized} sets any other.
     *
     * @throws InvalidDataException naming the file if it is not such an array, or a value is
     *     negative or not finite
     */
    public static MagnitudeSpectrum load(Path npy) {
        FloatNpy.Array array = FloatNpy.read(npy);
        int[] shape = array.shape();
        if (shape.length != 3) {
            throw new InvalidDataException(npy + ": a magnitude spectrum is a (c, h, w/2+1) array, got shape "
                    + Arrays.toString(shape));
        }
        try {
            return of(array.values(), shape[0], shape[1], 2 * (shape[2] - 1));
        } catch (InvalidDataException e) {
            throw new InvalidDataException(npy + ": " + e.getMessage());
        }
    }

    /**
     * A spectrum of the given magnitudes (c, h, w/2+1) for images of {@code height × width}.
     *
     * @throws InvalidDataException if c is not 1 or 3, a size is not positive, the length does not
     *     match, or a value is negative or not finite
     */
    static MagnitudeSpectrum of(float[] values, int channels, int height, int width) {
        checkChannels(channels, "images");
        if (height < 1 || width < 2) {
            throw new InvalidDataException("A magnitude spectrum needs h >= 1 and w/2+1 >= 2, got h " + height
                    + " and w/2+1 " + RealFft2.halfWidth(width));
        }
        long expected = (long) channels * height * RealFft2.halfWidth(width);
        if (values.length != expected) {
            throw new InvalidDataException("A magnitude spectrum (" + channels + ", " + height + ", "
                    + RealFft2.halfWidth(width) + ") needs " + expected + " values, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] >= 0) || values[i] == Float.POSITIVE_INFINITY) {
                throw new InvalidDataException("A magnitude spectrum is finite and non-negative, value "
                        + i + " is " + values[i]);
            }
        }
        return new MagnitudeSpectrum(values, channels, height, width);
    }

    /** Writes the spectrum to {@code npy} as float32 (c, h, w/2+1), atomically. */
    public void save(Path npy) {
        FloatNpy.write(npy, new int[] {channels, height, RealFft2.halfWidth(width)}, values);
    }

    /**
     * The spectrum for images of {@code height × width}: each channel's (h, w/2+1) grid resampled
     * bilinearly to (height, width/2+1) with half-pixel centres (as {@code tf.image.resize}),
     * edges clamped. The same grid size returns a copy with the new width.
     *
     * @throws IllegalArgumentException if a size is not positive
     */
    public MagnitudeSpectrum resized(int newHeight, int newWidth) {
        if (newHeight <= 0 || newWidth <= 0) {
            throw new IllegalArgumentException("Spectrum size must be positive, got " + newHeight + "x" + newWidth);
        }
        int halfWidth = RealFft2.halfWidth(width);
        int newHalfWidth = RealFft2.halfWidth(newWidth);
        float[] out = new float[channels * newHeight * newHalfWidth];
        for (int c = 0; c < channels; c++) {
            int plane = c * height * halfWidth;
            int outPlane = c * newHeight * newHalfWidth;
            for (int i = 0; i < newHeight; i++) {
                double y = source(i, height, newHeight);
                int y0 = (int) Math.floor(y);
                double fy = y - y0;
                int y1 = Math.min(y0 + 1, height - 1);
                for (int j = 0; j < newHalfWidth; j++) {
                    double x = source(j, halfWidth, newHalfWidth);
                    int x0 = (int) Math.floor(x);
                    double fx = x - x0;
                    int x1 = Math.min(x0 + 1, halfWidth - 1);
                    double top = (1 - fx) * values[plane + y0 * halfWidth + x0] + fx * values[plane + y0 * halfWidth + x1];
                    double bottom = (1 - fx) * values[plane + y1 * halfWidth + x0] + fx * values[plane + y1 * halfWidth + x1];
                    out[outPlane + i * newHalfWidth + j] = (float) ((1 - fy) * top + fy * bottom);
                }
            }
        }
        return new MagnitudeSpectrum(out, channels, newHeight, newWidth);
    }

    /** The source coordinate of output index {@code i}, half-pixel centres, clamped to [0, size−1]. */
    private static double source(int i, int size, int newSize) {
        double position = (i + 0.5) * size / newSize - 0.5;
        return Math.min(size - 1, Math.max(0, position));
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** A copy of the magnitudes, (c, h, w/2+1) in C order. */
    public float[] values() {
        return values.clone();
    }

    /** The magnitudes without a copy, for {@link FourierImage}. */
    float[] data() {
        return values;
    }

    private static void checkChannels(int channels, String what) {
        if (channels != 1 && channels != ColourDecorrelation.CHANNELS) {
            throw new InvalidDataException("A magnitude spectrum is for gray (1) or RGB (3) " + what
                    + " (c 1 or 3), got " + channels + " channels");
        }
    }
}
