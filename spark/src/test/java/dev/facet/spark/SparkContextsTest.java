package dev.facet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.facet.pipeline.PipelineConfig;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

class SparkContextsTest {

    @Test
    void reusesTheActiveContextAndLeavesItRunning() {
        JavaSparkContext shared = SharedSpark.context();
        try (SparkContexts.Handle handle = SparkContexts.open(new PipelineConfig.Spark("local[3]", 0), "other")) {
            assertSame(shared.sc(), handle.context().sc());
            assertFalse(handle.owned());
        }
        assertFalse(shared.sc().isStopped(), "a joined context is not stopped on close");
        try (SparkContexts.Handle submitted = SparkContexts.open(
                new PipelineConfig.Spark(PipelineConfig.Spark.SUBMITTED, 0), "submitted")) {
            assertSame(shared.sc(), submitted.context().sc(), "'submit' joins the context spark-submit's job made");
        }
    }

    @Test
    void partitionsAreConfiguredOrFourPerCoreWithinTheItems() {
        SharedSpark.context();
        try (SparkContexts.Handle byCores = SparkContexts.open(SharedSpark.config(0), "t");
             SparkContexts.Handle given = SparkContexts.open(SharedSpark.config(5), "t")) {
            assertEquals(4 * byCores.context().defaultParallelism(), byCores.partitions(1000));
            assertEquals(3, byCores.partitions(3));
            assertEquals(1, byCores.partitions(0));
            assertEquals(5, given.partitions(1000));
            assertEquals(2, given.partitions(2));
        }
    }
}
