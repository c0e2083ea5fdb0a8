package dev.facet.extractors.images;

import dev.facet.spi.ConfigException;
import dev.facet.spi.FacetException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image files under a directory, searched recursively. A file counts when its extension is one
 * of {@link #EXTENSIONS} (case-insensitive); whether it really is an image is found out when it is
 * loaded. Items are sorted by id, the path relative to the directory with {@code '/'} separators,
 * compared as plain strings, so the order does not depend on the file system or the locale. Symbolic
 * links to files are followed; links to directories are not.
 */
public final class FolderImageSource extends UnlabelledImageSource {
    private static final Logger LOG = LoggerFactory.getLogger(FolderImageSource.class);

    /** Extensions, lower case and without the dot, of the files this source lists. */
    public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");


    private FolderImageSource(Path directory, List<FileImageItem> items) {
        super(directory, items);
    }

    /**
     * Lists the images under {@code directory}, decoded within the {@linkplain ImageLimits#defaults()
     * default limits}.
     *
     * @throws ConfigException if {@code directory} is not a directory
     * @throws FacetException  if the directory tree cannot be listed
     */
    public static FolderImageSource open(Path directory) {
        return open(directory, ImageLimits.defaults());
    }

    /**
     * Lists the images under {@code directory}, decoded within {@code limits}.
     *
     * @throws ConfigException if {@code directory} is not a directory
     * @throws FacetException  if the directory tree cannot be listed
     */
    public static FolderImageSource open(Path directory, ImageLimits limits) {
        if (!Files.isDirectory(directory)) {
            throw new ConfigException("Image folder " + directory + " does not exist or is not a directory");
        }
        List<FileImageItem> items;
        try (Stream<Path> files = Files.walk(directory)) {
            items = files.filter(FolderImageSource::hasImageExtension)
                    .filter(Files::isRegularFile)
                    .map(file -> new FileImageItem(relativeId(directory, file), file, limits))
                    .sorted(Comparator.comparing(FileImageItem::id))
                    .collect(Collectors.toUnmodifiableList());
        } catch (IOException | UncheckedIOException e) {
            throw new FacetException("Cannot list the images under " + directory + ": " + e.getMessage(), e);
        }
        if (items.isEmpty()) {
            LOG.warn("Image folder {} holds no files with extensions {}", directory, EXTENSIONS);
        } else {
            LOG.debug("Image folder {} holds {} image files", directory, items.size());
        }
        return new FolderImageSource(directory, items);
    }

    /** The directory this source lists. */
    public Path directory() {
        return origin();
    }

    static boolean hasImageExtension(Path file) {
        Path fileName = file.getFileName();
        if (fileName == null) {
            return false;
        }
        String name = fileName.toString();
        int dot = name.lastIndexOf('.');
        return dot >= 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static String relativeId(Path directory, Path file) {
        StringBuilder id = new StringBuilder();
        for (Path part : directory.relativize(file)) {
            if (id.length() > 0) {
                id.append('/');
            }
            id.append(part);
        }
        return id.toString();
    }

    @Override
    public String toString() {
        return "FolderImageSource[" + origin() + ", " + size() + " images]";
    }
}
