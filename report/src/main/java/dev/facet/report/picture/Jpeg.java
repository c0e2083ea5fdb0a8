package dev.facet.report.picture;

import dev.facet.spi.ConfigException;
import dev.facet.spi.FacetException;
import dev.facet.spi.InvalidDataException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes baseline JPEG files with the JDK's encoder at a given quality, for pictures of photos, which
 * lossless PNG stores several times larger. The image is drawn onto an opaque white RGB canvas first,
 * since JPEG has no alpha. Written atomically like {@link Png}; the same image and quality always
 * give the same bytes.
 */
public final class Jpeg {
    /** The default quality, as ImageIO counts it (0 to 1). */
    public static final double DEFAULT_QUALITY = 0.85;

    private Jpeg() {
    }

    /**
     * The JPEG encoding of {@code image} at {@code quality}.
     *
     * @throws ConfigException unless {@code 0 < quality <= 1}
     */
    public static byte[] encode(BufferedImage image, double quality) {
        Inputs.requireImage(image);
        requireQuality(quality);
        BufferedImage rgb = opaque(image);
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new FacetException("This Java runtime has no JPEG encoder");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality((float) quality);
            writer.write(null, new IIOImage(rgb, null, null), param);
        } catch (IOException e) {
            throw new FacetException("Cannot encode a " + image.getWidth() + "x" + image.getHeight() + " JPEG: " + e, e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * Writes {@code image} to {@code file} as JPEG atomically, creating missing parent directories.
     *
     * @throws FacetException naming the file when it cannot be written
     */
    public static void write(BufferedImage image, Path file, double quality) {
        if (file == null) {
            throw new InvalidDataException("JPEG target: expected a path, found null");
        }
        Png.writeBytes(encode(image, quality), file);
    }

    /**
     * Checks a quality value.
     *
     * @return {@code quality}
     * @throws ConfigException unless {@code 0 < quality <= 1}
     */
    public static double requireQuality(double quality) {
        if (!(quality > 0 && quality <= 1)) {
            throw ConfigException.outOfRange("jpeg_quality", quality, "(0, 1]");
        }
        return quality;
    }

    private static BufferedImage opaque(BufferedImage image) {
        return image.getType() == BufferedImage.TYPE_INT_RGB ? image : Pictures.toRgb(image);
    }
}
