package dev.facet.extractors.images;

import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.InvalidDataException;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grayscale images stored in an IDX file (the MNIST format, magic {@code 0x00000803}: n x h x w
 * unsigned bytes), optionally with labels from a second IDX file (magic {@code 0x00000801}: n
 * unsigned bytes). Either file may be gzip-compressed (name ending in {@code .gz}). Both files are
 * read into memory when the source is opened; items are ids {@code <images file name>#<index>}.
 */
public final class IdxImageSource implements ImageSource {
    private static final Logger LOG = LoggerFactory.getLogger(IdxImageSource.class);

    private final Path imagesFile;
    private final String idPrefix;
    private final int count;
    private final int height;
    private final int width;
    private final byte[] pixels;
    private final byte[] labels;

    private IdxImageSource(IdxFile images, IdxFile labelFile) {
        this.imagesFile = images.file();
        this.idPrefix = String.valueOf(imagesFile.getFileName()) + "#";
        this.count = images.dimension(0);
        this.height = images.dimension(1);
        this.width = images.dimension(2);
        this.pixels = images.data();
        this.labels = labelFile == null ? null : labelFile.data();
    }

    /**
     * Reads an images IDX file without labels.
     *
     * @throws ConfigException          if the file does not exist
     * @throws CorruptArtifactException if it is not a complete IDX images file
     */
    public static IdxImageSource open(Path imagesFile) {
        return create(IdxFile.read(imagesFile, IdxFile.IMAGES_MAGIC, "pixel"), null);
    }

    /**
     * Reads an images IDX file and its labels IDX file.
     *
     * @throws ConfigException          if a file does not exist
     * @throws CorruptArtifactException if a file is not a complete IDX file of its kind
     * @throws InvalidDataException     if the label count differs from the image count
     */
    public static IdxImageSource open(Path imagesFile, Path labelsFile) {
        Objects.requireNonNull(labelsFile, "labelsFile");
        IdxFile images = IdxFile.read(imagesFile, IdxFile.IMAGES_MAGIC, "pixel");
        IdxFile labels = IdxFile.read(labelsFile, IdxFile.LABELS_MAGIC, "label");
        if (labels.dimension(0) != images.dimension(0)) {
            throw new InvalidDataException("Labels file " + labelsFile + " holds " + labels.dimension(0)
                    + " labels, but images file " + imagesFile + " holds " + images.dimension(0)
                    + " images; expected one label per image");
        }
        return create(images, labels);
    }

    /**
     * The labels file that MNIST's naming convention pairs with {@code imagesFile}, if it exists:
     * {@code images} becomes {@code labels} and {@code idx3} becomes {@code idx1} in the file name
     * ({@code train-images-idx3-ubyte.gz} pairs with {@code train-labels-idx1-ubyte.gz}).
     */
    public static Optional<Path> conventionalLabelsFile(Path imagesFile) {
        Path fileName = imagesFile.getFileName();
        if (fileName == null) {
            return Optional.empty();
        }
        String name = fileName.toString();
        String labelsName = name.replace("images", "labels").replace("idx3", "idx1");
        if (labelsName.equals(name)) {
            return Optional.empty();
        }
        Path labels = imagesFile.resolveSibling(labelsName);
        return Files.isRegularFile(labels) ? Optional.of(labels) : Optional.empty();
    }

    private static IdxImageSource create(IdxFile images, IdxFile labels) {
        if (images.dimension(0) > 0 && (images.dimension(1) == 0 || images.dimension(2) == 0)) {
            throw new CorruptArtifactException(images.file(), "expected images of at least 1x1 pixels, found "
                    + images.dimension(1) + "x" + images.dimension(2));
        }
        IdxImageSource source = new IdxImageSource(images, labels);
        LOG.debug("IDX file {} holds {} images of {}x{} pixels{}", images.file(), source.count, source.height,
                source.width, labels == null ? "" : " with labels from " + labels.file());
        return source;
    }

    /** The images file. */
    public Path imagesFile() {
        return imagesFile;
    }

    /** Height of every image in pixels. */
    public int imageHeight() {
        return height;
    }

    /** Width of every image in pixels. */
    public int imageWidth() {
        return width;
    }

    @Override
    public String name() {
        return imagesFile.toString();
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public ImageItem item(int index) {
        Objects.checkIndex(index, count);
        return new IdxItem(index);
    }

    @Override
    public boolean hasLabels() {
        return labels != null;
    }

    @Override
    public String toString() {
        return "IdxImageSource[" + imagesFile + ", " + count + " images of " + height + "x" + width + "]";
    }

    /** One image of the file, decoded from memory. */
    private final class IdxItem implements ImageItem {
        private final int index;

        IdxItem(int index) {
            this.index = index;
        }

        @Override
        public String id() {
            return idPrefix + index;
        }

        @Override
        public OptionalInt label() {
            return labels == null ? OptionalInt.empty() : OptionalInt.of(labels[index] & 0xFF);
        }

        @Override
        public BufferedImage load() {
            int imageBytes = height * width;
            return GrayscaleImages.fromUnsignedBytes(pixels, index * imageBytes, width, height);
        }
    }
}
