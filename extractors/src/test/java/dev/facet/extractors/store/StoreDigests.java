package dev.facet.extractors.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The SHA-256 of each file of an activation store, to compare two stores byte for byte. Shared with the CLI's tests. */
public final class StoreDigests {
    /** The file that records how long the run took, and so differs between identical runs. */
    private static final String PROVENANCE = "provenance.json";

    private StoreDigests() {
    }

    /** File name to SHA-256 (hex) of every regular file in {@code store} but {@code provenance.json}. */
    public static Map<String, String> of(Path store) {
        Map<String, String> digests = new TreeMap<>();
        try (Stream<Path> files = Files.list(store)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (!name.equals(PROVENANCE)) {
                    digests.put(name, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(Files.readAllBytes(file))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return digests;
    }
}
