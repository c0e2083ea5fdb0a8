package dev.facet.extractors.images;

import dev.facet.spi.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the right {@link ImageSource} for a path, judged by what the path is:
 * <ol>
 *   <li>a directory: {@link FolderImageSource};</li>
 *   <li>a file ending in {@code .txt} or {@code .lst}: {@link ListFileImageSource};</li>
 *   <li>a file whose name contains {@code idx} (such as {@code train-images-idx3-ubyte},
 *       {@code digits.idx}, {@code x.idx3-ubyte.gz}): {@link IdxImageSource}, with the labels file
 *       that MNIST's naming convention pairs with it when that file exists
 *       ({@link IdxImageSource#conventionalLabelsFile(Path)}).</li>
 * </ol>
 * Anything else is a {@link ConfigException} that lists what is accepted. Image files are decoded
 * within {@link ImageLimits}; IDX images are fixed-size arrays already in memory and need none.
 */
public final class ImageSources {
    private static final Logger LOG = LoggerFactory.getLogger(ImageSources.class);

    private ImageSources() {
    }

    /** Opens the source at {@code path} with the {@linkplain ImageLimits#defaults() default limits}. */
    public static ImageSource open(Path path) {
        return open(path, ImageLimits.defaults());
    }

    /** Opens the source at {@code path}; its image files are decoded within {@code limits}. */
    public static ImageSource open(Path path, ImageLimits limits) {
        if (Files.isDirectory(path)) {
            return FolderImageSource.open(path, limits);
        }
        if (!Files.exists(path)) {
            throw new ConfigException("Image source " + path + " does not exist; expected a directory of images, "
                    + "an IDX file or a list file");
        }
        Path fileName = path.getFileName();
        String name = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".txt") || name.endsWith(".lst")) {
            return ListFileImageSource.open(path, limits);
        }
        if (name.contains("idx")) {
            Optional<Path> labels = IdxImageSource.conventionalLabelsFile(path);
            if (labels.isPresent()) {
                LOG.info("Reading labels for {} from {}", path, labels.get());
                return IdxImageSource.open(path, labels.get());
            }
            return IdxImageSource.open(path);
        }
        throw new ConfigException("Cannot tell what kind of image source " + path + " is; expected a directory of "
                + "images, an IDX file (a name containing 'idx', e.g. train-images-idx3-ubyte, data.idx or "
                + "data.idx3-ubyte.gz) or a list file (.txt or .lst)");
    }
}
