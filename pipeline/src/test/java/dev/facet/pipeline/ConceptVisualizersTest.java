package dev.facet.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.extractors.BundledModels;
import dev.facet.extractors.images.ImageBatch;
import dev.facet.extractors.images.ImagePreprocessor;
import dev.facet.extractors.images.ImageSource;
import dev.facet.extractors.images.ImageSources;
import dev.facet.report.picture.Png;
import dev.facet.spi.Capability;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.MissingCapabilityException;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.InputGeometry;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResizeMode;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;
import dev.facet.spi.visual.ConceptVisualizer;
import dev.facet.spi.visual.VisualizationRequest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report hands each visualizer the concept's objective and one dataset sample per run (the
 * preprocessed pixels of a seeded choice of the images), marks a feature visualization's pictures so
 * the atlas shows them beside the top images, and refuses a visualizer the backbone or the dictionary
 * cannot serve.
 */
class ConceptVisualizersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Writes {@code names} as small PNGs into the request's folder and remembers each request. */
    private static final class Recording implements ConceptVisualizer {
        final List<VisualizationRequest> requests = Collections.synchronizedList(new ArrayList<>());
        private final List<String> names;

        Recording(String... names) {
            this.names = List.of(names);
        }

        @Override
        public List<Path> render(VisualizationRequest request, RunContext context) {
            requests.add(request);
            List<Path> files = new ArrayList<>();
            for (String name : names) {
                Path file = request.outputDir().resolve(name);
                Png.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), file);
                files.add(file);
            }
            return files;
        }
    }

    private ConceptReport.Builder report(PatchBrightnessBackbone backbone, ImageSource images) {
        return ConceptReport.builder().setBackbone(backbone).setHookPoint(PatchBrightnessBackbone.HOOK).setImages(images)
                .setDictionary(new BrightnessDictionary(), "brightness").optThreads(1)
                .setSettings(ReportSettings.of(ConfigValues.of("test", Map.of("nearest", 0, "top_images", 4))));
    }

    @Test
    void aFeatureVisualizationGetsTheObjectiveAndASeededDatasetSampleAndIsMarkedForTheAtlas() throws IOException {
        PatchBrightnessBackbone backbone = new PatchBrightnessBackbone(28, 28, ResizeMode.STRETCH);
        ImageSource images = ImageSources.open(BundledModels.fashionMnistImages());
        Recording maco = new Recording("image.png", "transparency.png", "product.png");
        Recording plain = new Recording("mean.png");
        Path atlas = dir.resolve("atlas");
        report(backbone, images).optVisualizer("maco", maco).optVisualizer("mean-image", plain).build()
                .write(atlas, RunContext.builder().setOutputDirectory(atlas).optSeed(7).build());

        JsonNode concepts = JSON.readTree(atlas.resolve("concepts.json").toFile()).get("concepts");
        JsonNode drawn = concepts.get(0);
        assertTrue(concepts.get(1).get("extras").isEmpty(), "an undrawn concept has no visualization");
        JsonNode extras = drawn.get("extras");
        assertEquals(4, extras.size(), extras.toString());
        String[] kinds = {"feature-image", "feature-transparency", "feature-product"};
        String[] files = {"image.png", "transparency.png", "product.png"};
        for (int i = 0; i < 3; i++) {
            assertEquals("maco", extras.get(i).get("caption").asText());
            assertEquals(kinds[i], extras.get(i).get("kind").asText());
            assertEquals("concepts/c00000-maco/" + files[i], extras.get(i).get("path").asText());
        }
        assertEquals("mean-image", extras.get(3).get("caption").asText());
        assertTrue(extras.get(3).get("kind").isNull(), "another visualizer's picture is a plain one");

        assertEquals(1, maco.requests.size());
        VisualizationRequest request = maco.requests.get(0);
        assertEquals(0, request.concept());
        assertEquals(PatchBrightnessBackbone.HOOK, request.objective().hookPoint());
        assertEquals(4, request.topImages().size());
        Tensor sample = request.sample();
        assertNotNull(sample);
        assertArrayEquals(new long[] {DatasetSample.MAX_IMAGES, 1, 28, 28}, sample.shape());
        assertSame(sample, plain.requests.get(0).sample(), "one sample per run");

        int[] sourceIndices = sourceIndices(sample, images, backbone.info().input());
        for (int i = 1; i < sourceIndices.length; i++) {
            assertTrue(sourceIndices[i] > sourceIndices[i - 1], "distinct images in source order");
        }
        assertTrue(sourceIndices[sourceIndices.length - 1] >= DatasetSample.MAX_IMAGES,
                "a choice over the whole source, not its first images: " + Arrays.toString(sourceIndices));
    }

    @Test
    void theSampleIsTheSameForASeedAndDiffersForAnother() {
        InputSpec input = new InputSpec(1, 2, 2, ChannelOrder.GRAY, ResizeMode.STRETCH, new float[] {0}, new float[] {1});
        assertArrayEquals(sampled(input, 1000, 3), sampled(input, 1000, 3));
        assertFalse(Arrays.equals(sampled(input, 1000, 3), sampled(input, 1000, 4)));
        assertEquals(DatasetSample.MAX_IMAGES, sampled(input, 1000, 3).length);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, sampled(input, 5, 3), "a small source is taken whole");
        InputSpec photo = new InputSpec(3, 224, 224, ChannelOrder.RGB, ResizeMode.STRETCH, new float[] {0, 0, 0},
                new float[] {1, 1, 1});
        assertEquals(DatasetSample.MAX_VALUES / (3 * 224 * 224), sampled(photo, 1000, 3).length,
                "photos are limited by the sample's memory");
    }

    /** The source indices a sample of {@code size} images chooses: each image's pixels are its index. */
    private static int[] sampled(InputSpec input, int size, long seed) {
        DatasetSample sample = DatasetSample.choose(size, input, seed);
        int values = input.channels() * input.height() * input.width();
        int batch = 64;
        for (int start = 0; start < size; start += batch) {
            int n = Math.min(batch, size - start);
            float[] pixels = new float[n * values];
            int[] indices = new int[n];
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                indices[i] = start + i;
                Arrays.fill(pixels, i * values, (i + 1) * values, start + i);
                ids.add("image " + (start + i));
            }
            sample.accept(new ImageBatch(
                    new Tensor(new long[] {n, input.channels(), input.height(), input.width()}, pixels), ids, indices,
                    new int[0], Collections.nCopies(n, InputGeometry.of(input.width(),
                            input.height(), input))));
        }
        Tensor pixels = sample.pixels();
        int[] chosen = new int[(int) pixels.dim(0)];
        for (int i = 0; i < chosen.length; i++) {
            chosen[i] = (int) pixels.data()[i * values];
        }
        return chosen;
    }

    /** Which image of {@code images} each sampled image is, by its preprocessed pixels. */
    private static int[] sourceIndices(Tensor sample, ImageSource images, InputSpec input) {
        ImagePreprocessor preprocessor = new ImagePreprocessor(input);
        Map<List<Float>, Integer> byPixels = new HashMap<>();
        for (int i = 0; i < images.size(); i++) {
            byPixels.putIfAbsent(asList(preprocessor.preprocess(images.item(i).load())), i);
        }
        int values = preprocessor.valuesPerImage();
        int[] indices = new int[(int) sample.dim(0)];
        for (int s = 0; s < indices.length; s++) {
            Integer index = byPixels.get(asList(Arrays.copyOfRange(sample.data(), s * values, (s + 1) * values)));
            assertNotNull(index, "sampled image " + s + " is a preprocessed image of the source");
            indices[s] = index;
        }
        return indices;
    }

    private static List<Float> asList(float[] values) {
        List<Float> list = new ArrayList<>(values.length);
        for (float v : values) {
            list.add(v);
        }
        return list;
    }

    @Test
    void aFeatureVisualizerMustReturnItsThreePictures() {
        PatchBrightnessBackbone backbone = new PatchBrightnessBackbone(28, 28, ResizeMode.STRETCH);
        ImageSource images = ImageSources.open(BundledModels.fashionMnistImages());
        Path atlas = dir.resolve("short");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> report(backbone, images)
                .optVisualizer("pixel", new Recording("image.png")).build()
                .write(atlas, RunContext.builder().setOutputDirectory(atlas).build()));
        assertEquals("Visualizer 'pixel' returned 1 pictures for concept 0; expected its feature visualization's "
                + "image, transparency and product", e.getMessage());
    }

    @Test
    void aVisualizerNeedingInputGradientsIsRefusedNamingItWhatIsMissingAndTheComponent() {
        MissingCapabilityException backbone = assertThrows(MissingCapabilityException.class,
                () -> ConceptVisualizers.requireCompatible("maco", Set.of(Capability.INPUT_GRADIENTS),
                        "backbone 'onnx'", Set.of(Capability.FORWARD), "learner 'topk'",
                        Set.of(Capability.ENCODER_GRADIENTS)));
        assertEquals("report visualizer 'maco' requires [INPUT_GRADIENTS] but backbone 'onnx' provides [FORWARD]; "
                + "missing [INPUT_GRADIENTS]", backbone.getMessage());
        MissingCapabilityException learner = assertThrows(MissingCapabilityException.class,
                () -> ConceptVisualizers.requireCompatible("maco", Set.of(Capability.INPUT_GRADIENTS),
                        "backbone 'torchscript'", Set.of(Capability.FORWARD, Capability.INPUT_GRADIENTS),
                        "learner 'kmeans'", Set.of(Capability.STREAMING_FIT)));
        assertEquals("report visualizer 'maco' requires [ENCODER_GRADIENTS] but learner 'kmeans' provides "
                + "[STREAMING_FIT]; missing [ENCODER_GRADIENTS]", learner.getMessage());
        ConceptVisualizers.requireCompatible("mean-image", Set.of(), "backbone 'onnx'", Set.of(Capability.FORWARD),
                "learner 'kmeans'", Set.of());
    }
}
