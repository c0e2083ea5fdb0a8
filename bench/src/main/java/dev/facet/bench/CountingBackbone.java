package dev.facet.bench;

import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneInfo;
import dev.facet.spi.backbone.DifferentiableBackbone;
import dev.facet.spi.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A backbone that counts the images it runs forward (and, when it wraps a {@link DifferentiableBackbone},
 * through gradient passes) and the seconds spent inside the wrapped backbone, so a benchmark can tell
 * the model's time from the time an attribution spends around it (masks, blending, copies).
 */
class CountingBackbone implements Backbone {
    private final Backbone inner;
    long forwardImages;
    long forwardCalls;
    long gradientImages;
    long gradientCalls;
    long insideNanos;

    CountingBackbone(Backbone inner) {
        this.inner = inner;
    }

    /** A counter of {@code backbone} that is differentiable when it is. */
    static CountingBackbone of(Backbone backbone) {
        return backbone instanceof DifferentiableBackbone d ? new Differentiable(d) : new CountingBackbone(backbone);
    }

    void reset() {
        forwardImages = 0;
        forwardCalls = 0;
        gradientImages = 0;
        gradientCalls = 0;
        insideNanos = 0;
    }

    @Override
    public BackboneInfo info() {
        return inner.info();
    }

    @Override
    public Map<String, Tensor> forward(Tensor pixels, List<String> hookPoints) {
        long started = System.nanoTime();
        try {
            return inner.forward(pixels, hookPoints);
        } finally {
            insideNanos += System.nanoTime() - started;
            forwardImages += pixels.dim(0);
            forwardCalls++;
        }
    }

    /** The backbone is the caller's to close. */
    @Override
    public void close() {
    }

    private static final class Differentiable extends CountingBackbone implements DifferentiableBackbone {
        private final DifferentiableBackbone differentiable;

        Differentiable(DifferentiableBackbone inner) {
            super(inner);
            this.differentiable = inner;
        }

        @Override
        public Tensor inputGradient(Tensor pixels, String hookPoint, Tensor upstream) {
            long started = System.nanoTime();
            try {
                return differentiable.inputGradient(pixels, hookPoint, upstream);
            } finally {
                insideNanos += System.nanoTime() - started;
                gradientImages += pixels.dim(0);
                gradientCalls++;
            }
        }
    }
}
