package dev.facet.extractors.images;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Objects;

/** An image stored in its own file, decoded with {@link ImageFiles}. Has no label. */
record FileImageItem(String id, Path file) implements ImageItem {

    FileImageItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(file, "file");
    }

    @Override
    public BufferedImage load() {
        return ImageFiles.read(file);
    }
}
