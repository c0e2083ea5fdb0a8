package dev.facet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.facet.extractors.TokenSelection;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.spi.Device;
import dev.facet.spi.backbone.Backbone;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutorResourcesTest {

    /** A spec of its own (the layer differs from other tests'), so its pool counts only this test's opens. */
    private static WorkerSpec spec() {
        return WorkerSpec.of(new PipelineConfig.Backbone("onnx", "tiny-vit-fmnist", null, Device.CPU, "3",
                TokenSelection.PATCH, Map.of(), null), List.of());
    }

    @Test
    void opensOneBackbonePerConcurrentBorrowerAndReusesThem() {
        WorkerSpec spec = spec();
        Backbone first;
        try (ExecutorResources.Lease<Backbone> a = ExecutorResources.backbone(spec)) {
            first = a.get();
            try (ExecutorResources.Lease<Backbone> b = ExecutorResources.backbone(spec)) {
                assertNotSame(a.get(), b.get(), "a backbone is lent to one borrower at a time");
                assertEquals(2, ExecutorResources.opened(spec));
            }
        }
        for (int task = 0; task < 5; task++) {
            try (ExecutorResources.Lease<Backbone> lease = ExecutorResources.backbone(spec)) {
                assertSame(first, lease.get(), "the most recently returned backbone is reused");
            }
        }
        assertEquals(2, ExecutorResources.opened(spec));
    }

    @Test
    void aBackboneOpenedInATaskGetsTheTaskCpusAsItsEngineThreads() {
        WorkerSpec spec = WorkerSpec.of(new PipelineConfig.Backbone(TestBackbonesPlugin.SLOW, "tiny-vit-fmnist", null,
                Device.CPU, "2", TokenSelection.CLS, Map.of(), null), List.of());
        List<Integer> inTask = SharedSpark.context().parallelize(List.of(0), 1).map(x -> {
            spec.openBackbone().close();
            return TestBackbonesPlugin.LAST_THREADS.get();
        }).collect();
        assertEquals(List.of(1), inTask, "spark.task.cpus is 1 in the test context");
        spec.openBackbone().close();
        assertEquals(-1, TestBackbonesPlugin.LAST_THREADS.get(), "outside a task the engine keeps its default threads");
    }
}
