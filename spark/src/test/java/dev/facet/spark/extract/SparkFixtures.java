package dev.facet.spark.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.facet.extractors.BundledModels;
import dev.facet.extractors.TokenSelection;
import dev.facet.extractors.images.ImageLimits;
import dev.facet.extractors.pipeline.ExtractionResult;
import dev.facet.extractors.store.ActivationStore;
import dev.facet.extractors.store.StoreDtype;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.Stages;
import dev.facet.pipeline.distributed.DistributedRun;
import dev.facet.spark.SharedSpark;
import dev.facet.spark.WorkerSpec;
import dev.facet.spi.Device;
import dev.facet.spi.run.ProgressListener;
import dev.facet.spi.tensor.FloatMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The inputs of the Spark extraction tests and the comparisons with a single-machine extraction. */
final class SparkFixtures {
    /** Ten images of 49 patch rows per shard. */
    static final int SHARD_ROWS = 49 * 10;

    private SparkFixtures() {
    }

    static PipelineConfig.Backbone backbone(String engine) {
        return new PipelineConfig.Backbone(engine, "tiny-vit-fmnist", null, Device.CPU, "1", TokenSelection.PATCH,
                Map.of(), null);
    }

    static PipelineConfig.Images images(Path path, int limit) {
        return new PipelineConfig.Images(path, limit, 8, 1, ImageLimits.DEFAULT_MAX_PIXELS);
    }

    static PipelineConfig.Images fashion(int limit) {
        return images(BundledModels.fashionMnistImages(), limit);
    }

    static PipelineConfig.Extract extract() {
        return new PipelineConfig.Extract(StoreDtype.FLOAT32, SHARD_ROWS, false);
    }

    /** A run on the shared context with {@code partitions} partitions; its messages go to {@code messages}. */
    static DistributedRun run(int partitions, List<String> messages) {
        return new DistributedRun(SharedSpark.config(partitions), List.of(), ProgressListener.silent(),
                Collections.synchronizedList(messages)::add);
    }

    static DistributedRun run(int partitions) {
        return run(partitions, new ArrayList<>());
    }

    static SparkExtraction.Outcome spark(String engine, PipelineConfig.Images images, int partitions, Path store) {
        SharedSpark.context();
        return SparkExtraction.extract(run(partitions), backbone(engine), images, extract(), store.toString());
    }

    static ExtractionResult singleMachine(PipelineConfig.Images images, Path store) {
        PipelineConfig.Backbone backbone = backbone("onnx");
        return new Stages(WorkerSpec.of(backbone, List.of()).registry(), ProgressListener.silent(), m -> { })
                .extract(backbone, images, extract(), store);
    }

    /** The two stores hold the same shards, file for file and byte for byte, and the same manifest entries. */
    static void assertSameShards(Path expected, Path actual) throws IOException {
        ActivationStore single = ActivationStore.open(expected);
        ActivationStore spark = ActivationStore.open(actual);
        spark.verify();
        assertEquals(single.shards(), spark.shards());
        assertEquals(single.metadata(), spark.metadata());
        for (int i = 0; i < single.shards().size(); i++) {
            String npy = single.shards().get(i).file();
            String ids = single.shards().get(i).imageIdsFile();
            assertEquals(-1, Files.mismatch(expected.resolve(npy), actual.resolve(npy)), npy);
            assertEquals(-1, Files.mismatch(expected.resolve(ids), actual.resolve(ids)), ids);
        }
        assertFalse(Files.exists(actual.resolve(WorkFolder.WORK)), "the work folder is removed");
    }

    /** The two stores hold the same images in the same order, each with the same rows, bit for bit. */
    static void assertSameRows(Path expected, Path actual) {
        ActivationStore spark = ActivationStore.open(actual);
        spark.verify();
        Map<String, float[]> want = rowsById(ActivationStore.open(expected));
        Map<String, float[]> got = rowsById(spark);
        assertEquals(List.copyOf(want.keySet()), List.copyOf(got.keySet()));
        for (Map.Entry<String, float[]> image : want.entrySet()) {
            float[] rows = got.get(image.getKey());
            int[] wantBits = new int[image.getValue().length];
            int[] gotBits = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                gotBits[i] = Float.floatToRawIntBits(rows[i]);
            }
            for (int i = 0; i < wantBits.length; i++) {
                wantBits[i] = Float.floatToRawIntBits(image.getValue()[i]);
            }
            assertArrayEquals(wantBits, gotBits, image.getKey());
        }
    }

    private static Map<String, float[]> rowsById(ActivationStore store) {
        Map<String, float[]> rows = new LinkedHashMap<>();
        int perImage = store.metadata().tokensPerImage();
        for (int s = 0; s < store.shards().size(); s++) {
            List<String> ids = store.imageIds(s);
            FloatMatrix shard = store.readShard(s);
            for (int k = 0; k < ids.size(); k++) {
                rows.put(ids.get(k), shard.rows(k * perImage, (k + 1) * perImage).data().clone());
            }
        }
        return rows;
    }
}
