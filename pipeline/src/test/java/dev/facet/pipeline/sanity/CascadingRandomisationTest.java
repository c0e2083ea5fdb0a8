package dev.facet.pipeline.sanity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.attribution.GradientSettings;
import dev.facet.attribution.IntegratedGradients;
import dev.facet.attribution.IntegratedGradientsSettings;
import dev.facet.attribution.IntegratedGradientsSettings.Baseline;
import dev.facet.attribution.IntegratedGradientsSettings.Quadrature;
import dev.facet.attribution.Saliency;
import dev.facet.attribution.SobolAttribution;
import dev.facet.attribution.SobolSettings;
import dev.facet.attribution.SobolSettings.Perturbation;
import dev.facet.extractors.BundledModels;
import dev.facet.extractors.descriptor.ModelDescriptor;
import dev.facet.extractors.descriptor.ModelDescriptors;
import dev.facet.extractors.images.ImageBatchLoader;
import dev.facet.extractors.images.ImagePreprocessor;
import dev.facet.extractors.images.ImageSources;
import dev.facet.extractors.images.LoaderOptions;
import dev.facet.extractors.torch.TorchScriptBackbone;
import dev.facet.pipeline.sanity.CascadingRandomisation.Stage;
import dev.facet.spi.Device;
import dev.facet.spi.attribution.Attribution;
import dev.facet.spi.attribution.ClassObjective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model-parameter randomisation test of Adebayo et al. 2018 ("Sanity Checks for Saliency
 * Maps", docs/algorithms.md#sanity-checks) on the bundled tiny ViT through TorchScript: the
 * weights are randomised from the top down (head, blocks 4 to 1, embedding), cascading, and each
 * stage's map of the originally predicted class's logit is compared with the original map by
 * Spearman rank correlation (average ranks for ties), averaged over the first 8 bundled
 * Fashion-MNIST images. A method whose map survives the randomisation does not explain the model.
 */
class CascadingRandomisationTest {
    private static final String MODEL = "tiny-vit-fmnist";
    private static final int IMAGES = 8;
    private static final RunContext CONTEXT = RunContext.builder().setOutputDirectory(Path.of("target")).build();

    /** Top down: the final LayerNorm and linear head, the four blocks from the last, the embedding. */
    private static final List<Stage> STAGES = List.of(
            new Stage("head", List.of("norm.", "head.")),
            new Stage("block 4", List.of("blocks.3.")),
            new Stage("block 3", List.of("blocks.2.")),
            new Stage("block 2", List.of("blocks.1.")),
            new Stage("block 1", List.of("blocks.0.")),
            new Stage("embedding", List.of("patch_embed.", "pos_embed", "cls_token")));

    /**
     * The methods, sized for a CPU test: integrated gradients with 16 Gauss–Legendre points, Sobol
     * on a 4 × 4 grid with 8 designs (N·(d + 1) = 136 forward images per image).
     */
    private static Map<String, Attribution> methods() {
        Map<String, Attribution> methods = new LinkedHashMap<>();
        methods.put("saliency", new Saliency(new GradientSettings(1)));
        methods.put("integrated-gradients", new IntegratedGradients(new IntegratedGradientsSettings(16,
                Quadrature.GAUSS_LEGENDRE, Baseline.ZERO, 10, 16)));
        methods.put("sobol", new SobolAttribution(new SobolSettings(4, 8, Perturbation.INPAINTING, 10, 136)));
        return methods;
    }

    @Test
    void everyMapDecorrelatesAsTheWeightsAreRandomised(@TempDir Path dir) {
        Path original = BundledModels.torchscript(MODEL);
        Map<String, Attribution> methods = methods();
        Tensor pixels;
        int[] classes;
        Map<String, Tensor[]> reference;
        try (Backbone backbone = open(original)) {
            pixels = images(backbone);
            classes = predicted(backbone, pixels);
            reference = maps(backbone, pixels, classes, methods);
        }
        List<String> rows = new ArrayList<>(List.of("original, reloaded"));
        STAGES.forEach(stage -> rows.add(stage.name()));
        Map<String, double[]> signed = new LinkedHashMap<>();
        Map<String, double[]> absolute = new LinkedHashMap<>();
        for (String method : methods.keySet()) {
            signed.put(method, new double[rows.size()]);
            absolute.put(method, new double[rows.size()]);
        }
        Set<String> randomised = new TreeSet<>();
        Set<String> parameters;
        try (CascadingRandomisation randomisation = new CascadingRandomisation(original, 2018)) {
            parameters = randomisation.parameterNames();
            for (int row = 0; row < rows.size(); row++) {
                if (row > 0) {
                    randomised.addAll(randomisation.randomise(STAGES.get(row - 1)));
                }
                try (Backbone backbone = open(randomisation.write(dir.resolve("stage-" + row + ".pt")))) {
                    Map<String, Tensor[]> maps = maps(backbone, pixels, classes, methods);
                    for (String method : methods.keySet()) {
                        signed.get(method)[row] = meanSpearman(reference.get(method), maps.get(method), false);
                        absolute.get(method)[row] = meanSpearman(reference.get(method), maps.get(method), true);
                    }
                }
            }
        }
        assertEquals(parameters, randomised, "the cascade ends with every parameter randomised");
        String report = "Spearman rank correlation with the original map, mean over " + IMAGES + " images\n"
                + table(rows, signed) + "\nthe same between absolute values\n" + table(rows, absolute);
        System.out.println(report);
        for (Map.Entry<String, double[]> column : signed.entrySet()) {
            double[] rho = column.getValue();
            assertTrue(rho[0] > 0.9, column.getKey() + " against its recomputation: " + rho[0] + "\n" + report);
            assertTrue(rho[rho.length - 1] < 0.5, column.getKey() + " with every weight randomised: "
                    + rho[rho.length - 1] + "\n" + report);
        }
    }

    private static String table(List<String> rows, Map<String, double[]> columns) {
        StringBuilder table = new StringBuilder(String.format("%-20s", "stage"));
        columns.keySet().forEach(method -> table.append(String.format(" %21s", method)));
        for (int row = 0; row < rows.size(); row++) {
            table.append(String.format("%n%-20s", rows.get(row)));
            for (double[] column : columns.values()) {
                table.append(String.format(" %21.3f", column[row]));
            }
        }
        return table.toString();
    }

    /**
     * The model at {@code torchscript} as a backbone. Its descriptor is the bundled one without the
     * head module that resumes from a hook: the randomised copies have none beside them, and no
     * method here resumes.
     */
    private static Backbone open(Path torchscript) {
        ModelDescriptor bundled = ModelDescriptors.builtin(MODEL);
        ModelDescriptor.TorchScript outputs = bundled.torchscript();
        ModelDescriptor headless = new ModelDescriptor(bundled.schema(), bundled.name(), bundled.description(),
                bundled.export(), bundled.input(), bundled.tokens(), bundled.layers(), bundled.classes(), bundled.classNames(),
                bundled.onnx(),
                new ModelDescriptor.TorchScript(outputs.logits(), outputs.hidden(), outputs.outputs(), null));
        return new TorchScriptBackbone(torchscript.toString(), headless, Device.CPU);
    }

    private static Tensor images(Backbone backbone) {
        try (ImageBatchLoader loader = ImageBatchLoader.open(ImageSources.open(BundledModels.fashionMnistImages()),
                new ImagePreprocessor(backbone.info().input()), LoaderOptions.withBatchSize(IMAGES))) {
            Tensor pixels = loader.next().pixels();
            assertEquals(IMAGES, pixels.dim(0));
            return pixels;
        }
    }

    private static int[] predicted(Backbone backbone, Tensor pixels) {
        Tensor logits = backbone.forward(pixels, "logits");
        int classes = (int) logits.dim(1);
        int[] best = new int[IMAGES];
        for (int n = 0; n < IMAGES; n++) {
            for (int c = 1; c < classes; c++) {
                if (logits.get(n, c) > logits.get(n, best[n])) {
                    best[n] = c;
                }
            }
        }
        return best;
    }

    /** Each method's map of each image, explaining that image's class logit. */
    private static Map<String, Tensor[]> maps(Backbone backbone, Tensor pixels, int[] classes,
                                              Map<String, Attribution> methods) {
        Map<String, Tensor[]> maps = new LinkedHashMap<>();
        for (Map.Entry<String, Attribution> method : methods.entrySet()) {
            Tensor[] perImage = new Tensor[IMAGES];
            for (int n = 0; n < IMAGES; n++) {
                perImage[n] = method.getValue().explain(backbone, image(pixels, n), ClassObjective.logit("logits",
                        classes[n]), CONTEXT);
            }
            maps.put(method.getKey(), perImage);
        }
        return maps;
    }

    private static Tensor image(Tensor pixels, int n) {
        long[] shape = pixels.shape().clone();
        shape[0] = 1;
        int size = pixels.size() / (int) pixels.dim(0);
        return new Tensor(shape, Arrays.copyOfRange(pixels.data(), n * size, (n + 1) * size));
    }

    /** Spearman's ρ (average ranks for ties) between the maps of each image, of their values or absolute values. */
    private static double meanSpearman(Tensor[] reference, Tensor[] maps, boolean absolute) {
        SpearmansCorrelation spearman = new SpearmansCorrelation();
        double sum = 0;
        for (int n = 0; n < reference.length; n++) {
            sum += spearman.correlation(doubles(reference[n], absolute), doubles(maps[n], absolute));
        }
        return sum / reference.length;
    }

    private static double[] doubles(Tensor map, boolean absolute) {
        double[] values = new double[map.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = absolute ? Math.abs(map.data()[i]) : map.data()[i];
        }
        return values;
    }
}
