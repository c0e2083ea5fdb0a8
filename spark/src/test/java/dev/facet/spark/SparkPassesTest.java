package dev.facet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.facet.pipeline.distributed.DistributedPasses;
import org.junit.jupiter.api.Test;

class SparkPassesTest {

    @Test
    void thePipelineFindsTheSparkPassesWhereSparkIsOnTheClassPath() {
        DistributedPasses passes = DistributedPasses.require("facet extract --spark");
        assertInstanceOf(SparkPasses.class, passes);
        assertEquals("spark", passes.engine());
        assertEquals("", passes.unavailable());
    }
}
