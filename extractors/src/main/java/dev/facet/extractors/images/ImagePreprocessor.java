package dev.facet.extractors.images;

import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.InputGeometry;
import dev.facet.spi.backbone.InputSpec;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Turns a decoded image into a backbone input as an {@link InputSpec} describes it:
 * <ol>
 *   <li>colour: the image is read as gray or R, G, B values in [0, 255] ({@code PixelRows}: alpha
 *       composited over white, palettes expanded, {@code 0.299 R + 0.587 G + 0.114 B} when the spec is
 *       GRAY);</li>
 *   <li>size: resized to {@code height x width} per the spec's {@link dev.facet.spi.backbone.ResizeMode}
 *       (the image's {@link InputGeometry}: scale, crop and padding per axis) with an antialiased bilinear
 *       filter ({@code TentResampler});</li>
 *   <li>order: gray is replicated for RGB/BGR, and R and B are swapped for BGR;</li>
 *   <li>values: {@code (p / 255 - mean[c]) / std[c]}; padding (ResizeMode {@code PAD} around the image,
 *       {@code FIT_HEIGHT_PAD_RIGHT} on its right) is the mean colour, so padded values are exactly 0.</li>
 * </ol>
 * The result is a {@code float[channels * height * width]} in (c, h, w) order. Stateless, thread-safe
 * and deterministic: the same image and spec always give the same floats.
 */
public final class ImagePreprocessor {
    private final InputSpec spec;
    private final float[] mean;
    private final float[] std;

    public ImagePreprocessor(InputSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.mean = spec.mean();
        this.std = spec.std();
    }

    /** The spec this preprocessor follows. */
    public InputSpec spec() {
        return spec;
    }

    /** Number of floats in one preprocessed image: channels x height x width. */
    public int valuesPerImage() {
        return spec.channels() * spec.height() * spec.width();
    }

    /**
     * Reads, decodes and preprocesses an image file.
     *
     * @throws UnreadableImageException if the file is not a complete image
     */
    public float[] preprocess(Path imageFile) {
        return preprocess(ImageFiles.read(imageFile));
    }

    /** Where a {@code width × height} image lies in the input under this spec. */
    public InputGeometry geometry(int width, int height) {
        return InputGeometry.of(width, height, spec);
    }

    /** Preprocesses a decoded image. */
    public float[] preprocess(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        PixelRows rows = PixelRows.of(image, spec.order() == ChannelOrder.GRAY);
        ResizePlan plan = new ResizePlan(geometry(rows.width(), rows.height()));
        float[][] resized = inOrder(TentResampler.resample(rows, plan));
        int targetHeight = spec.height();
        int targetWidth = spec.width();
        int outWidth = plan.horizontal().contentLength();
        int outHeight = plan.vertical().contentLength();
        int padLeft = plan.horizontal().padOffset();
        int padTop = plan.vertical().padOffset();
        float[] out = new float[valuesPerImage()];
        for (int c = 0; c < resized.length; c++) {
            float[] plane = resized[c];
            int planeStart = c * targetHeight * targetWidth;
            for (int y = 0; y < outHeight; y++) {
                int rowStart = planeStart + (y + padTop) * targetWidth + padLeft;
                for (int x = 0; x < outWidth; x++) {
                    out[rowStart + x] = (plane[y * outWidth + x] / 255f - mean[c]) / std[c];
                }
            }
        }
        return out;
    }

    /** Gray (1 plane) or R, G, B planes arranged in the spec's channel order. */
    private float[][] inOrder(float[][] planes) {
        boolean gray = planes.length == 1;
        return switch (spec.order()) {
            case GRAY -> planes;
            case RGB -> gray ? new float[][] {planes[0], planes[0], planes[0]} : planes;
            case BGR -> gray ? new float[][] {planes[0], planes[0], planes[0]}
                    : new float[][] {planes[2], planes[1], planes[0]};
        };
    }
}
