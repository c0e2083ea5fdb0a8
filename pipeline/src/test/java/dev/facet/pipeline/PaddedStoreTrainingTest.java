package dev.facet.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.extractors.store.ActivationStoreWriter;
import dev.facet.extractors.store.HeldOutSplit;
import dev.facet.extractors.store.StoreDtype;
import dev.facet.extractors.store.StoreMetadata;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.plugins.PluginHost;
import dev.facet.spi.ConfigException;
import dev.facet.spi.run.ProgressListener;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store that left padding out has images of different row counts: the attention encoder refuses it. */
class PaddedStoreTrainingTest {
    @TempDir
    Path dir;

    @Test
    void theAttentionEncoderRefusesAStoreWithoutPadding() {
        Path store = dir.resolve("store");
        StoreMetadata metadata = new StoreMetadata("pad-model", "layer.1", "patch", 4, 8, StoreDtype.FLOAT32, 16,
                Map.of("resize", "pad"), true);
        try (ActivationStoreWriter writer = ActivationStoreWriter.create(store, metadata)) {
            writer.append("wide.png", FloatMatrix.zeros(2, 8));
            writer.append("square.png", FloatMatrix.zeros(4, 8));
            writer.finish();
        }
        try (LoadedPlugins plugins = PluginHost.builder().build().start()) {
            Stages stages = new Stages(plugins.registry(), ProgressListener.silent(), message -> { });
            PipelineConfig.Learner learner = new PipelineConfig.Learner("topk",
                    Map.of("concepts", 16, "k", 2, "encoder", "attention"));
            ConfigException e = assertThrows(ConfigException.class,
                    () -> stages.train(learner, store, dir.resolve("dictionary"), 0, HeldOutSplit.DEFAULT_FRACTION));
            assertTrue(e.getMessage().contains("keep_padding"), e.getMessage());
            assertFalse(Files.exists(dir.resolve("dictionary")), "nothing was trained");
        }
    }
}
