package dev.facet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The visualize benchmark counts the backbone's passes and splits the time; it measures no speed target. */
class VisualizeBenchmarkTest {

    @Test
    void bothMethodsAreTimedWithTheirPassesCounted() {
        BenchmarkReport report = BenchMain.run("visualize", "--models", "tiny-vit-fmnist", "--steps", "3",
                "--crops", "2");
        for (String method : VisualizeBenchmark.METHODS) {
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) report.results()
                    .get(method + " tiny-vit-fmnist torchscript");
            // every step runs each crop (or copy) forward and back; the final image is scored once more
            assertEquals(6L, result.get("gradientImages"), result.toString());
            assertEquals(7L, result.get("forwardImages"), result.toString());
            double share = (double) result.get("backboneFraction");
            assertTrue(share > 0 && share < 1, result.toString());
            assertEquals((double) result.get("seconds") / 6, (double) result.get("secondsPerStepCrop"), 1e-12);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> maco = (Map<String, Object>) report.results().get("maco tiny-vit-fmnist torchscript");
        @SuppressWarnings("unchecked")
        Map<String, Object> parts = (Map<String, Object>) maco.get("ownPartsSecondsPerStep");
        assertTrue((double) parts.get("fourier") > 0 && (double) parts.get("crops") > 0
                && (double) parts.get("optimizer") > 0, parts.toString());
    }

    @Test
    void unknownMethodsModelsAndOptionsAreRefused() {
        assertThrows(ConfigException.class, () -> BenchMain.run("visualize", "--methods", "deepdream"));
        assertThrows(ConfigException.class, () -> BenchMain.run("visualize", "--models", "resnet"));
        assertThrows(ConfigException.class, () -> BenchMain.run("visualize", "--steps", "0"));
        assertThrows(ConfigException.class, () -> BenchMain.run("visualize-acceptance", "--optimizer", "sgd"));
        assertThrows(ConfigException.class, () -> BenchMain.run("visualize-acceptance", "--concepts", "-1"));
    }
}
