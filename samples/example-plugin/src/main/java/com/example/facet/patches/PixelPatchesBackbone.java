package com.example.facet.patches;

import dev.facet.spi.Capability;
import dev.facet.spi.ConfigException;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneInfo;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResizeMode;
import dev.facet.spi.backbone.SpatialLayout;
import dev.facet.spi.backbone.TokenLayout;
import dev.facet.spi.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parameter-free "backbone" that cuts each image into non-overlapping p×p patches. Hook point
 * {@code patches} gives tokens (n, 1 + gh·gw, c·p·p): a CLS token holding the mean patch, then one
 * token per patch, row by row, each the patch's pixels in (channel, row, column) order. Hook point
 * {@code pixels} gives the input itself as a spatial map (n, c, h, w). Learning a dictionary over
 * patches is the classic sparse-coding experiment of Olshausen and Field (Nature, 1996).
 */
public final class PixelPatchesBackbone implements Backbone {
    static final String PATCHES = "patches";
    static final String PIXELS = "pixels";

    private final int patch;
    private final BackboneInfo info;

    PixelPatchesBackbone(int height, int width, int channels, int patch) {
        if (height % patch != 0 || width % patch != 0) {
            throw new ConfigException("pixel-patches: patch " + patch + " must divide the image size "
                    + height + "x" + width);
        }
        this.patch = patch;
        float[] mean = new float[channels];
        float[] std = new float[channels];
        Arrays.fill(std, 1f);
        InputSpec input = new InputSpec(channels, height, width, channels == 1 ? ChannelOrder.GRAY : ChannelOrder.RGB,
                ResizeMode.STRETCH, mean, std);
        TokenLayout tokens = new TokenLayout(channels * patch * patch, true, 0, height / patch, width / patch);
        this.info = new BackboneInfo(PixelPatchesBackboneFactory.MODEL, input,
                List.of(new HookPoint(PATCHES, tokens), new HookPoint(PIXELS, new SpatialLayout(channels, height, width))),
                Set.of(Capability.FORWARD));
    }

    @Override
    public BackboneInfo info() {
        return info;
    }

    @Override
    public Map<String, Tensor> forward(Tensor pixels, List<String> hookPoints) {
        InputSpec input = info.input();
        int n = pixels.rank() == 4 ? (int) pixels.dim(0) : -1;
        pixels.requireShape("pixel-patches input", input.batchShape(Math.max(n, 0)));
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : hookPoints) {
            HookPoint hook = info.hookPoint(name);
            out.put(name, PIXELS.equals(hook.name()) ? pixels : patches(pixels, n, (TokenLayout) hook.layout()));
        }
        return out;
    }

    private Tensor patches(Tensor pixels, int n, TokenLayout layout) {
        int channels = info.input().channels();
        int height = info.input().height();
        int width = info.input().width();
        int dim = layout.channels();
        int tokens = layout.tokens();
        float[] out = new float[n * tokens * dim];
        float[] in = pixels.data();
        for (int image = 0; image < n; image++) {
            int clsBase = image * tokens * dim;
            for (int gy = 0; gy < layout.gridHeight(); gy++) {
                for (int gx = 0; gx < layout.gridWidth(); gx++) {
                    int token = layout.firstPatch() + gy * layout.gridWidth() + gx;
                    int base = (image * tokens + token) * dim;
                    int f = 0;
                    for (int c = 0; c < channels; c++) {
                        for (int y = 0; y < patch; y++) {
                            int row = ((image * channels + c) * height + gy * patch + y) * width + gx * patch;
                            for (int x = 0; x < patch; x++, f++) {
                                out[base + f] = in[row + x];
                                out[clsBase + f] += in[row + x] / layout.patchTokens();
                            }
                        }
                    }
                }
            }
        }
        return new Tensor(layout.shape(n), out);
    }

    @Override
    public void close() {
        // Holds no native resources.
    }
}
