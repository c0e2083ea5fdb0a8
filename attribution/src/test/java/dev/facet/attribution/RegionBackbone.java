package dev.facet.attribution;

import dev.facet.spi.Capability;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneInfo;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResizeMode;
import dev.facet.spi.backbone.VectorLayout;
import dev.facet.spi.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A test backbone on gray {@code height × width} images whose only output, {@code score}, is the
 * sum of the pixels in rows [top, bottom) and columns [left, right) minus {@code offset}; it
 * records the size of every batch it is given.
 */
final class RegionBackbone implements Backbone {
    final int height;
    final int width;
    final int top;
    final int bottom;
    final int left;
    final int right;
    final double offset;
    final List<Integer> batches = new ArrayList<>();

    RegionBackbone(int height, int width, int top, int bottom, int left, int right, double offset) {
        this.height = height;
        this.width = width;
        this.top = top;
        this.bottom = bottom;
        this.left = left;
        this.right = right;
        this.offset = offset;
    }

    boolean inside(int y, int x) {
        return y >= top && y < bottom && x >= left && x < right;
    }

    @Override
    public BackboneInfo info() {
        return new BackboneInfo("region", new InputSpec(1, height, width, ChannelOrder.GRAY, ResizeMode.STRETCH,
                new float[] {0}, new float[] {1}), List.of(new HookPoint("score", new VectorLayout(1))),
                Set.of(Capability.FORWARD));
    }

    @Override
    public Map<String, Tensor> forward(Tensor pixels, List<String> hookPoints) {
        int n = (int) pixels.dim(0);
        batches.add(n);
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            double sum = -offset;
            for (int y = top; y < bottom; y++) {
                for (int x = left; x < right; x++) {
                    sum += pixels.data()[(i * height + y) * width + x];
                }
            }
            scores[i] = (float) sum;
        }
        return Map.of("score", new Tensor(new long[] {n, 1}, scores));
    }

    @Override
    public void close() {
    }

    /** Images of ones, (n, 1, height, width). */
    Tensor ones(int n) {
        Tensor t = Tensor.zeros(n, 1, height, width);
        java.util.Arrays.fill(t.data(), 1f);
        return t;
    }

    /** Share of the positive mass of {@code maps[image]} that lies in the region grown by {@code margin} pixels. */
    double positiveShareInside(Tensor maps, int image, int margin) {
        double inside = 0;
        double total = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = Math.max(0, maps.get(image, y, x));
                total += v;
                if (y >= top - margin && y < bottom + margin && x >= left - margin && x < right + margin) {
                    inside += v;
                }
            }
        }
        return inside / total;
    }
}
