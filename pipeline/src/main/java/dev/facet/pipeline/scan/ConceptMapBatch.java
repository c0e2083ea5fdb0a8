package dev.facet.pipeline.scan;

import dev.facet.report.picture.MapInterpolation;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.backbone.GridWindow;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import java.util.List;

/**
 * The concept maps of a batch of images, kept as the sparse codes of their grid tokens: row
 * {@code image·h·w + y·w + x} of {@link #codes()} holds the codes of cell (y, x) of that image. With
 * thousands of concepts a dense (n, c, h, w) batch would be mostly zeros, so maps are materialised
 * one at a time ({@link #map}) or visited entry by entry ({@link #forEachEntry}).
 *
 * <p>Each image has its content cells ({@link #content}): the cells not wholly in padding
 * (docs/algorithms.md#input-geometry), the whole grid unless the image was padded. Scores and
 * statistics look at them only ({@link #forEachContentEntry}).
 */
public final class ConceptMapBatch {

    /** Receives one stored non-zero code of an image. */
    @FunctionalInterface
    public interface EntryVisitor {

        /**
         * @param concept the concept index
         * @param cell    the grid cell {@code y·width + x}
         * @param value   the code, never 0
         */
        void visit(int concept, int cell, float value);
    }

    private final Codes codes;
    private final int images;
    private final int height;
    private final int width;
    private final List<GridWindow> content;

    /**
     * A batch whose every cell holds content.
     *
     * @param codes  codes of {@code images·height·width} tokens, image by image, each grid row-major
     * @param images number of images, {@code >= 0}
     * @param height grid rows, {@code >= 1}
     * @param width  grid columns, {@code >= 1}
     */
    public ConceptMapBatch(Codes codes, int images, int height, int width) {
        this(codes, images, height, width, null);
    }

    /**
     * A batch whose images hold content in {@code content} only.
     *
     * @param content each image's content cells, or {@code null} for the whole grid of every image
     */
    public ConceptMapBatch(Codes codes, int images, int height, int width, List<GridWindow> content) {
        if (images < 0 || height < 1 || width < 1) {
            throw new InvalidDataException("A concept map batch needs images >= 0 and a grid of at least 1x1, found "
                    + images + " images of " + height + "x" + width);
        }
        if (codes.rows() != (long) images * height * width) {
            throw new InvalidDataException("Codes of " + images + " images of " + height + "x" + width + " cells need "
                    + (long) images * height * width + " rows, found " + codes.rows());
        }
        if (content != null && content.size() != images) {
            throw new InvalidDataException("A concept map batch of " + images + " images needs as many content windows, found "
                    + content.size());
        }
        for (GridWindow window : content == null ? List.<GridWindow>of() : content) {
            if (window.endRow() > height || window.endColumn() > width) {
                throw new InvalidDataException("Content window " + window + " exceeds the grid of " + height + "x" + width);
            }
        }
        this.codes = codes;
        this.images = images;
        this.height = height;
        this.width = width;
        this.content = content == null ? null : List.copyOf(content);
    }

    public int images() {
        return images;
    }

    /** Grid rows. */
    public int height() {
        return height;
    }

    /** Grid columns. */
    public int width() {
        return width;
    }

    /** Cells per image, {@code height·width}. */
    public int cells() {
        return height * width;
    }

    /** Number of concepts of the dictionary. */
    public int concepts() {
        return codes.concepts();
    }

    /** The codes of every grid token, (images·h·w) × concepts. */
    public Codes codes() {
        return codes;
    }

    /** The map of one concept on one image: its code at each grid cell (height × width). */
    public FloatMatrix map(int image, int concept) {
        checkImage(image);
        if (concept < 0 || concept >= concepts()) {
            throw new InvalidDataException("Concept " + concept + " is outside [0, " + concepts() + ")");
        }
        float[] out = new float[cells()];
        int first = image * cells();
        for (int cell = 0; cell < out.length; cell++) {
            out[cell] = codes.get(first + cell, concept);
        }
        return new FloatMatrix(height, width, out);
    }

    /**
     * The map of {@code concept} on {@code image} upsampled over the whole input, {@code imageHeight ×
     * imageWidth}: the model's input coordinates. To draw it on the original image, invert the
     * preprocessing with {@link MapInterpolation#place} (docs/algorithms.md#drawing-maps-on-the-image).
     */
    public FloatMatrix map(int image, int concept, int imageHeight, int imageWidth, MapInterpolation interpolation) {
        return interpolation.resize(map(image, concept), imageHeight, imageWidth);
    }

    /** The cells of {@code image} that hold content: the whole grid unless the image was padded. */
    public GridWindow content(int image) {
        checkImage(image);
        return content == null ? GridWindow.whole(height, width) : content.get(image);
    }

    /**
     * Visits the stored non-zero codes of one image, cell by cell in row-major order and by
     * increasing concept within a cell. Work is proportional to the image's stored codes.
     */
    public void forEachEntry(int image, EntryVisitor visitor) {
        checkImage(image);
        visit(image, GridWindow.whole(height, width), visitor);
    }

    /** {@link #forEachEntry} over the image's {@link #content} cells only. */
    public void forEachContentEntry(int image, EntryVisitor visitor) {
        visit(image, content(image), visitor);
    }

    private void visit(int image, GridWindow window, EntryVisitor visitor) {
        int first = image * cells();
        for (int y = window.firstRow(); y < window.endRow(); y++) {
            for (int cell = y * width + window.firstColumn(); cell < y * width + window.endColumn(); cell++) {
                int[] concepts = codes.indices(first + cell);
                float[] values = codes.values(first + cell);
                for (int j = 0; j < concepts.length; j++) {
                    if (values[j] != 0f) {
                        visitor.visit(concepts[j], cell, values[j]);
                    }
                }
            }
        }
    }

    /**
     * All maps as one dense (images, concepts, height, width) tensor; meant for small batches and
     * dictionaries, refused when it does not fit in one Java array.
     */
    public Tensor dense() {
        Tensor out = Tensor.zeros(images, concepts(), height, width);
        float[] data = out.data();
        int cells = cells();
        for (int image = 0; image < images; image++) {
            int base = image * concepts() * cells;
            forEachEntry(image, (concept, cell, value) -> data[base + concept * cells + cell] = value);
        }
        return out;
    }

    private void checkImage(int image) {
        if (image < 0 || image >= images) {
            throw new InvalidDataException("Image " + image + " is outside the batch [0, " + images + ")");
        }
    }

    @Override
    public String toString() {
        return "ConceptMapBatch[" + images + " images, " + height + "x" + width + " cells, " + concepts()
                + " concepts, nnz=" + codes.nnz() + "]";
    }
}
