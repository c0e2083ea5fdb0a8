package dev.facet.spark.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.extractors.BundledModels;
import dev.facet.extractors.images.IdxImageSource;
import dev.facet.extractors.store.ActivationStore;
import dev.facet.extractors.images.SkippedImage;
import dev.facet.extractors.pipeline.ExtractionResult;
import dev.facet.spark.ExecutorResources;
import dev.facet.spark.TestBackbonesPlugin;
import dev.facet.spark.WorkerSpec;
import dev.facet.spi.ConfigException;
import dev.facet.spi.FacetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkExtractionTest {
    @TempDir
    Path dir;

    @Test
    void storeEqualsTheSingleMachineStoreFileForFileAndARerunExtractsNothing() throws IOException {
        Path single = dir.resolve("single");
        Path spark = dir.resolve("spark");
        ExtractionResult expected = SparkFixtures.singleMachine(SparkFixtures.fashion(120), single);
        SparkExtraction.Outcome outcome = SparkFixtures.spark("onnx", SparkFixtures.fashion(120), 4, spark);

        assertEquals(4, outcome.partitions());
        assertEquals(4, outcome.partitionsRun());
        assertTrue(ExecutorResources.opened(WorkerSpec.of(SparkFixtures.backbone("onnx"), List.of())) <= 2,
                "each of the two task threads opens at most one backbone and reuses it");
        assertEquals(expected.imagesStored(), outcome.result().imagesStored());
        assertEquals(120, outcome.result().imagesThisRun());
        assertEquals(expected.rows(), outcome.result().rows());
        SparkFixtures.assertSameShards(single, spark);
        String provenance = Files.readString(spark.resolve("provenance.json"));
        assertTrue(provenance.contains("\"master\"") && provenance.contains("\"partitions\" : 4"), provenance);

        SparkExtraction.Outcome again = SparkFixtures.spark("onnx", SparkFixtures.fashion(120), 4, spark);
        assertEquals(0, again.partitionsRun());
        assertEquals(0, again.result().imagesThisRun());
        assertEquals(120, again.result().imagesStored());
        SparkFixtures.assertSameShards(single, spark);
    }

    @Test
    void skippedImagesLeaveTheSameImagesAndRowsAsOneMachine() throws IOException {
        Path folder = pngFolder(dir.resolve("pngs"), 45, 3);
        Path single = dir.resolve("single");
        Path spark = dir.resolve("spark");
        ExtractionResult expected = SparkFixtures.singleMachine(SparkFixtures.images(folder, 0), single);
        SparkExtraction.Outcome outcome = SparkFixtures.spark("onnx", SparkFixtures.images(folder, 0), 3, spark);

        assertEquals(3, expected.skipped().size());
        assertEquals(expected.skipped().stream().map(SkippedImage::id).toList(),
                outcome.result().skipped().stream().map(SkippedImage::id).toList());
        assertEquals(45, outcome.result().imagesStored());
        SparkFixtures.assertSameRows(single, spark);
        assertTrue(Files.readString(spark.resolve("skipped.json")).contains("bad-01.png"));
    }

    @Test
    void aFailedTaskAttemptIsRetriedAndLeavesNoDuplicate() throws IOException {
        Path single = dir.resolve("single");
        Path spark = dir.resolve("spark");
        SparkFixtures.singleMachine(SparkFixtures.fashion(60), single);
        int failuresBefore = TestBackbonesPlugin.FAILURES.get();
        SparkExtraction.Outcome outcome = SparkFixtures.spark(TestBackbonesPlugin.FAILING, SparkFixtures.fashion(60),
                3, spark);

        assertEquals(failuresBefore + 1, TestBackbonesPlugin.FAILURES.get(), "the first attempt failed once");
        assertEquals(3, outcome.partitionsRun());
        assertEquals(60, outcome.result().imagesStored());
        SparkFixtures.assertSameShards(single, spark);
        try (Stream<Path> files = Files.list(spark)) {
            assertEquals(List.of(".facet-lock", "manifest.json", "provenance.json", "shard-00000.images.txt",
                    "shard-00000.npy", "shard-00001.images.txt", "shard-00001.npy", "shard-00002.images.txt",
                    "shard-00002.npy", "shard-00003.images.txt", "shard-00003.npy", "shard-00004.images.txt",
                    "shard-00004.npy", "shard-00005.images.txt", "shard-00005.npy", "skipped.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aKillDuringFinalizationIsFinishedByTheRerun() throws IOException {
        Path single = dir.resolve("single");
        Path spark = dir.resolve("spark");
        SparkFixtures.singleMachine(SparkFixtures.fashion(60), single);
        ExtractionDriver.afterMove = moves -> {
            if (moves == 5) {
                throw new IllegalStateException("killed during finalization");
            }
        };
        try {
            assertThrows(IllegalStateException.class,
                    () -> SparkFixtures.spark("onnx", SparkFixtures.fashion(60), 3, spark));
        } finally {
            ExtractionDriver.afterMove = moves -> { };
        }
        assertTrue(Files.exists(spark.resolve(WorkFolder.FINALIZING)));
        assertTrue(Files.exists(spark.resolve("shard-00001.npy")), "some shards were moved");
        assertFalse(ActivationStore.openIncomplete(spark).isComplete());

        SparkExtraction.Outcome rerun = SparkFixtures.spark("onnx", SparkFixtures.fashion(60), 3, spark);
        assertEquals(0, rerun.partitionsRun());
        SparkFixtures.assertSameShards(single, spark);
    }

    @Test
    void badInputsFailClearly() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        FacetException noImages = assertThrows(FacetException.class,
                () -> SparkFixtures.spark("onnx", SparkFixtures.images(empty, 0), 2, dir.resolve("a")));
        assertTrue(noImages.getMessage().contains("holds no images"), noImages.getMessage());

        Path notAStore = Files.createDirectories(dir.resolve("notes"));
        Files.writeString(notAStore.resolve("notes.txt"), "mine");
        ConfigException occupied = assertThrows(ConfigException.class,
                () -> SparkFixtures.spark("onnx", SparkFixtures.fashion(20), 2, notAStore));
        assertTrue(occupied.getMessage().contains(notAStore.toString()), occupied.getMessage());

        FacetException unknown = assertThrows(FacetException.class, () -> dev.facet.spark.extract.SparkExtraction
                .extract(SparkFixtures.run(2), new dev.facet.pipeline.PipelineConfig.Backbone("onnx",
                        dir.resolve("missing.onnx").toString(), null, dev.facet.spi.Device.CPU, "1",
                        dev.facet.extractors.TokenSelection.PATCH, java.util.Map.of(), null),
                        SparkFixtures.fashion(20), SparkFixtures.extract(), dir.resolve("b").toString()));
        assertTrue(unknown.getMessage().contains("missing.onnx"), unknown.getMessage());

        SparkFixtures.spark("onnx", SparkFixtures.fashion(20), 2, dir.resolve("c"));
        ConfigException otherImages = assertThrows(ConfigException.class,
                () -> SparkFixtures.spark("onnx", SparkFixtures.fashion(30), 2, dir.resolve("c")));
        assertTrue(otherImages.getMessage().contains("imageCount=20") && otherImages.getMessage()
                .contains(dir.resolve("c").toString()), otherImages.getMessage());
    }

    /** {@code count} PNGs of Fashion-MNIST images and {@code corrupt} files that are not images. */
    static Path pngFolder(Path folder, int count, int corrupt) throws IOException {
        Files.createDirectories(folder);
        IdxImageSource idx = IdxImageSource.open(BundledModels.fashionMnistImages());
        for (int i = 0; i < count; i++) {
            ImageIO.write(idx.item(i).load(), "png", folder.resolve(String.format("img-%03d.png", i)).toFile());
        }
        for (int i = 1; i <= corrupt; i++) {
            Files.write(folder.resolve(String.format("bad-%02d.png", i)), new byte[] {1, 2, 3, 4, 5});
        }
        return folder;
    }
}
