package dev.facet.spi.backbone;

import dev.facet.spi.ConfigException;

/**
 * Transformer tokens (n, t, c) in the order: optional CLS token, register tokens, then the patch
 * grid row by row (ViT, DINOv2 with registers, CLIP, SigLIP without CLS).
 *
 * @param channels   width c of each token
 * @param cls        whether token 0 is a CLS token
 * @param registers  number of register tokens after CLS
 * @param gridHeight patch rows
 * @param gridWidth  patch columns
 */
public record TokenLayout(int channels, boolean cls, int registers, int gridHeight, int gridWidth)
        implements HookLayout {

    public TokenLayout {
        if (channels < 1) {
            throw ConfigException.outOfRange("token channels", channels, ">= 1");
        }
        if (registers < 0) {
            throw ConfigException.outOfRange("register tokens", registers, ">= 0");
        }
        if (gridHeight < 0 || gridWidth < 0 || (gridHeight == 0) != (gridWidth == 0)) {
            throw ConfigException.outOfRange("patch grid", gridHeight + "x" + gridWidth,
                    "both >= 1, or 0x0 for no patch tokens");
        }
    }

    /** Total tokens per image: CLS + registers + patches. */
    public int tokens() {
        return (cls ? 1 : 0) + registers + patchTokens();
    }

    /** Index of the first patch token. */
    public int firstPatch() {
        return (cls ? 1 : 0) + registers;
    }

    public int patchTokens() {
        return gridHeight * gridWidth;
    }

    @Override
    public long[] shape(int batch) {
        return new long[] {batch, tokens(), channels};
    }
}
