package dev.facet.spark.extract;

import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.distributed.DistributedRun;
import dev.facet.spark.TestBackbonesPlugin;
import dev.facet.spi.run.ProgressListener;
import java.nio.file.Path;
import java.util.List;

/**
 * A Spark extraction driver in a JVM of its own, with the slow test backbone, for a test to kill:
 * {@code ExtractionDriverProcess STORE IMAGES PARTITIONS}.
 */
public final class ExtractionDriverProcess {
    private ExtractionDriverProcess() {
    }

    public static void main(String[] args) {
        DistributedRun run = new DistributedRun(new PipelineConfig.Spark("local[2]", Integer.parseInt(args[2])),
                List.of(), ProgressListener.silent(), System.out::println);
        SparkExtraction.extract(run, SparkFixtures.backbone(TestBackbonesPlugin.SLOW),
                SparkFixtures.fashion(Integer.parseInt(args[1])), SparkFixtures.extract(), args[0]);
    }
}
