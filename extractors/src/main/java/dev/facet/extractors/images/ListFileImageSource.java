package dev.facet.extractors.images;

import dev.facet.spi.ConfigException;
import dev.facet.spi.FacetException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Images named in a UTF-8 text file, one path per line, in the order listed. Relative paths are
 * resolved against the list file's directory; absolute paths are used as they are. Blank lines and
 * lines starting with {@code #} are ignored, as is surrounding white space. An item's id is its line
 * as written (trimmed). A listed file that is missing, or a line that is not a valid path, stays an
 * item and is skipped with its reason when loaded, so indices always match the list.
 */
public final class ListFileImageSource extends UnlabelledImageSource {
    private static final char BYTE_ORDER_MARK = '\uFEFF';


    private ListFileImageSource(Path listFile, List<ImageItem> items) {
        super(listFile, items);
    }

    /**
     * Reads a list file whose images are decoded within the {@linkplain ImageLimits#defaults() default
     * limits}.
     *
     * @throws ConfigException if the list file does not exist or is not UTF-8 text
     * @throws FacetException  if it cannot be read
     */
    public static ListFileImageSource open(Path listFile) {
        return open(listFile, ImageLimits.defaults());
    }

    /**
     * Reads a list file whose images are decoded within {@code limits}.
     *
     * @throws ConfigException if the list file does not exist or is not UTF-8 text
     * @throws FacetException  if it cannot be read
     */
    public static ListFileImageSource open(Path listFile, ImageLimits limits) {
        if (!Files.isRegularFile(listFile)) {
            throw new ConfigException("Image list file " + listFile + " does not exist or is not a file");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(listFile, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new ConfigException("Image list file " + listFile + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new FacetException("Cannot read image list file " + listFile + ": " + e.getMessage(), e);
        }
        Path base = listFile.toAbsolutePath().getParent();
        List<ImageItem> items = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String entry = lines.get(i);
            if (i == 0 && !entry.isEmpty() && entry.charAt(0) == BYTE_ORDER_MARK) {
                entry = entry.substring(1);
            }
            entry = entry.strip();
            if (!entry.isEmpty() && !entry.startsWith("#")) {
                items.add(itemFor(entry, base, listFile, i + 1, limits));
            }
        }
        return new ListFileImageSource(listFile, Collections.unmodifiableList(items));
    }

    private static ImageItem itemFor(String entry, Path base, Path listFile, int lineNumber, ImageLimits limits) {
        try {
            Path listed = Path.of(entry);
            Path file = listed.isAbsolute() ? listed : base.resolve(listed).normalize();
            return new FileImageItem(entry, file, limits);
        } catch (InvalidPathException e) {
            return new UnusableEntryItem(entry, "line " + lineNumber + " of " + listFile
                    + " is not a valid path: " + e.getMessage());
        }
    }

    /** The list file. */
    public Path listFile() {
        return origin();
    }

    @Override
    public String toString() {
        return "ListFileImageSource[" + origin() + ", " + size() + " entries]";
    }
}
