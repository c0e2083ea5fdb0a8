package dev.facet.extractors.images;

import dev.facet.spi.FacetException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes image files with ImageIO and refuses anything that is not a complete image or that would
 * cost too much to decode. A file's header is read first, straight from the file; the file is then
 * read into memory once, its format is recognised from its content (not its extension), and:
 * <ul>
 *   <li>an image over the {@link ImageLimits} (too many pixels, or a decode that cannot fit in the
 *       whole {@link DecodeBudget}) is refused from its header, before any pixel is decoded, and a
 *       decode waits for its share of the budget;</li>
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
     * Reads and decodes one image file within the {@linkplain ImageLimits#defaults() default limits}.
     *
     * @throws UnreadableImageException if the file is missing, unreadable, empty, over the limits or
     *                                  not a complete image
     */
    public static BufferedImage read(Path file) {
        return read(file, ImageLimits.defaults(), Function.identity());
    }

    /**
     * Reads and decodes one image file and returns what {@code reduce} makes of it. The header is read
     * first, straight from the file, and checked against {@code limits}; the decode then waits for its
     * estimated memory in the limits' budget and holds it until {@code reduce} returns, so
     * {@code reduce} should shrink the image (to a model input, say) rather than keep it.
     *
     * @throws UnreadableImageException if the file is missing, unreadable, empty, over the limits or
     *                                  not a complete image
     * @throws FacetException           if the Java heap runs out while decoding all the same: a run
     *                                  stops rather than skip an image for a reason that depends on
     *                                  memory pressure
     */
    public static <T> T read(Path file, ImageLimits limits, Function<BufferedImage, T> reduce) {
        if (!Files.exists(file)) {
            throw new UnreadableImageException("file does not exist: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new UnreadableImageException("not a regular file: " + file);
        }
        long length;
        try {
            length = Files.size(file);
        } catch (IOException e) {
            throw new UnreadableImageException("cannot read file " + file + ": " + e, e);
        }
        if (length == 0) {
            throw new UnreadableImageException("empty file (0 bytes)");
        }
        ImageHeader header = peekHeader(file);
        long cost = header != null ? limits.decodeBytes(header, length) : length;
        if (!limits.budget().fits(cost)) {
            throw new UnreadableImageException("file is " + DecodeBudget.megabytes(cost) + ", more than the whole "
                    + limits.budget());
        }
        try (DecodeBudget.Lease lease = limits.budget().acquire(cost)) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UnreadableImageException("cannot read file " + file + ": " + e, e);
            }
            return decode(bytes, limits, reduce, lease);
        }
    }

    /**
     * Decodes an encoded image (PNG, JPEG, GIF, BMP or any other format an ImageIO plug-in reads)
     * within the {@linkplain ImageLimits#defaults() default limits}.
     *
     * @throws UnreadableImageException if the bytes are empty, over the limits or not a complete image
     */
    public static BufferedImage decode(byte[] encoded) {
        try (DecodeBudget.Lease lease = ImageLimits.defaults().budget().acquire(0)) {
            return decode(encoded, ImageLimits.defaults(), Function.identity(), lease);
        }
    }

    private static <T> T decode(byte[] encoded, ImageLimits limits, Function<BufferedImage, T> reduce,
                                DecodeBudget.Lease lease) {
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
                String format = formatName(reader);
                if (format.equals("PNG")) {
                    PngIntegrity.requireComplete(encoded);
                }
                reader.setInput(input, true, true);
                ImageHeader header = readHeader(reader, format);
                lease.ensure(limits.decodeBytes(header, encoded.length));
                return reduce(decodeWith(reader, header), header, reduce);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new UnreadableImageException("not a decodable image: " + describe(e), e);
        }
    }

    /** The header of the file's image, or null when no reader recognises it or its header cannot be read. */
    private static ImageHeader peekHeader(Path file) {
        try (ImageInputStream input = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = input == null ? null : ImageIO.getImageReaders(input);
            if (readers == null || !readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                return ImageHeader.of(reader, formatName(reader));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Cannot read the image header of {} ahead of decoding: {}", file, e.toString());
            return null;
        }
    }

    private static ImageHeader readHeader(ImageReader reader, String format) {
        try {
            return ImageHeader.of(reader, format);
        } catch (EOFException e) {
            throw new UnreadableImageException("truncated " + format + ": the file ends inside the header", e);
        } catch (IOException | RuntimeException e) {
            throw new UnreadableImageException("corrupt " + format + " header: " + describe(e), e);
        }
    }

    private static BufferedImage decodeWith(ImageReader reader, ImageHeader header) {
        String format = header.format();
        TruncationWarnings warnings = new TruncationWarnings();
        reader.addIIOReadWarningListener(warnings);
        BufferedImage image;
        try {
            image = reader.read(0);
        } catch (EOFException e) {
            throw new UnreadableImageException("truncated " + format + ": the file ends before the image data does", e);
        } catch (IOException e) {
            throw outOfMemoryIn(e, header).orElseGet(() ->
                    new UnreadableImageException("truncated or corrupt " + format + ": " + describe(e), e));
        } catch (RuntimeException e) {
            throw outOfMemoryIn(e, header).orElseGet(() ->
                    new UnreadableImageException("corrupt " + format + ": the decoder failed with " + e, e));
        } catch (OutOfMemoryError e) {
            throw outOfMemory(e, header);
        }
        if (warnings.truncation != null) {
            throw new UnreadableImageException("truncated " + format + ": " + warnings.truncation);
        }
        return image;
    }

    private static <T> T reduce(BufferedImage image, ImageHeader header, Function<BufferedImage, T> reduce) {
        try {
            return reduce.apply(image);
        } catch (OutOfMemoryError e) {
            throw outOfMemory(e, header);
        }
    }

    /** An {@link OutOfMemoryError} among the causes of {@code error}, as a run-stopping failure. */
    private static Optional<FacetException> outOfMemoryIn(Throwable error, ImageHeader header) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutOfMemoryError oom) {
                return Optional.of(outOfMemory(oom, header));
            }
        }
        return Optional.empty();
    }

    private static FacetException outOfMemory(OutOfMemoryError error, ImageHeader header) {
        return new FacetException("The Java heap ran out while decoding a " + header.format() + " of " + header
                + " although it fitted the image decode budget; stopping rather than skipping the image, so that what "
                + "is stored never depends on memory pressure. Give Facet more heap (-Xmx) or use fewer --threads", error);
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
