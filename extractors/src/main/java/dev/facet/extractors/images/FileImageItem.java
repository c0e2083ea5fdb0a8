package dev.facet.extractors.images;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/** An image stored in its own file, decoded with {@link ImageFiles} within {@code limits}. Has no label. */
record FileImageItem(String id, Path file, ImageLimits limits) implements ImageItem {

    FileImageItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(limits, "limits");
    }

    @Override
    public BufferedImage load() {
        return loadAs(Function.identity());
    }

    @Override
    public <T> T loadAs(Function<BufferedImage, T> reduce) {
        return ImageFiles.read(file, limits, reduce);
    }
}
