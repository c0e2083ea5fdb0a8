package dev.facet.report.picture;

import dev.facet.spi.ConfigException;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The file format of the atlas's pictures of images (overlays, evidence views, zooms): lossless PNG
 * for small or synthetic inputs, JPEG for photos (a setting, {@code image_format}). Charts stay PNG.
 */
public enum PictureFormat {
    PNG("png"),
    JPEG("jpg");

    private final String extension;

    PictureFormat(String extension) {
        this.extension = extension;
    }

    /** The file name extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** Writes {@code image} in this format atomically; {@code jpegQuality} is used by JPEG only. */
    public void write(BufferedImage image, Path file, double jpegQuality) {
        if (this == PNG) {
            Png.write(image, file);
        } else {
            Jpeg.write(image, file, jpegQuality);
        }
    }

    /**
     * The format named {@code name} ({@code png}, {@code jpeg} or {@code jpg}, any case).
     *
     * @throws ConfigException naming {@code field} and the choices otherwise
     */
    public static PictureFormat parse(String field, String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "png" -> PNG;
            case "jpeg", "jpg" -> JPEG;
            default -> throw new ConfigException(field + ": unknown picture format '" + name + "'; choose one of "
                    + Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList());
        };
    }
}
