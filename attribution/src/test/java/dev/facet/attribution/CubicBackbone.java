package dev.facet.attribution;

import dev.facet.spi.Capability;
import dev.facet.spi.backbone.BackboneInfo;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.DifferentiableBackbone;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResizeMode;
import dev.facet.spi.backbone.VectorLayout;
import dev.facet.spi.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A differentiable test backbone on three-channel {@code height × width} images whose only output,
 * {@code score}, is {@code f(x) = Σ over channels c and region pixels p of (c + 1)·x_{c,p}³}, with
 * the analytic gradient {@code 3(c + 1)·x²} inside the region and 0 outside; it records the size
 * of every batch given to {@link #inputGradient}.
 */
final class CubicBackbone implements DifferentiableBackbone {
    static final int CHANNELS = 3;
    final int height;
    final int width;
    final int top;
    final int bottom;
    final int left;
    final int right;
    final List<Integer> gradientBatches = new ArrayList<>();

    CubicBackbone(int height, int width, int top, int bottom, int left, int right) {
        this.height = height;
        this.width = width;
        this.top = top;
        this.bottom = bottom;
        this.left = left;
        this.right = right;
    }

    boolean inside(int y, int x) {
        return y >= top && y < bottom && x >= left && x < right;
    }

    @Override
    public BackboneInfo info() {
        return new BackboneInfo("cubic", new InputSpec(CHANNELS, height, width, ChannelOrder.RGB, ResizeMode.STRETCH,
                new float[] {0, 0, 0}, new float[] {1, 1, 1}), List.of(new HookPoint("score", new VectorLayout(1))),
                Set.of(Capability.FORWARD, Capability.INPUT_GRADIENTS), Map.of());
    }

    /** f of image {@code n} of {@code pixels}. */
    double score(Tensor pixels, int n) {
        double sum = 0;
        for (int c = 0; c < CHANNELS; c++) {
            for (int y = top; y < bottom; y++) {
                for (int x = left; x < right; x++) {
                    double v = pixels.get(n, c, y, x);
                    sum += (c + 1) * v * v * v;
                }
            }
        }
        return sum;
    }

    @Override
    public Map<String, Tensor> forward(Tensor pixels, List<String> hookPoints) {
        int n = (int) pixels.dim(0);
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            scores[i] = (float) score(pixels, i);
        }
        return Map.of("score", new Tensor(new long[] {n, 1}, scores));
    }

    @Override
    public Tensor inputGradient(Tensor pixels, String hookPoint, Tensor upstream) {
        int n = (int) pixels.dim(0);
        gradientBatches.add(n);
        Tensor gradient = Tensor.zeros(pixels.shape());
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < CHANNELS; c++) {
                for (int y = top; y < bottom; y++) {
                    for (int x = left; x < right; x++) {
                        double v = pixels.get(i, c, y, x);
                        gradient.data()[((i * CHANNELS + c) * height + y) * width + x] =
                                (float) (upstream.get(i, 0) * 3 * (c + 1) * v * v);
                    }
                }
            }
        }
        return gradient;
    }

    @Override
    public void close() {
    }

    /** Images (n, 3, height, width) of values uniform in [0.2, 1), from a fixed seed. */
    Tensor images(int n) {
        Tensor t = Tensor.zeros(n, CHANNELS, height, width);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (float) (0.2 + 0.8 * random.nextDouble());
        }
        return t;
    }

    /** Share of the absolute mass of {@code maps[image]} that lies in the region. */
    double shareInside(Tensor maps, int image) {
        double inside = 0;
        double total = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = Math.abs(maps.get(image, y, x));
                total += v;
                if (inside(y, x)) {
                    inside += v;
                }
            }
        }
        return inside / total;
    }
}
