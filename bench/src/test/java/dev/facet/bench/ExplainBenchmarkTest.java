package dev.facet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The explain benchmark counts the backbone's passes and scores the maps; it measures no speed target. */
class ExplainBenchmarkTest {

    @Test
    void aPerturbationAndAGradientMethodAreMeasuredAndScored() {
        BenchmarkReport report = BenchMain.run("explain", "--methods", "occlusion,saliency", "--models", "tiny-vit-fmnist",
                "--images", "1", "--bare-repeats", "1");
        @SuppressWarnings("unchecked")
        Map<String, Object> occlusion = (Map<String, Object>) report.results().get("occlusion tiny-vit-fmnist onnx");
        // 28x28 with the default 8x8 window and stride 4: 6x6 = 36 occluded copies, plus the image itself
        assertEquals(37L, occlusion.get("forwardImages"));
        assertTrue((double) occlusion.get("ratio") > 0);
        double deletion = (double) occlusion.get("deletionAuc");
        double insertion = (double) occlusion.get("insertionAuc");
        assertTrue(Double.isFinite(deletion) && Double.isFinite(insertion), occlusion.toString());
        assertTrue(Math.abs((double) occlusion.get("muFidelity")) <= 1, occlusion.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> saliency = (Map<String, Object>) report.results().get("saliency tiny-vit-fmnist torchscript");
        assertEquals(1L, saliency.get("gradientImages"));
        assertEquals(1, saliency.get("bareBatch"));
    }

    @Test
    void unknownMethodsAndModelsAreRefused() {
        assertThrows(ConfigException.class, () -> BenchMain.run("explain", "--methods", "lime"));
        assertThrows(ConfigException.class, () -> BenchMain.run("explain", "--models", "resnet"));
    }
}
