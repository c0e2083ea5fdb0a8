package dev.facet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.dictionaries.sae.SaeDictionary;
import dev.facet.dictionaries.sae.SaeLearner;
import dev.facet.dictionaries.sae.SaeLearners;
import dev.facet.dictionaries.sae.train.StepLog;
import dev.facet.extractors.BundledModels;
import dev.facet.extractors.TokenSelection;
import dev.facet.extractors.images.ImageBatch;
import dev.facet.extractors.images.ImageBatchLoader;
import dev.facet.extractors.images.ImagePreprocessor;
import dev.facet.extractors.images.ImageSources;
import dev.facet.extractors.images.LoaderOptions;
import dev.facet.extractors.onnx.OnnxBackboneFactory;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneConfig;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance test: every sparse-autoencoder part (each encoder, dictionary layer, sparsifier and
 * loss) trains for one epoch on real activations — the layer-3 patch tokens of the bundled tiny
 * ViT on the first bundled Fashion-MNIST images — without a non-finite loss, lowers the loss from
 * the first logged steps to the last ones (mean of the first 5 step losses against the mean of the
 * last 5), and afterwards encodes rows to finite codes whose reconstruction beats the mean (R² &gt; 0).
 * 300 images give 14,700 rows, 60 steps of 245 rows (5 whole images) per case.
 */
class EveryArchitectureTrainsTest {

    private static final String MODEL = "tiny-vit-fmnist";
    private static final String HOOK = "layer.3";
    private static final int IMAGES = 300;
    private static final int TOKENS = 49;
    /** A multiple of the 49 tokens of an image, so attention batches hold whole images. */
    private static final int BATCH = 5 * TOKENS;
    private static final int WINDOW = 5;
    /** Images whose tokens are encoded and decoded after training (whole images, for the attention encoder). */
    private static final int SAMPLE_IMAGES = 20;

    private static FloatMatrix activations;

    @BeforeAll
    static void extract() throws Exception {
        try (Backbone backbone = new OnnxBackboneFactory().open(BackboneConfig.of(MODEL));
             ImageBatchLoader loader = ImageBatchLoader.open(ImageSources.open(BundledModels.fashionMnistImages()),
                     new ImagePreprocessor(backbone.info().input()), LoaderOptions.withBatchSize(IMAGES))) {
            ImageBatch batch = loader.next();
            assertEquals(IMAGES, batch.size());
            Tensor layer = backbone.forward(batch.pixels(), HOOK);
            activations = TokenSelection.PATCH.select(layer, backbone.info().hookPoint(HOOK).layout())
                    .requireFinite(HOOK + " activations");
        }
        assertEquals(IMAGES * TOKENS, activations.rows());
        assertEquals(128, activations.cols());
    }

    /** One parameterized case: a readable name, the learner id and its hyperparameters. */
    record Case(String name, String learner, Map<String, Object> hyperparameters) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Arguments of(String name, String learner, Object... keyValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("epochs", 1);
        values.put("batch_size", BATCH);
        values.put("checkpoint_every", 0);
        values.put("log_every", 1);
        values.put("concepts", 256);
        values.put("lr", 1e-3);
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put((String) keyValues[i], keyValues[i + 1]);
        }
        return Arguments.of(new Case(name, learner, values));
    }

    static Stream<Arguments> architectures() {
        return Stream.of(
                // encoders
                of("encoder linear", "topk", "k", 16, "encoder", "linear"),
                of("encoder tied", "topk", "k", 16, "encoder", "tied"),
                of("encoder mlp (layer norm, 1 block)", "topk", "k", 16, "encoder", "mlp", "encoder_norm", "layer",
                        "encoder_blocks", 1),
                of("encoder mlp (batch norm, 3 blocks, residual)", "topk", "k", 16, "encoder", "mlp",
                        "encoder_norm", "batch", "encoder_blocks", 3, "residual", true),
                of("encoder attention (49 tokens, 4 heads, 1 block)", "topk", "k", 16, "encoder", "attention",
                        "tokens", TOKENS, "heads", 4, "encoder_blocks", 1),
                of("encoder identity (mp)", "mp", "concepts", 128, "k", 8, "encoder", "identity"),
                // dictionary layers
                of("dictionary l2", "topk", "k", 16, "dictionary", "l2"),
                of("dictionary max_l2", "topk", "k", 16, "dictionary", "max_l2"),
                of("dictionary l1", "topk", "k", 16, "dictionary", "l1"),
                of("dictionary max_l1", "topk", "k", 16, "dictionary", "max_l1"),
                of("dictionary identity", "topk", "k", 16, "dictionary", "identity"),
                of("dictionary archetypal (64 candidates)", "topk", "k", 16, "dictionary", "archetypal",
                        "candidates", 64),
                of("dictionary multiplier", "topk", "k", 16, "multiplier", true),
                // sparsifiers
                of("sparsifier relu (mse_l1)", "relu", "loss", "mse_l1"),
                of("sparsifier topk", "topk", "k", 16),
                of("sparsifier batchtopk", "batchtopk", "k", 16),
                of("sparsifier jumprelu", "jumprelu"),
                of("sparsifier mp", "mp", "concepts", 128, "k", 8),
                of("sparsifier omp (identity encoder)", "omp", "concepts", 128, "k", 8, "encoder", "identity"),
                of("sparsifier matryoshka (default prefixes)", "matryoshka", "k", 16),
                // losses
                of("loss mse_hoyer", "relu", "loss", "mse_hoyer", "lambda", 1e-2),
                of("loss mse_kappa4", "relu", "loss", "mse_kappa4", "lambda", 1e-2),
                of("loss elastic", "relu", "loss", "elastic", "lambda", 1e-3),
                // training variants
                of("topk without auxk", "topk", "k", 16, "auxk", false),
                of("topk compute dense", "topk", "k", 16, "compute", "dense"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void trainsOneEpochAndLowersTheLoss(Case config, @TempDir Path output) throws Exception {
        SaeLearner learner = (SaeLearner) SaeLearners.factories().stream()
                .filter(f -> f.id().equals(config.learner())).findFirst().orElseThrow()
                .create(ConfigValues.of(config.name(), config.hyperparameters()));
        RunContext context = RunContext.builder().setOutputDirectory(Files.createDirectories(output.resolve("run")))
                .optSeed(7).build();
        long started = System.nanoTime();
        try (SaeDictionary dictionary = learner.fit(ActivationSource.of(activations), context)) {
            double seconds = (System.nanoTime() - started) / 1e9;
            assertNotNull(learner.history(), "history after fit");
            List<StepLog> steps = learner.history().steps();
            int expectedSteps = (activations.rows() + BATCH - 1) / BATCH;
            assertEquals(expectedSteps, steps.size(), "one log per step");
            for (StepLog step : steps) {
                assertTrue(Double.isFinite(step.loss()), config + ": loss " + step.loss() + " at step " + step.step());
            }
            double first = meanLoss(steps.subList(0, WINDOW));
            double last = meanLoss(steps.subList(steps.size() - WINDOW, steps.size()));
            FloatMatrix sample = activations.rows(0, SAMPLE_IMAGES * TOKENS);
            Codes codes = dictionary.encode(sample);
            assertEquals(sample.rows(), codes.rows());
            assertEquals(config.hyperparameters().get("concepts"), codes.concepts());
            float[] dense = codes.toDense().data();
            for (int i = 0; i < dense.length; i++) {
                assertTrue(Float.isFinite(dense[i]), config + ": code " + dense[i] + " at " + i);
            }
            double r2 = explainedVariance(sample, dictionary.decode(codes));
            System.out.printf(Locale.ROOT, "ARCH %-48s first %.6g last %.6g R2 %.4f (%.2f s)%n", config, first, last,
                    r2, seconds);
            assertTrue(last < first, config + ": mean loss of the last " + WINDOW + " steps (" + last
                    + ") is not below that of the first " + WINDOW + " (" + first + ")");
            assertTrue(r2 > 0, config + ": the trained dictionary reconstructs worse than the mean (R2 " + r2 + ")");
        }
    }

    /** R² = 1 − Σ‖x − x̂‖² / Σ‖x − x̄‖² over the rows of {@code x}. */
    private static double explainedVariance(FloatMatrix x, FloatMatrix reconstruction) {
        int d = x.cols();
        double[] mean = new double[d];
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += x.get(i, j) / (double) x.rows();
            }
        }
        double error = 0;
        double total = 0;
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < d; j++) {
                double residual = x.get(i, j) - reconstruction.get(i, j);
                double centred = x.get(i, j) - mean[j];
                error += residual * residual;
                total += centred * centred;
            }
        }
        return 1 - error / total;
    }

    private static double meanLoss(List<StepLog> steps) {
        return steps.stream().mapToDouble(StepLog::loss).average().orElseThrow();
    }
}
