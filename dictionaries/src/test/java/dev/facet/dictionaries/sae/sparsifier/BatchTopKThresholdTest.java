package dev.facet.dictionaries.sae.sparsifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.facet.dictionaries.sae.SaeParameters;
import dev.facet.djl.PyTorchEngines;
import org.junit.jupiter.api.Test;

class BatchTopKThresholdTest {

    @Test
    void referenceExampleKeepsThreeEntriesWithThresholdFour() {
        PyTorchEngines.pytorch();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray values = manager.create(new float[] {1, 3, 2, 6, 4, 5}, new Shape(2, 3));
            assertEquals(4f, BatchTopKSparsifier.batchThreshold(values, 3));
        }
    }

    @Test
    void kIsPerSampleTheBatchMayShareItUnevenlyAndInferenceUsesTheRunningThreshold() {
        PyTorchEngines.pytorch();
        try (NDManager manager = NDManager.newBaseManager(); SaeParameters parameters = new SaeParameters(manager)) {
            BatchTopKSparsifier sparsifier = new BatchTopKSparsifier(parameters, 1, 3, 0.5);
            NDArray pre = manager.create(new float[] {1, 3, 2, 6, 4, 5}, new Shape(2, 3));
            float[] codes = sparsifier.codes(pre, null, null, true).toFloatArray();
            assertArrayEquals(new float[] {0, 0, 0, 6, 0, 5}, codes, "n*k = 2 entries, both from row 2");
            assertEquals(5f, sparsifier.threshold(), "first batch sets the threshold");
            sparsifier.codes(manager.create(new float[] {1, 3, 2, 0, 0, 0}, new Shape(2, 3)), null, null, true);
            assertEquals(3.5f, sparsifier.threshold(), "EMA with momentum 0.5 of 5 and the batch's 2");
            float[] inference = sparsifier.codes(manager.create(new float[] {4.5f, 3.9f, -1f}, new Shape(1, 3)), null,
                    null, false).toFloatArray();
            assertArrayEquals(new float[] {4.5f, 3.9f, 0}, inference);
        }
    }
}
