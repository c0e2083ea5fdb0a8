package dev.facet.spark;

import dev.facet.extractors.images.ImageSource;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.Stages;
import dev.facet.spi.InvalidDataException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The images of a pass as the workers open them: the images section (its path readable at the same place on
 * every worker: a shared or distributed-copied folder, IDX file or list file) and the fingerprint of the
 * source's ordered ids as the driver listed them, so that a worker that sees other images fails instead of
 * storing the wrong ones.
 *
 * @param path        the folder, IDX file or list file
 * @param limit       only the first {@code limit} images, 0 for all
 * @param batch       images per forward pass
 * @param threads     decoding threads, 0 for one per core
 * @param maxPixels   images with more pixels are skipped undecoded
 * @param fingerprint SHA-256 of the ordered ids, one per line
 */
public record ImagesSpec(String path, int limit, int batch, int threads, long maxPixels, String fingerprint)
        implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Map<ImagesSpec, ImageSource> OPENED = new ConcurrentHashMap<>();

    /** The spec of {@code images}, listed once here to fingerprint them. */
    public static ImagesSpec of(PipelineConfig.Images images) {
        return of(images, Stages.images(images));
    }

    /** The spec of {@code images}, whose source {@code listed} the caller already opened. */
    public static ImagesSpec of(PipelineConfig.Images images, ImageSource listed) {
        return new ImagesSpec(images.path().toAbsolutePath().toString(), images.limit(), images.batch(),
                images.threads(), images.maxPixels(), fingerprint(listed.ids()));
    }

    /** The images section. */
    public PipelineConfig.Images images() {
        return new PipelineConfig.Images(Path.of(path), limit, batch, threads, maxPixels);
    }

    /**
     * The image source, opened once per JVM.
     *
     * @throws InvalidDataException naming the path when this JVM lists other images than the driver did
     */
    public ImageSource open() {
        return OPENED.computeIfAbsent(this, spec -> {
            ImageSource source = Stages.images(spec.images());
            String here = fingerprint(source.ids());
            if (!here.equals(fingerprint)) {
                throw new InvalidDataException("The images at " + path + " differ on this worker from those the "
                        + "driver listed (" + source.size() + " images, id fingerprint " + here.substring(0, 12)
                        + " vs " + fingerprint.substring(0, 12) + "); every worker must read the same images at the "
                        + "same path");
            }
            return source;
        });
    }

    /** SHA-256 of {@code ids}, each followed by a line break, in hex. */
    public static String fingerprint(List<String> ids) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String id : ids) {
                digest.update(id.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
