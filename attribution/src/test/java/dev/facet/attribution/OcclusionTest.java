package dev.facet.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.CancelledException;
import dev.facet.spi.Capability;
import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.attribution.Attribution;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneInfo;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResizeMode;
import dev.facet.spi.backbone.VectorLayout;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.run.CancellationToken;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OcclusionTest {
    private static final RunContext CONTEXT = RunContext.builder().setOutputDirectory(Path.of("target")).build();

    /** Scores each 8x8 gray image by the sum of its top-left 4x4 quadrant; counts forward passes. */
    static final class QuadrantBackbone implements Backbone {
        final AtomicInteger forwards = new AtomicInteger();

        @Override
        public BackboneInfo info() {
            return new BackboneInfo("quadrant", new InputSpec(1, 8, 8, ChannelOrder.GRAY, ResizeMode.STRETCH,
                    new float[] {0}, new float[] {1}), List.of(new HookPoint("score", new VectorLayout(1))),
                    java.util.Set.of(Capability.FORWARD));
        }

        @Override
        public Map<String, Tensor> forward(Tensor pixels, List<String> hookPoints) {
            forwards.incrementAndGet();
            int n = (int) pixels.dim(0);
            float[] scores = new float[n];
            for (int i = 0; i < n; i++) {
                for (int y = 0; y < 4; y++) {
                    for (int x = 0; x < 4; x++) {
                        scores[i] += pixels.data()[i * 64 + y * 8 + x];
                    }
                }
            }
            return Map.of("score", new Tensor(new long[] {n, 1}, scores));
        }

        @Override
        public void close() {
        }
    }

    private static Tensor ones(int n) {
        Tensor t = Tensor.zeros(n, 1, 8, 8);
        java.util.Arrays.fill(t.data(), 1f);
        return t;
    }

    @Test
    void nonOverlappingPatchesGiveTheExactDrop() {
        Attribution occlusion = new OcclusionFactory().create(ConfigValues.of("test",
                Map.of("window", 4, "stride", 4, "batch_size", 3)));
        QuadrantBackbone backbone = new QuadrantBackbone();
        Tensor maps = occlusion.explain(backbone, ones(2), Objective.channel("score", 0), CONTEXT);
        assertArrayEquals(new long[] {2, 8, 8}, maps.shape());
        for (int n = 0; n < 2; n++) {
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    float expected = y < 4 && x < 4 ? 16f : 0f;
                    assertEquals(expected, maps.get(n, y, x), 1e-6, "pixel (" + y + ", " + x + ")");
                }
            }
        }
        // 1 unoccluded pass + per image ceil(4 positions / 3 per batch) = 2 passes.
        assertEquals(1 + 2 * 2, backbone.forwards.get());
    }

    @Test
    void overlappingPatchesAverageTheDropsCoveringEachPixel() {
        Attribution occlusion = new Occlusion(new OcclusionSettings(4, 2, 0f, 32));
        Tensor maps = occlusion.explain(new QuadrantBackbone(), ones(1), Objective.channel("score", 0), CONTEXT);
        // Patch starts are 0, 2, 4 on each axis; the overlap of a patch at (y, x) with the quadrant
        // is (4 - y) * (4 - x) for starts below 4, so pixel (0, 0) sees one patch with drop 16 and
        // pixel (3, 3) sees patches at {0, 2} x {0, 2}: (16 + 8 + 8 + 4) / 4 = 9.
        assertEquals(16f, maps.get(0, 0, 0), 1e-6);
        assertEquals(9f, maps.get(0, 3, 3), 1e-6);
        assertEquals(0f, maps.get(0, 7, 7), 1e-6);
        // Pixel (2, 5): patch rows {0, 2} cover y = 2; patch columns {2, 4} cover x = 5:
        // drops (4*2, 2*2, 4*0, 2*0) -> (8 + 4 + 0 + 0) / 4 = 3.
        assertEquals(3f, maps.get(0, 2, 5), 1e-6);
    }

    @Test
    void validatesSettingsAndInput() {
        assertEquals("test: unknown key [size]; allowed: [baseline, batch_size, stride, window]",
                assertThrows(ConfigException.class, () -> new OcclusionFactory().create(
                        ConfigValues.of("test", Map.of("size", 3)))).getMessage());
        assertThrows(ConfigException.class, () -> new OcclusionSettings(4, 5, 0f, 1));
        Attribution big = new Occlusion(new OcclusionSettings(9, 9, 0f, 1));
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> big.explain(new QuadrantBackbone(), ones(1), Objective.channel("score", 0), CONTEXT));
        assertTrue(e.getMessage().contains("exceeds the image size 8x8"), e.getMessage());
        assertThrows(InvalidDataException.class, () -> big.explain(new QuadrantBackbone(), Tensor.zeros(8, 8),
                Objective.channel("score", 0), CONTEXT));
        assertEquals(java.util.Set.of(Capability.FORWARD), new OcclusionFactory().requires());
    }

    @Test
    void stopsWhenCancelled() {
        CancellationToken token = CancellationToken.create();
        token.cancel("test");
        RunContext cancelled = RunContext.builder().setOutputDirectory(Path.of("target")).optCancellation(token).build();
        assertThrows(CancelledException.class, () -> new Occlusion(new OcclusionSettings(4, 4, 0f, 1))
                .explain(new QuadrantBackbone(), ones(1), Objective.channel("score", 0), cancelled));
    }
}
