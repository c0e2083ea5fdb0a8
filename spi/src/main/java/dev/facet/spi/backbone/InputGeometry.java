package dev.facet.spi.backbone;

import dev.facet.spi.InvalidDataException;
import java.util.Objects;

/**
 * Where a source image lies in a backbone's input once resized per a {@link ResizeMode}: the one
 * definition of the preprocessing's geometry, used forwards to resize images and backwards to draw
 * maps on the original images (docs/algorithms.md#input-geometry).
 *
 * <p>Each axis is independent ({@link Axis}): the source length is scaled to {@code scaledLength},
 * the scaled pixels {@code [cropOffset, cropOffset + contentLength)} are kept and written at input
 * pixels {@code [padOffset, padOffset + contentLength)}, the content window; the rest of the input is
 * padding. Coordinates are continuous, pixel {@code i} spanning {@code [i, i + 1)} with its centre at
 * {@code i + 0.5} (the resampler's half-pixel convention), so input coordinate {@code u} and source
 * coordinate {@code s} are related by
 * <pre>
 *   u = s · scaledLength / sourceLength − cropOffset + padOffset
 *   s = (u − padOffset + cropOffset) · sourceLength / scaledLength
 * </pre>
 *
 * @param horizontal the x axis (widths)
 * @param vertical   the y axis (heights)
 */
public record InputGeometry(Axis horizontal, Axis vertical) {

    public InputGeometry {
        Objects.requireNonNull(horizontal, "horizontal");
        Objects.requireNonNull(vertical, "vertical");
    }

    /** The geometry of a {@code sourceWidth × sourceHeight} image under {@code spec}'s size and resize mode. */
    public static InputGeometry of(int sourceWidth, int sourceHeight, InputSpec spec) {
        return of(sourceWidth, sourceHeight, spec.width(), spec.height(), spec.resize());
    }

    /**
     * The geometry of a {@code sourceWidth × sourceHeight} image resized to {@code inputWidth × inputHeight}:
     * <ul>
     *   <li>{@code STRETCH}: each axis scaled to the input independently;</li>
     *   <li>{@code SHORTER_SIDE_CENTER_CROP}: both axes scaled by {@code max(W / w, H / h)}, each scaled
     *       length rounded to the nearest pixel (at least the input length), then the centre cropped,
     *       starting {@code floor(overhang / 2)} pixels in;</li>
     *   <li>{@code PAD}: both axes scaled by {@code min(W / w, H / h)}, rounded to the nearest pixel (at
     *       least 1, at most the input length), placed {@code floor(margin / 2)} pixels from the top/left;</li>
     *   <li>{@code FIT_HEIGHT_PAD_RIGHT}: the height scaled to {@code H}, the width to
     *       {@code min(W, ceil(w·H / h))}, placed at the left.</li>
     * </ul>
     *
     * @throws InvalidDataException when a length is below 1
     */
    public static InputGeometry of(int sourceWidth, int sourceHeight, int inputWidth, int inputHeight,
            ResizeMode mode) {
        Objects.requireNonNull(mode, "resize mode");
        if (sourceWidth < 1 || sourceHeight < 1 || inputWidth < 1 || inputHeight < 1) {
            throw new InvalidDataException("Input geometry needs images of at least 1x1 pixels, found a "
                    + sourceWidth + "x" + sourceHeight + " image and a " + inputWidth + "x" + inputHeight + " input");
        }
        return switch (mode) {
            case STRETCH -> new InputGeometry(Axis.stretch(sourceWidth, inputWidth),
                    Axis.stretch(sourceHeight, inputHeight));
            case SHORTER_SIDE_CENTER_CROP -> {
                double factor = Math.max((double) inputWidth / sourceWidth, (double) inputHeight / sourceHeight);
                yield new InputGeometry(Axis.crop(sourceWidth, inputWidth, factor),
                        Axis.crop(sourceHeight, inputHeight, factor));
            }
            case PAD -> {
                double factor = Math.min((double) inputWidth / sourceWidth, (double) inputHeight / sourceHeight);
                yield new InputGeometry(Axis.pad(sourceWidth, inputWidth, factor),
                        Axis.pad(sourceHeight, inputHeight, factor));
            }
            case FIT_HEIGHT_PAD_RIGHT -> {
                long fitted = ((long) sourceWidth * inputHeight + sourceHeight - 1) / sourceHeight;
                int width = (int) Math.min(inputWidth, fitted);
                yield new InputGeometry(new Axis(sourceWidth, width, 0, width, 0, inputWidth),
                        Axis.stretch(sourceHeight, inputHeight));
            }
        };
    }

    /** Width of the source image. */
    public int sourceWidth() {
        return horizontal.sourceLength();
    }

    /** Height of the source image. */
    public int sourceHeight() {
        return vertical.sourceLength();
    }

    /** Width of the input. */
    public int inputWidth() {
        return horizontal.inputLength();
    }

    /** Height of the input. */
    public int inputHeight() {
        return vertical.inputLength();
    }

    /** Whether part of the input is padding. */
    public boolean padded() {
        return horizontal.padded() || vertical.padded();
    }

    /** Whether part of the source image is cropped away. */
    public boolean cropped() {
        return horizontal.cropped() || vertical.cropped();
    }

    /**
     * The cells of a {@code rows × columns} grid laid evenly over the input (cell {@code (r, c)} covering
     * input pixels {@code [c·W/columns, (c + 1)·W/columns) × [r·H/rows, (r + 1)·H/rows)}) that hold some
     * image content: every cell but those wholly in padding. Never empty.
     */
    public GridWindow contentCells(int rows, int columns) {
        return new GridWindow(vertical.firstContentCell(rows), vertical.endContentCell(rows),
                horizontal.firstContentCell(columns), horizontal.endContentCell(columns));
    }

    /**
     * One axis of the geometry.
     *
     * @param sourceLength  pixels of the source image, {@code >= 1}
     * @param scaledLength  pixels of the scaled image, {@code >= 1}
     * @param cropOffset    first scaled pixel kept, {@code >= 0}
     * @param contentLength scaled pixels kept, {@code >= 1}, with {@code cropOffset + contentLength <= scaledLength}
     * @param padOffset     input pixel the kept pixels start at, {@code >= 0}
     * @param inputLength   pixels of the input, with {@code padOffset + contentLength <= inputLength}
     */
    public record Axis(int sourceLength, int scaledLength, int cropOffset, int contentLength, int padOffset,
                       int inputLength) {

        public Axis {
            if (sourceLength < 1 || scaledLength < 1 || contentLength < 1 || cropOffset < 0 || padOffset < 0
                    || cropOffset + contentLength > scaledLength || padOffset + contentLength > inputLength) {
                throw new InvalidDataException("Invalid input geometry axis: source " + sourceLength + ", scaled "
                        + scaledLength + ", crop " + cropOffset + ", content " + contentLength + ", pad " + padOffset
                        + ", input " + inputLength);
            }
        }

        private static Axis stretch(int source, int input) {
            return new Axis(source, input, 0, input, 0, input);
        }

        private static Axis crop(int source, int input, double factor) {
            int scaled = (int) Math.max(input, Math.round(source * factor));
            return new Axis(source, scaled, (scaled - input) / 2, input, 0, input);
        }

        private static Axis pad(int source, int input, double factor) {
            int scaled = (int) Math.min(input, Math.max(1, Math.round(source * factor)));
            return new Axis(source, scaled, 0, scaled, (input - scaled) / 2, input);
        }

        /** Source pixels per input pixel: {@code sourceLength / scaledLength}. */
        public double sourcePerInputPixel() {
            return (double) sourceLength / scaledLength;
        }

        /** The input coordinate of source coordinate {@code source}. */
        public double toInput(double source) {
            return source * scaledLength / sourceLength - cropOffset + padOffset;
        }

        /** The source coordinate of input coordinate {@code input}. */
        public double toSource(double input) {
            return (input - padOffset + cropOffset) * sourceLength / scaledLength;
        }

        /** Whether input coordinate {@code input} lies in the content window {@code [padOffset, padOffset + contentLength)}. */
        public boolean inContent(double input) {
            return input >= padOffset && input < padOffset + contentLength;
        }

        /** End of the content window in input pixels, {@code padOffset + contentLength}. */
        public int contentEnd() {
            return padOffset + contentLength;
        }

        /** Whether part of this axis of the input is padding. */
        public boolean padded() {
            return contentLength < inputLength;
        }

        /** Whether part of this axis of the source is cropped away. */
        public boolean cropped() {
            return contentLength < scaledLength;
        }

        /**
         * The first of {@code cells} equal cells over the input axis that holds content: cell {@code k}
         * covers {@code [k·L/cells, (k + 1)·L/cells)}, and is wholly padding when that misses the content window.
         */
        public int firstContentCell(int cells) {
            requireCells(cells);
            return (int) ((long) padOffset * cells / inputLength);
        }

        /** One past the last of {@code cells} equal cells over the input axis that holds content. */
        public int endContentCell(int cells) {
            requireCells(cells);
            return (int) (((long) contentEnd() * cells + inputLength - 1) / inputLength);
        }

        private static void requireCells(int cells) {
            if (cells < 1) {
                throw new InvalidDataException("A grid axis needs at least 1 cell, found " + cells);
            }
        }
    }
}
