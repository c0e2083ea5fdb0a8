package dev.facet.spi.io;

import dev.facet.spi.ConfigException;
import dev.facet.spi.FacetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Refuses output paths Facet must never write into (docs/usage.md#output-directories): an empty path,
 * a filesystem root, a system directory or anything under one ({@link #SYSTEM}, except the temporary
 * directories), a top-level directory that holds other people's data ({@link #TOP_LEVEL}, the user's
 * home), a file, and an existing directory that holds something but is neither Facet's ({@code .facet-lock}
 * or one of the output kind's marker files) nor empty. Paths are checked after making them absolute
 * and normalised, and again after resolving symbolic links, so {@code ../../../../etc/x} is refused as
 * {@code /etc/x}.
 */
public final class OutputDirectory {

    /** System directories: neither they nor anything under them is an output. */
    public static final List<String> SYSTEM = List.of("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64",
            "/libx32", "/proc", "/run", "/sbin", "/sys", "/usr", "/var");
    /** Directories that may hold outputs below them but are never one themselves. */
    public static final List<String> TOP_LEVEL = List.of("/home", "/media", "/mnt", "/opt", "/root", "/srv", "/tmp",
            "/var/tmp");

    private OutputDirectory() {
    }

    /**
     * Checks that {@code dir} may be written as an output of the kind {@code kind}.
     *
     * @param dir     the output directory as given
     * @param field   where it was given, for the message (e.g. {@code "facet extract --out"})
     * @param kind    what Facet writes there, with its article (e.g. {@code "an activation store"})
     * @param markers files or directories whose presence says a directory is an earlier output of this kind
     * @return {@code dir}, absolute and normalised
     * @throws ConfigException naming the field, the path and why it is refused
     */
    public static Path requireSafe(Path dir, String field, String kind, String... markers) {
        if (dir == null) {
            throw new ConfigException(field + " is missing; expected the path of " + kind + " directory to write");
        }
        requireNonEmpty(dir.toString(), field);
        Path absolute = dir.toAbsolutePath().normalize();
        refuseProtected(absolute, dir, field);
        Path real = realPath(absolute);
        if (!real.equals(absolute)) {
            refuseProtected(real, dir, field);
        }
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new ConfigException(field + " " + dir + " is a file; expected a directory for " + kind);
        }
        if (Files.isDirectory(absolute)) {
            // One listing decides: a writer starting meanwhile creates its lock file before anything else.
            List<String> found = entries(absolute);
            List<String> known = markerList(markers);
            if (!found.isEmpty() && found.stream().noneMatch(known::contains)) {
                throw new ConfigException(field + " " + dir + " exists and is not " + kind + " written by Facet (it holds "
                        + found.subList(0, Math.min(5, found.size())) + " but no " + String.join(" or ", known)
                        + "); choose an empty or new directory");
            }
        }
        return absolute;
    }

    /**
     * Refuses an empty output path before it is resolved against a base directory (where it would
     * silently name the base itself).
     *
     * @return {@code path}
     * @throws ConfigException naming {@code field} when {@code path} is empty or blank
     */
    public static String requireNonEmpty(String path, String field) {
        if (path == null || path.isBlank()) {
            throw new ConfigException(field + " is empty; expected the path of an output directory");
        }
        return path;
    }

    private static List<String> markerList(String... markers) {
        return Stream.concat(Stream.of(OutputLock.FILE), Arrays.stream(markers)).toList();
    }

    private static void refuseProtected(Path path, Path given, String field) {
        String shown = given.toString().equals(path.toString()) ? given.toString() : given + " (" + path + ")";
        if (path.getParent() == null) {
            throw new ConfigException(field + " " + shown + " is a filesystem root; choose a directory of its own");
        }
        String text = path.toString().replace('\\', '/');
        if (under(path, System.getProperty("java.io.tmpdir"))) {
            return;
        }
        String home = System.getProperty("user.home");
        if (home != null && !home.isBlank() && path.equals(Path.of(home).toAbsolutePath().normalize())) {
            throw new ConfigException(field + " " + shown + " is the home directory; choose a directory of its own");
        }
        if (TOP_LEVEL.contains(text)) {
            throw new ConfigException(field + " " + shown + " is the system directory " + text
                    + "; choose a directory of its own below it");
        }
        if (text.startsWith("/var/tmp/")) {
            return;
        }
        for (String system : SYSTEM) {
            if (text.equals(system) || text.startsWith(system + "/")) {
                throw new ConfigException(field + " " + shown + " is inside the system directory " + system
                        + "; Facet does not write there");
            }
        }
    }

    /** Whether {@code path} lies strictly below {@code root}. */
    private static boolean under(Path path, String root) {
        if (root == null || root.isBlank()) {
            return false;
        }
        Path base = Path.of(root).toAbsolutePath().normalize();
        return path.startsWith(base) && !path.equals(base) && base.getParent() != null;
    }

    /** {@code path} with the symbolic links of its longest existing prefix resolved. */
    private static Path realPath(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path)).normalize();
        } catch (IOException e) {
            throw new FacetException("Cannot resolve " + existing + ": " + e, e);
        }
    }

    /** The entry names of {@code dir}, sorted. */
    private static List<String> entries(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new FacetException("Cannot read the output directory " + dir + ": " + e, e);
        }
    }
}
