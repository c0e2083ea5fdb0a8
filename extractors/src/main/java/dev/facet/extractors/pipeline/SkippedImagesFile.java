package dev.facet.extractors.pipeline;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.facet.extractors.images.SkippedImage;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.FacetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code skipped.json} beside an activation store: every image an extraction skipped, with the
 * reason, kept across resumed runs and rewritten atomically.
 */
public final class SkippedImagesFile {
    /** The file's name beside the manifest. */
    public static final String FILE = "skipped.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SkippedImagesFile() {
    }

    /** The skipped images listed in {@code store}'s file, none when it has none. */
    public static List<SkippedImage> read(Path store) {
        Path file = store.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return parse(Files.readAllBytes(file), file);
        } catch (IOException e) {
            throw new CorruptArtifactException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * The skipped images listed in {@code bytes}, the content of {@code file}.
     *
     * @throws CorruptArtifactException naming {@code file} when it is not a list of {id, reason} objects
     */
    public static List<SkippedImage> parse(byte[] bytes, Path file) {
        try {
            List<Map<String, String>> rows = JSON.readValue(bytes, new TypeReference<>() { });
            List<SkippedImage> skipped = new ArrayList<>();
            for (Map<String, String> row : rows) {
                skipped.add(new SkippedImage(row.get("id"), row.get("reason")));
            }
            return skipped;
        } catch (IOException | RuntimeException e) {
            throw new CorruptArtifactException(file, "not a list of {id, reason} objects (" + e.getMessage() + ")", e);
        }
    }

    /** Writes the union of {@code earlier} and {@code now}, one entry per id, in order. */
    static List<SkippedImage> write(Path store, List<SkippedImage> earlier, List<SkippedImage> now) {
        Map<String, SkippedImage> byId = new LinkedHashMap<>();
        earlier.forEach(s -> byId.put(s.id(), s));
        now.forEach(s -> byId.put(s.id(), s));
        List<SkippedImage> union = List.copyOf(byId.values());
        Path file = store.resolve(FILE);
        try {
            Path temp = Files.createTempFile(store, FILE, ".tmp");
            Files.write(temp, toBytes(union));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new FacetException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        return union;
    }

    /** The file's content listing {@code skipped}, in order. */
    public static byte[] toBytes(List<SkippedImage> skipped) {
        List<Map<String, String>> rows = new ArrayList<>();
        skipped.forEach(s -> rows.add(Map.of("id", s.id(), "reason", s.reason())));
        try {
            return JSON.writeValueAsBytes(rows);
        } catch (IOException e) {
            throw new FacetException("Cannot encode the skipped images as JSON: " + e.getMessage(), e);
        }
    }
}
