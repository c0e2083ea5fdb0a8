package dev.facet.extractors;

import dev.facet.spi.FacetException;
import dev.facet.spi.UnknownComponentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * The models Facet ships (module {@code samples/bundled}), found on the classpath by name and
 * copied once to a local cache so that engines that need a file path can open them. The cache is
 * {@code $FACET_CACHE} or {@code ~/.cache/facet}; a cached file is replaced when its content differs from the
 * bundled one, and written atomically, so concurrent runs never see a half-copied model.
 */
public final class BundledModels {
    /** Names of the bundled models; each has a descriptor of the same name. */
    public static final List<String> NAMES = List.of("tiny-vit-fmnist", "mobilenet-v2");
    /** File stem of each bundled model's exports, by name. */
    private static final Map<String, String> STEMS = Map.of("tiny-vit-fmnist", "tiny-vit", "mobilenet-v2", "mobilenet-v2");
    private static final String ROOT = "/dev/facet/samples/models/";
    private static final String DATA = "/dev/facet/samples/data/";
    private static final String FASHION_IMAGES = "fashion-mnist-test-2000-images-idx3-ubyte";
    private static final String FASHION_LABELS = "fashion-mnist-test-2000-labels-idx1-ubyte";
    private static final String PHOTOS = "photos/";
    private static final String PHOTO_INDEX = "index.txt";

    private BundledModels() {
    }

    public static boolean isBundled(String name) {
        return NAMES.contains(name);
    }

    /** The local path of a bundled model's ONNX export. */
    public static Path onnx(String name) {
        return file(name, ".onnx");
    }

    /** The local path of a bundled model's TorchScript export. */
    public static Path torchscript(String name) {
        return file(name, ".pt");
    }

    /**
     * The local path of a file of a bundled model (such as the TorchScript head module named by
     * its descriptor's {@code torchscript.head}), copied beside its other files.
     */
    public static Path modelFile(String name, String file) {
        if (!isBundled(name)) {
            throw new UnknownComponentException("bundled model", name, NAMES);
        }
        return cached(ROOT + name + "/" + file, cacheDirectory().resolve("models").resolve(name).resolve(file));
    }

    /**
     * The bundled Fashion-MNIST test images (2,000, IDX format) with their labels file beside them;
     * pass the returned path to {@code ImageSources.open}.
     */
    public static Path fashionMnistImages() {
        Path data = cacheDirectory().resolve("data");
        cached(DATA + FASHION_LABELS, data.resolve(FASHION_LABELS));
        return cached(DATA + FASHION_IMAGES, data.resolve(FASHION_IMAGES));
    }

    /**
     * The bundled photos (samples/data/photos: 35 JPEGs of natural scenes, each with its licence in
     * that folder's README), copied to a local folder; pass the returned folder to {@code ImageSources.open}.
     */
    public static Path photos() {
        Path folder = cacheDirectory().resolve("data").resolve("photos");
        String index;
        try (InputStream in = BundledModels.class.getResourceAsStream(DATA + PHOTOS + PHOTO_INDEX)) {
            if (in == null) {
                throw new FacetException("Bundled resource " + DATA + PHOTOS + PHOTO_INDEX + " is not on the classpath; "
                        + "add the facet-bundled-models jar");
            }
            index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FacetException("Cannot read the bundled photo index: " + e.getMessage(), e);
        }
        for (String name : index.lines().map(String::strip).filter(line -> !line.isEmpty()).toList()) {
            cached(DATA + PHOTOS + name, folder.resolve(name));
        }
        return folder;
    }

    private static Path file(String name, String extension) {
        if (!isBundled(name)) {
            throw new UnknownComponentException("bundled model", name, NAMES);
        }
        return modelFile(name, STEMS.get(name) + extension);
    }

    private static Path cached(String resource, Path target) {
        String file = target.getFileName().toString();
        try (InputStream in = BundledModels.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new FacetException("Bundled resource " + resource + " is not on the classpath; add the "
                        + "facet-bundled-models jar");
            }
            byte[] bytes = in.readAllBytes();
            if (Files.isRegularFile(target) && Files.size(target) == bytes.length
                    && java.util.Arrays.equals(Files.readAllBytes(target), bytes)) {
                return target;
            }
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), file, ".tmp");
            Files.write(temp, bytes);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new FacetException("Cannot copy bundled resource " + resource + " to " + target + ": " + e.getMessage(), e);
        }
    }

    private static Path cacheDirectory() {
        String configured = System.getenv("FACET_CACHE");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "facet");
    }
}
