package dev.facet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.plugins.LoadedPlugins;
import dev.facet.plugins.PluginHost;
import dev.facet.spi.ConfigException;
import dev.facet.spi.run.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that asks for a distributed engine where none is on the class path (this module's tests carry no
 * {@code facet-spark}) fails before anything runs, naming where it was asked for; the {@code spark} section
 * enters no stage's fingerprint, so a run on Spark resumes one made here and the other way round.
 */
class DistributedStagesTest {
    @TempDir
    Path dir;

    private PipelineConfig config(boolean spark) throws Exception {
        Files.createDirectories(dir.resolve("images"));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("output", "run");
        root.put("backbone", Map.of("id", "onnx", "model", "tiny-vit-fmnist", "layer", "3"));
        root.put("images", Map.of("path", "images"));
        root.put("learner", Map.of("id", "kmeans", "concepts", 8));
        if (spark) {
            root.put("spark", Map.of("master", "local[2]", "partitions", 3));
        }
        return PipelineConfig.of("test", root, dir);
    }

    @Test
    void aSparkSectionWithoutSparkOnTheClassPathFailsNamingTheFieldBeforeAnythingRuns() throws Exception {
        PipelineConfig config = config(true);
        try (LoadedPlugins plugins = PluginHost.builder().build().start()) {
            ConfigException e = assertThrows(ConfigException.class, () -> PipelineRunner.builder().setConfig(config)
                    .setRegistry(plugins.registry()).build().run());
            assertTrue(e.getMessage().startsWith("spark.master: "), e.getMessage());
            assertTrue(e.getMessage().contains("facet-spark"), e.getMessage());
            assertFalse(Files.exists(config.output()), "nothing ran");
        }
    }

    @Test
    void stagesOnThisMachineStayThemselvesWithoutASparkSection() throws Exception {
        try (LoadedPlugins plugins = PluginHost.builder().build().start()) {
            Stages stages = new Stages(plugins.registry(), ProgressListener.silent(), text -> { });
            Stages same = stages.distributed(null, List.of(), "facet extract --spark");
            assertEquals(stages, same);
            assertFalse(same.isDistributed());
            ConfigException e = assertThrows(ConfigException.class, () -> stages.distributed(
                    new PipelineConfig.Spark("local[2]", 0), List.of(), "facet extract --spark"));
            assertTrue(e.getMessage().startsWith("facet extract --spark: "), e.getMessage());
        }
    }

    @Test
    void aStoreUriIsRefusedOnThisMachineBeforeTheBackboneOpens() throws Exception {
        PipelineConfig config = config(false);
        try (LoadedPlugins plugins = PluginHost.builder().build().start()) {
            Stages stages = new Stages(plugins.registry(), ProgressListener.silent(), text -> { });
            ConfigException e = assertThrows(ConfigException.class, () -> stages.extract(config.backbone(),
                    config.images(), config.extract(), "hdfs://namenode:8020/facet/store"));
            assertTrue(e.getMessage().contains("hdfs://namenode:8020/facet/store"), e.getMessage());
            assertTrue(e.getMessage().contains("facet extract --spark"), e.getMessage());
            ConfigException eval = assertThrows(ConfigException.class, () -> stages.evaluate("topk",
                    Path.of("dictionary"), "hdfs://namenode:8020/facet/store", config.evaluate(), Path.of("m.json")));
            assertTrue(eval.getMessage().contains("hdfs://namenode:8020/facet/store")
                    && eval.getMessage().contains("read by a distributed evaluation")
                    && eval.getMessage().contains("facet eval --spark"), eval.getMessage());
        }
        assertTrue(Stages.isUri("s3a://bucket/store"));
        assertTrue(Stages.isUri("file:///tmp/store"));
        assertFalse(Stages.isUri("/tmp/store"));
        assertFalse(Stages.isUri("runs/store:1"));
    }

    @Test
    void theSparkSectionIsInNoStageFingerprint() throws Exception {
        PipelineConfig here = config(false);
        PipelineConfig spark = config(true);
        for (PipelineConfig.Stage stage : PipelineConfig.Stage.values()) {
            assertEquals(here.fingerprint(stage), spark.fingerprint(stage), stage.id());
        }
    }
}
