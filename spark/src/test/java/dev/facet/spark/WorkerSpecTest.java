package dev.facet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.extractors.TokenSelection;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.spi.Device;
import dev.facet.spi.InvalidDataException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerSpecTest {

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void serializesAndRoundTripsTheBackboneSection() throws Exception {
        PipelineConfig.Backbone backbone = new PipelineConfig.Backbone("onnx", "tiny-vit-fmnist", null, Device.CPU, "2",
                TokenSelection.ALL, Map.of("input_size", List.of(28, 28)), "nchw");
        WorkerSpec spec = WorkerSpec.of(backbone, List.of(Path.of("plugins")));
        WorkerSpec copy = roundTrip(spec);
        assertEquals(spec, copy);
        assertEquals(backbone, copy.backbone());
        assertEquals(List.of(Path.of("plugins").toAbsolutePath().toString()), copy.pluginDirectories());
    }

    @Test
    void keepsAnExistingModelFileAndLoadsTheRegistryOncePerJvm() {
        String model = dev.facet.extractors.BundledModels.onnx("tiny-vit-fmnist").toString();
        WorkerSpec spec = WorkerSpec.of(new PipelineConfig.Backbone("onnx", model, null, Device.CPU, "1",
                TokenSelection.PATCH, Map.of(), null), List.of());
        assertEquals(model, spec.backbone().model());
        assertSame(spec.registry(), spec.registry());
    }

    @Test
    void imagesSpecRoundTripsAndFingerprintsTheOrderedIds() throws Exception {
        PipelineConfig.Images images = new PipelineConfig.Images(
                dev.facet.extractors.BundledModels.fashionMnistImages(), 10, 8, 1, 1_000_000);
        ImagesSpec spec = ImagesSpec.of(images);
        ImagesSpec copy = roundTrip(spec);
        assertEquals(spec, copy);
        assertEquals(images.path().toAbsolutePath(), copy.images().path());
        assertEquals(10, copy.open().size());
        assertEquals(ImagesSpec.fingerprint(copy.open().ids()), spec.fingerprint());
        assertEquals(64, spec.fingerprint().length());
    }

    @Test
    void aWorkerThatListsOtherImagesFailsNamingThePath() {
        PipelineConfig.Images images = new PipelineConfig.Images(
                dev.facet.extractors.BundledModels.fashionMnistImages(), 12, 8, 1, 1_000_000);
        ImagesSpec driver = ImagesSpec.of(images);
        ImagesSpec other = new ImagesSpec(driver.path(), driver.limit(), driver.batch(), driver.threads(),
                driver.maxPixels(), ImagesSpec.fingerprint(List.of("another", "listing")));
        InvalidDataException wrong = assertThrows(InvalidDataException.class, other::open);
        assertTrue(wrong.getMessage().contains(driver.path()), wrong.getMessage());
    }
}
