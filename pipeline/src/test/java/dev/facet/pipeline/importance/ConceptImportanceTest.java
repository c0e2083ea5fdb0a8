package dev.facet.pipeline.importance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.MissingCapabilityException;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneInfo;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Planted acceptance test of {@link ConceptImportance}: class 0 of {@link PlantedBackbone} reads atom
 * {@value #PLANTED} of {@link ReluDictionary} only, class 1 atom {@value #OTHER}.
 */
class ConceptImportanceTest {
    private static final int CONCEPTS = 5;
    private static final int PLANTED = 3;
    private static final int OTHER = 1;
    private static final int IMAGES = 6;

    private final FloatMatrix atoms = orthonormalRows(CONCEPTS, PlantedBackbone.WIDTH, 7);
    private final float[] bias = {0.1f, -0.2f, 0.05f, 0f, 0.3f, -0.1f};
    private final ReluDictionary dictionary = new ReluDictionary(atoms, bias);
    private final Tensor pixels = pixels();

    @Test
    void sobolAblationAndGradientRankThePlantedConceptFirst() {
        PlantedBackbone backbone = backbone(true);
        ConceptImportance importance = ConceptImportance.of(backbone, PlantedBackbone.HOOK, dictionary,
                ImportanceSettings.from(ConfigValues.of("test", Map.of("batch_size", 37))));
        assertEquals(EnumSet.allOf(ImportanceScore.class), importance.computed());
        Tensor activations = importance.activations(pixels);
        List<ImageImportance> results = importance.explain(activations, new int[IMAGES]);
        float[] logits = backbone.forward(pixels, "logits").data();
        for (ImageImportance result : results) {
            assertEquals(logits[result.image() * 2], result.score(), 1e-4, "editing nothing gives the model's logit");
            double[] sobol = result.values(ImportanceScore.SOBOL);
            assertEquals(PLANTED, argmax(sobol));
            assertTrue(sobol[PLANTED] / sum(sobol) >= 0.9, "share of the planted concept " + sobol[PLANTED] / sum(sobol));
            assertEquals(PLANTED, argmax(abs(result.values(ImportanceScore.ABLATION))));
            assertEquals(PLANTED, argmax(abs(result.values(ImportanceScore.GRADIENT))));
        }
    }

    @Test
    void theClassChoosesWhichConceptMatters() {
        ConceptImportance importance = ConceptImportance.of(backbone(false), PlantedBackbone.HOOK, dictionary,
                ImportanceSettings.defaults());
        int[] classes = new int[IMAGES];
        java.util.Arrays.fill(classes, 1);
        int explained = 0;
        for (ImageImportance result : importance.explain(importance.activations(pixels), classes)) {
            if (result.values(ImportanceScore.ABLATION)[OTHER] != 0) {
                assertEquals(OTHER, argmax(result.values(ImportanceScore.SOBOL)));
                explained++;
            } else {
                // the concept is 0 everywhere on this image: no edit changes class 1, and no concept matters
                assertEquals(0, sum(result.values(ImportanceScore.SOBOL)), 0.05);
            }
        }
        assertTrue(explained >= 3, explained + " images with concept " + OTHER + " active");
    }

    @Test
    void gradientTimesConceptMatchesFiniteDifferences() {
        PlantedBackbone backbone = backbone(true);
        ConceptImportance importance = ConceptImportance.of(backbone, PlantedBackbone.HOOK, dictionary,
                ImportanceSettings.from(ConfigValues.of("test", Map.of("scores", List.of("gradient")))));
        Tensor activations = importance.activations(pixels);
        List<ImageImportance> results = importance.explain(activations, new int[IMAGES]);
        float[] codes = dictionary.encode(gridTokens(activations)).toDense().data();
        double h = 1e-2;
        for (ImageImportance result : results) {
            for (int concept = 0; concept < CONCEPTS; concept++) {
                // y(u with uᵢ scaled by 1 ± h): the activations move by ±h·Σₜ uₜᵢ·Dᵢ on the grid
                double plus = backbone.resume(PlantedBackbone.HOOK, scaled(activations, codes, result.image(), concept, h),
                        "logits").data()[0];
                double minus = backbone.resume(PlantedBackbone.HOOK, scaled(activations, codes, result.image(), concept, -h),
                        "logits").data()[0];
                double expected = (plus - minus) / (2 * h);
                assertEquals(expected, result.values(ImportanceScore.GRADIENT)[concept], 2e-3 * (1 + Math.abs(expected)),
                        "image " + result.image() + " concept " + concept);
            }
        }
    }

    @Test
    void gradientIsLeftOutWithoutResumeGradients() {
        ConceptImportance importance = ConceptImportance.of(backbone(false), PlantedBackbone.HOOK, dictionary,
                ImportanceSettings.defaults());
        assertEquals(EnumSet.of(ImportanceScore.SOBOL, ImportanceScore.ABLATION), importance.computed());
        ImageImportance first = importance.explain(importance.activations(pixels), new int[IMAGES]).get(0);
        assertNull(first.values(ImportanceScore.GRADIENT));
    }

    @Test
    void theMapWeighsEachConceptMapByItsImportance() {
        ConceptImportance importance = ConceptImportance.of(backbone(false), PlantedBackbone.HOOK, dictionary,
                ImportanceSettings.defaults());
        Tensor activations = importance.activations(pixels);
        ImageImportance first = importance.explain(activations, new int[IMAGES]).get(0);
        float[] codes = dictionary.encode(gridTokens(activations)).toDense().data();
        double[] sobol = first.values(ImportanceScore.SOBOL);
        for (int cell = 0; cell < 4; cell++) {
            double expected = 0;
            for (int concept = 0; concept < CONCEPTS; concept++) {
                expected += sobol[concept] * codes[cell * CONCEPTS + concept];
            }
            assertEquals(expected, first.map()[cell], 1e-5);
        }
        assertEquals(2, first.height());
    }

    @Test
    void aBackboneThatCannotResumeIsRefusedByName() {
        Backbone forwardOnly = new Backbone() {
            @Override
            public BackboneInfo info() {
                BackboneInfo planted = backbone(false).info();
                return new BackboneInfo("forward-only", planted.input(), planted.hookPoints(),
                        Set.of(dev.facet.spi.Capability.FORWARD));
            }

            @Override
            public Map<String, Tensor> forward(Tensor input, List<String> hookPoints) {
                return backbone(false).forward(input, hookPoints);
            }

            @Override
            public void close() {
            }
        };
        MissingCapabilityException e = assertThrows(MissingCapabilityException.class, () -> ConceptImportance.of(
                forwardOnly, PlantedBackbone.HOOK, dictionary, ImportanceSettings.defaults()));
        assertTrue(e.getMessage().contains("forward-only") && e.getMessage().contains("RESUME_FROM_HOOK"), e.getMessage());
    }

    @Test
    void badSettingsNameTheField() {
        Exception designs = assertThrows(RuntimeException.class,
                () -> ImportanceSettings.from(ConfigValues.of("test", Map.of("designs", 24))));
        assertTrue(designs.getMessage().contains("designs"), designs.getMessage());
        Exception scores = assertThrows(RuntimeException.class,
                () -> ImportanceSettings.from(ConfigValues.of("test", Map.of("scores", List.of("sobol", "shap")))));
        assertTrue(scores.getMessage().contains("shap"), scores.getMessage());
    }

    private PlantedBackbone backbone(boolean gradients) {
        return new PlantedBackbone(bias, atoms.row(PLANTED), atoms.row(OTHER), gradients);
    }

    private static FloatMatrix gridTokens(Tensor activations) {
        int images = (int) activations.dim(0);
        float[] rows = new float[images * 4 * PlantedBackbone.WIDTH];
        for (int image = 0; image < images; image++) {
            System.arraycopy(activations.data(), (image * 5 + 1) * PlantedBackbone.WIDTH, rows,
                    image * 4 * PlantedBackbone.WIDTH, 4 * PlantedBackbone.WIDTH);
        }
        return new FloatMatrix(images * 4, PlantedBackbone.WIDTH, rows);
    }

    private Tensor scaled(Tensor activations, float[] codes, int image, int concept, double h) {
        int width = PlantedBackbone.WIDTH;
        float[] one = java.util.Arrays.copyOfRange(activations.data(), image * 5 * width, (image + 1) * 5 * width);
        for (int cell = 0; cell < 4; cell++) {
            double u = codes[(image * 4 + cell) * CONCEPTS + concept];
            for (int d = 0; d < width; d++) {
                one[(1 + cell) * width + d] += (float) (h * u * atoms.get(concept, d));
            }
        }
        return new Tensor(new long[] {1, 5, width}, one);
    }

    private static Tensor pixels() {
        Random random = new Random(11);
        float[] data = new float[IMAGES * 64];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextGaussian() * 0.8);
        }
        return new Tensor(new long[] {IMAGES, 1, 8, 8}, data);
    }

    /** Gram–Schmidt of seeded Gaussian rows. */
    private static FloatMatrix orthonormalRows(int rows, int cols, long seed) {
        Random random = new Random(seed);
        double[][] q = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                q[r][c] = random.nextGaussian();
            }
            for (int p = 0; p < r; p++) {
                double dot = 0;
                for (int c = 0; c < cols; c++) {
                    dot += q[r][c] * q[p][c];
                }
                for (int c = 0; c < cols; c++) {
                    q[r][c] -= dot * q[p][c];
                }
            }
            double norm = 0;
            for (int c = 0; c < cols; c++) {
                norm += q[r][c] * q[r][c];
            }
            for (int c = 0; c < cols; c++) {
                q[r][c] /= Math.sqrt(norm);
            }
        }
        float[][] out = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r][c] = (float) q[r][c];
            }
        }
        return FloatMatrix.of(out);
    }

    private static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double[] abs(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.abs(values[i]);
        }
        return out;
    }

    private static double sum(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum;
    }
}
