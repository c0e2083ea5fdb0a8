package dev.facet.extractors;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.backbone.GridWindow;
import dev.facet.spi.backbone.HookLayout;
import dev.facet.spi.backbone.InputGeometry;
import dev.facet.spi.backbone.SpatialLayout;
import dev.facet.spi.backbone.TokenLayout;
import dev.facet.spi.backbone.VectorLayout;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * Which rows of a hook point's activations become dictionary-learning samples. Tokens (n, t, c)
 * keep all tokens, the CLS token, the patch tokens or the register tokens; spatial maps
 * (n, c, h, w) always flatten to (n·h·w, c) and vectors (n, f) stay as they are.
 */
public enum TokenSelection {
    ALL,
    CLS,
    PATCH,
    REGISTERS;

    /** Rows each image contributes under this selection. */
    public int rowsPerImage(HookLayout layout) {
        if (layout instanceof TokenLayout t) {
            return switch (this) {
                case ALL -> t.tokens();
                case CLS -> requireCls(t);
                case PATCH -> requirePatches(t);
                case REGISTERS -> requireRegisters(t);
            };
        }
        if (this == CLS || this == REGISTERS) {
            throw new InvalidDataException("Token selection '" + name().toLowerCase(Locale.ROOT)
                    + "' needs a token layout (n, t, c), but this hook point is " + kindOf(layout) + " of shape per image "
                    + Arrays.toString(Arrays.copyOfRange(layout.shape(1), 1, layout.shape(1).length))
                    + "; use 'patch' (every position) or 'all'");
        }
        if (layout instanceof SpatialLayout s) {
            return s.height() * s.width();
        }
        return 1;
    }

    private static String kindOf(HookLayout layout) {
        return layout instanceof SpatialLayout ? "a spatial map (n, c, h, w)" : "a vector (n, f)";
    }

    /** The selected rows of a batch, image by image, each row one sample of width {@code layout.channels()}. */
    public FloatMatrix select(Tensor activations, HookLayout layout) {
        int n = (int) activations.dim(0);
        activations.requireShape("activations", layout.shape(n));
        int count = rowsPerImage(layout);
        int c = layout.channels();
        if (layout instanceof SpatialLayout s) {
            return flattenSpatial(activations.data(), n, c, s.height() * s.width());
        }
        if (layout instanceof VectorLayout) {
            return new FloatMatrix(n, c, activations.data());
        }
        TokenLayout t = (TokenLayout) layout;
        int first = switch (this) {
            case ALL, CLS -> 0;
            case PATCH -> t.firstPatch();
            case REGISTERS -> t.cls() ? 1 : 0;
        };
        if (count == t.tokens()) {
            return new FloatMatrix(n * count, c, activations.data());
        }
        float[] out = new float[n * count * c];
        for (int image = 0; image < n; image++) {
            System.arraycopy(activations.data(), (image * t.tokens() + first) * c, out, image * count * c, count * c);
        }
        return new FloatMatrix(n * count, c, out);
    }

    /**
     * Whether the selected rows include grid positions (patch tokens, or the positions of a feature map),
     * which can lie wholly in an image's padding.
     */
    public boolean selectsPositions(HookLayout layout) {
        return layout instanceof SpatialLayout
                || layout instanceof TokenLayout t && t.patchTokens() > 0 && (this == PATCH || this == ALL);
    }

    /**
     * One image's selected rows (as {@link #select} gives them) without the grid positions wholly in the
     * image's padding (docs/algorithms.md#input-geometry): CLS and register tokens stay, then the positions
     * of the content cells in row-major order. The rows themselves when nothing is padding.
     */
    public FloatMatrix withoutPadding(FloatMatrix rows, HookLayout layout, InputGeometry geometry) {
        if (!selectsPositions(layout)) {
            return rows;
        }
        int gridHeight = layout instanceof TokenLayout t ? t.gridHeight() : ((SpatialLayout) layout).height();
        int gridWidth = layout instanceof TokenLayout t ? t.gridWidth() : ((SpatialLayout) layout).width();
        int prefix = layout instanceof TokenLayout t && this == ALL ? t.firstPatch() : 0;
        GridWindow content = geometry.contentCells(gridHeight, gridWidth);
        if (content.isWhole(gridHeight, gridWidth)) {
            return rows;
        }
        int c = rows.cols();
        float[] out = new float[(prefix + content.cells()) * c];
        System.arraycopy(rows.data(), 0, out, 0, prefix * c);
        int at = prefix * c;
        for (int y = content.firstRow(); y < content.endRow(); y++) {
            int from = (prefix + y * gridWidth + content.firstColumn()) * c;
            System.arraycopy(rows.data(), from, out, at, content.columns() * c);
            at += content.columns() * c;
        }
        return new FloatMatrix(prefix + content.cells(), c, out);
    }

    private static FloatMatrix flattenSpatial(float[] data, int n, int c, int positions) {
        float[] out = new float[n * positions * c];
        for (int image = 0; image < n; image++) {
            for (int channel = 0; channel < c; channel++) {
                int from = (image * c + channel) * positions;
                for (int p = 0; p < positions; p++) {
                    out[(image * positions + p) * c + channel] = data[from + p];
                }
            }
        }
        return new FloatMatrix(n * positions, c, out);
    }

    private int requireCls(TokenLayout t) {
        if (!t.cls()) {
            throw new InvalidDataException("Token selection 'cls' needs a CLS token; this layout has none " + describe(t));
        }
        return 1;
    }

    private int requirePatches(TokenLayout t) {
        if (t.patchTokens() == 0) {
            throw new InvalidDataException("Token selection 'patch' needs patch tokens; this layout has none " + describe(t));
        }
        return t.patchTokens();
    }

    private int requireRegisters(TokenLayout t) {
        if (t.registers() == 0) {
            throw new InvalidDataException("Token selection 'registers' needs register tokens; this layout has none "
                    + describe(t));
        }
        return t.registers();
    }

    private static String describe(TokenLayout t) {
        return "(cls=" + t.cls() + ", registers=" + t.registers() + ", grid=" + t.gridHeight() + "x" + t.gridWidth()
                + ", shape per image=" + Arrays.toString(new int[] {t.tokens(), t.channels()}) + ")";
    }
}
