package dev.facet.extractors.images;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.backbone.InputGeometry;
import dev.facet.spi.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A batch of preprocessed images as an {@link ImageBatchLoader} delivers it.
 *
 * @param pixels        the images, shape (n, c, h, w)
 * @param ids           the n item ids, in batch order
 * @param sourceIndices the n items' indices in their source, ascending; resume after this batch at
 *                      {@link #nextStartIndex()}
 * @param labels        the n labels when the source has labels, otherwise an empty array
 * @param geometries    where each of the n images lies in the input (its size, crop and padding)
 */
public record ImageBatch(Tensor pixels, List<String> ids, int[] sourceIndices, int[] labels,
                         List<InputGeometry> geometries) {

    public ImageBatch {
        Objects.requireNonNull(pixels, "pixels");
        ids = List.copyOf(ids);
        sourceIndices = sourceIndices.clone();
        labels = labels.clone();
        geometries = List.copyOf(geometries);
        int n = ids.size();
        if (pixels.rank() != 4 || pixels.dim(0) != n) {
            throw new InvalidDataException("Image batch pixels have shape " + Arrays.toString(pixels.shape())
                    + ", expected (" + n + ", c, h, w) for " + n + " ids");
        }
        if (sourceIndices.length != n) {
            throw new InvalidDataException("Image batch has " + n + " ids but " + sourceIndices.length + " source indices");
        }
        if (geometries.size() != n) {
            throw new InvalidDataException("Image batch has " + n + " ids but " + geometries.size() + " geometries");
        }
        if (labels.length != 0 && labels.length != n) {
            throw new InvalidDataException("Image batch has " + n + " ids but " + labels.length
                    + " labels; expected " + n + " or none");
        }
    }

    /** Number of images. */
    public int size() {
        return ids.size();
    }

    /** Whether the batch carries a label per image. */
    public boolean hasLabels() {
        return labels.length == size() && size() > 0;
    }

    /** The source index just after this batch's last image: where to resume after it. */
    public int nextStartIndex() {
        return sourceIndices.length == 0 ? 0 : sourceIndices[sourceIndices.length - 1] + 1;
    }

    @Override
    public int[] sourceIndices() {
        return sourceIndices.clone();
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageBatch b && pixels.equals(b.pixels) && ids.equals(b.ids)
                && Arrays.equals(sourceIndices, b.sourceIndices) && Arrays.equals(labels, b.labels)
                && geometries.equals(b.geometries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pixels, ids, Arrays.hashCode(sourceIndices), Arrays.hashCode(labels), geometries);
    }

    @Override
    public String toString() {
        return "ImageBatch[" + size() + " images " + pixels + ", source indices "
                + (size() == 0 ? "none" : sourceIndices[0] + ".." + sourceIndices[size() - 1]) + "]";
    }
}
