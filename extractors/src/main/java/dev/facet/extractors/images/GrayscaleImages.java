package dev.facet.extractors.images;

import dev.facet.spi.InvalidDataException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/** Wraps raw 8-bit grayscale pixels (as stored in IDX files) in a {@link BufferedImage}. */
public final class GrayscaleImages {

    private GrayscaleImages() {
    }

    /**
     * A {@link BufferedImage#TYPE_BYTE_GRAY} image holding a copy of {@code width * height} unsigned
     * bytes from {@code pixels}, starting at {@code offset}, row by row.
     *
     * @throws InvalidDataException if the sizes are not positive or the bytes do not reach far enough
     */
    public static BufferedImage fromUnsignedBytes(byte[] pixels, int offset, int width, int height) {
        if (width < 1 || height < 1) {
            throw new InvalidDataException("Grayscale image size must be at least 1x1, found " + width + "x" + height);
        }
        long needed = (long) width * height;
        if (offset < 0 || offset + needed > pixels.length) {
            throw new InvalidDataException("A " + width + "x" + height + " grayscale image at offset " + offset
                    + " needs " + needed + " bytes, but the array holds " + pixels.length);
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] target = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(pixels, offset, target, 0, (int) needed);
        return image;
    }
}
