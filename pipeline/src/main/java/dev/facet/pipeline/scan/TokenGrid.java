package dev.facet.pipeline.scan;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.backbone.SpatialLayout;
import dev.facet.spi.backbone.TokenLayout;
import dev.facet.spi.backbone.VectorLayout;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;

/**
 * The grid of a hook point's activations that concept maps are drawn on, and how to read its
 * tokens: patch tokens of a {@link TokenLayout} (CLS and registers dropped), the positions of a
 * {@link SpatialLayout}, or the single vector of a {@link VectorLayout} as a 1×1 grid.
 */
public record TokenGrid(HookPoint hook, int height, int width) {

    /** The grid of {@code hook}; a token layout without patch tokens has none. */
    public static TokenGrid of(HookPoint hook) {
        if (hook.layout() instanceof TokenLayout t) {
            if (t.patchTokens() == 0) {
                throw new ConfigException("Concept maps need a patch grid, but hook point '" + hook.name()
                        + "' has tokens (cls=" + t.cls() + ", registers=" + t.registers() + ") and no patch tokens");
            }
            return new TokenGrid(hook, t.gridHeight(), t.gridWidth());
        }
        if (hook.layout() instanceof SpatialLayout s) {
            return new TokenGrid(hook, s.height(), s.width());
        }
        return new TokenGrid(hook, 1, 1);
    }

    /** Grid positions per image, h·w. */
    public int cells() {
        return height * width;
    }

    /**
     * The grid tokens of a batch of {@code images} activations as rows (images·h·w, channels):
     * image by image, each grid row-major.
     *
     * @throws InvalidDataException when the activations do not have the hook's shape or hold NaN
     *                              or an infinity (naming the hook point and the image)
     */
    public FloatMatrix tokens(Tensor activations, int images) {
        activations.requireShape("Activations of hook point '" + hook.name() + "'", hook.layout().shape(images));
        requireFinite(activations.data(), images);
        int c = hook.layout().channels();
        float[] data = activations.data();
        if (hook.layout() instanceof VectorLayout) {
            return new FloatMatrix(images, c, data);
        }
        float[] out = new float[images * cells() * c];
        if (hook.layout() instanceof TokenLayout t) {
            for (int image = 0; image < images; image++) {
                System.arraycopy(data, (image * t.tokens() + t.firstPatch()) * c, out, image * cells() * c, cells() * c);
            }
        } else {
            for (int image = 0; image < images; image++) {
                for (int channel = 0; channel < c; channel++) {
                    int from = (image * c + channel) * cells();
                    for (int cell = 0; cell < cells(); cell++) {
                        out[(image * cells() + cell) * c + channel] = data[from + cell];
                    }
                }
            }
        }
        return new FloatMatrix(images * cells(), c, out);
    }

    /**
     * The inverse of {@link #tokens} for one image: writes the {@link #cells()} grid rows of image
     * {@code fromImage} of {@code rows} into image {@code toImage} of {@code target}, a batch laid out
     * as the hook's activations; the tokens off the grid (CLS, registers) are left as they are.
     */
    public void writeTokens(FloatMatrix rows, int fromImage, float[] target, int toImage) {
        int c = hook.layout().channels();
        float[] data = rows.data();
        int from = fromImage * cells() * c;
        if (hook.layout() instanceof VectorLayout) {
            System.arraycopy(data, from, target, toImage * c, c);
        } else if (hook.layout() instanceof TokenLayout t) {
            System.arraycopy(data, from, target, (toImage * t.tokens() + t.firstPatch()) * c, cells() * c);
        } else {
            for (int channel = 0; channel < c; channel++) {
                int to = (toImage * c + channel) * cells();
                for (int cell = 0; cell < cells(); cell++) {
                    target[to + cell] = data[from + cell * c + channel];
                }
            }
        }
    }

    /**
     * The inverse of {@link #tokens}: rows (images·h·w, channels) written back into a tensor of the hook's
     * layout for {@code images} images, zero at the tokens the grid does not use (CLS, registers).
     */
    Tensor scatter(FloatMatrix rows, int images) {
        long[] shape = hook.layout().shape(images);
        long size = 1;
        for (long dim : shape) {
            size *= dim;
        }
        float[] out = new float[Math.toIntExact(size)];
        for (int image = 0; image < images; image++) {
            writeTokens(rows, image, out, image);
        }
        return new Tensor(shape, out);
    }

    private void requireFinite(float[] data, int images) {
        int perImage = images == 0 ? 0 : data.length / images;
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new InvalidDataException("Activations of hook point '" + hook.name() + "' hold " + data[i]
                        + " for image " + i / perImage + " of the batch (value " + i % perImage + " of "
                        + perImage + " per image); expected finite values");
            }
        }
    }
}
