package dev.facet.extractors.images;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes image files with ImageIO and refuses anything that is not a complete image. A file is read
 * into memory once, its format is recognised from its content (not its extension), and:
 * <ul>
 *   <li>an empty file, a file no ImageIO reader recognises, or one whose decoder fails is refused;</li>
 *   <li>a PNG must have all its chunks and an IEND chunk ({@code PngIntegrity}), because ImageIO
 *       decodes a PNG that lost its tail without an error;</li>
 *   <li>a decoder warning about truncation or a premature end (how the JPEG decoder reports a cut
 *       file, which it otherwise fills with grey) is refused.</li>
 * </ul>
 * Every refusal is an {@link UnreadableImageException} whose message is the reason. Other decoder
 * warnings are logged at debug level and the image is kept. Only the first frame of a multi-frame
 * file (an animated GIF) is read. Thread-safe.
 */
public final class ImageFiles {
    private static final Logger LOG = LoggerFactory.getLogger(ImageFiles.class);
    private static final Pattern TRUNCATION_WARNING =
            Pattern.compile("(?i).*(truncat|premature end|end of file|missing eoi).*");

    private ImageFiles() {
    }

    /**
     * Reads and decodes one image file.
     *
     * @throws UnreadableImageException if the file is missing, unreadable, empty or not a complete image
     */
    public static BufferedImage read(Path file) {
        if (!Files.exists(file)) {
            throw new UnreadableImageException("file does not exist: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new UnreadableImageException("not a regular file: " + file);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UnreadableImageException("cannot read file " + file + ": " + e, e);
        }
        return decode(bytes);
    }

    /**
     * Decodes an encoded image (PNG, JPEG, GIF, BMP or any other format an ImageIO plug-in reads).
     *
     * @throws UnreadableImageException if the bytes are empty or not a complete image
     */
    public static BufferedImage decode(byte[] encoded) {
        if (encoded.length == 0) {
            throw new UnreadableImageException("empty file (0 bytes)");
        }
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw new UnreadableImageException("not a decodable image: no image reader recognises a file that "
                        + "starts with " + leadingBytes(encoded) + " (" + encoded.length + " bytes)");
            }
            ImageReader reader = readers.next();
            try {
                return decodeWith(reader, input, encoded);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new UnreadableImageException("not a decodable image: " + describe(e), e);
        }
    }

    private static BufferedImage decodeWith(ImageReader reader, ImageInputStream input, byte[] encoded) {
        String format = formatName(reader);
        if (format.equals("PNG")) {
            PngIntegrity.requireComplete(encoded);
        }
        TruncationWarnings warnings = new TruncationWarnings();
        reader.addIIOReadWarningListener(warnings);
        BufferedImage image;
        try {
            reader.setInput(input, true, true);
            image = reader.read(0);
        } catch (EOFException e) {
            throw new UnreadableImageException("truncated " + format + ": the file ends before the image data does", e);
        } catch (IOException e) {
            throw new UnreadableImageException("truncated or corrupt " + format + ": " + describe(e), e);
        } catch (RuntimeException e) {
            throw new UnreadableImageException("corrupt " + format + ": the decoder failed with " + e, e);
        }
        if (warnings.truncation != null) {
            throw new UnreadableImageException("truncated " + format + ": " + warnings.truncation);
        }
        return image;
    }

    private static String formatName(ImageReader reader) {
        try {
            return reader.getFormatName().toUpperCase(Locale.ROOT);
        } catch (IOException e) {
            return reader.getOriginatingProvider() == null ? "image"
                    : reader.getOriginatingProvider().getFormatNames()[0].toUpperCase(Locale.ROOT);
        }
    }

    /** The exception's message followed by those of its first few causes. */
    private static String describe(Throwable error) {
        StringBuilder text = new StringBuilder(messageOf(error));
        Throwable cause = error.getCause();
        for (int depth = 0; cause != null && depth < 4; depth++, cause = cause.getCause()) {
            text.append(" (cause: ").append(messageOf(cause)).append(')');
        }
        return text.toString();
    }

    private static String messageOf(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static String leadingBytes(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(8, bytes.length); i++) {
            hex.append(String.format(Locale.ROOT, "%02X", bytes[i] & 0xFF));
        }
        return "0x" + hex;
    }

    /** Remembers the first decoder warning that says the data stopped early. */
    private static final class TruncationWarnings implements IIOReadWarningListener {
        private String truncation;

        @Override
        public void warningOccurred(ImageReader source, String warning) {
            if (truncation == null && warning != null && TRUNCATION_WARNING.matcher(warning).matches()) {
                truncation = warning;
            } else {
                LOG.debug("Image decoder warning (image kept): {}", warning);
            }
        }
    }
}
