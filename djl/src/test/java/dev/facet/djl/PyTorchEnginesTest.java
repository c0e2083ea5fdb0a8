package dev.facet.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class PyTorchEnginesTest {

    @Test
    void createsNdArraysOfflineWithTheMavenNatives() {
        Engine engine = PyTorchEngines.pytorch();
        assertEquals("PyTorch", engine.getEngineName());
        assertEquals("true", System.getProperty("ai.djl.offline"));
        assertEquals("2.7.1", engine.getVersion());
        try (NDManager manager = engine.newBaseManager(PyTorchEngines.device(dev.facet.spi.Device.CPU))) {
            NDArray a = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
            NDArray b = manager.create(new float[] {1, 0, 0, 1, 1, 1}, new Shape(3, 2));
            NDArray product = a.matMul(b);
            assertEquals(new Shape(2, 2), product.getShape());
            assertArrayEquals(new float[] {4, 5, 10, 11}, product.toFloatArray());
            assertEquals(Device.cpu(), product.getDevice());
        }
    }

    @Test
    void heapValuesRoundTripThroughNdArrays() {
        try (NDManager manager = PyTorchEngines.pytorch().newBaseManager()) {
            dev.facet.spi.tensor.Tensor tensor = new dev.facet.spi.tensor.Tensor(new long[] {2, 1, 3},
                    new float[] {1, 2, 3, 4, 5, 6});
            NDArray nd = HeapArrays.toNd(manager, tensor);
            assertEquals(new Shape(2, 1, 3), nd.getShape());
            assertEquals(tensor, HeapArrays.toTensor(nd.toType(ai.djl.ndarray.types.DataType.FLOAT64, false)));
            dev.facet.spi.tensor.FloatMatrix matrix = dev.facet.spi.tensor.FloatMatrix.of(new float[][] {{1, 2}, {3, 4}});
            assertEquals(matrix, HeapArrays.toMatrix(HeapArrays.toNd(manager, matrix)));
            org.junit.jupiter.api.Assertions.assertThrows(dev.facet.spi.InvalidDataException.class,
                    () -> HeapArrays.toMatrix(nd));
        }
    }
    @Test
    void overwriteWritesEveryValueInPlaceEvenIntoATrainableParameter() {
        try (NDManager manager = PyTorchEngines.pytorch().newBaseManager()) {
            NDArray weights = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
            weights.setRequiresGradient(true);
            HeapArrays.overwrite(weights, new float[] {-1, 0.5f, Float.NaN, Float.POSITIVE_INFINITY, 7, 8});
            assertEquals(new Shape(2, 3), weights.getShape());
            assertArrayEquals(new float[] {-1, 0.5f, Float.NaN, Float.POSITIVE_INFINITY, 7, 8}, weights.toFloatArray());
            org.junit.jupiter.api.Assertions.assertTrue(weights.hasGradient(), "still a trainable parameter");

            NDArray scalar = manager.create(new float[] {0}, new Shape(1));
            HeapArrays.overwrite(scalar, new float[] {3.5f});
            assertEquals(3.5f, scalar.getFloat(0));
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> HeapArrays.overwrite(scalar, new float[] {1, 2}));
            assertEquals("Cannot overwrite an array of shape (1) (1 values) with 2 values", e.getMessage());
        }
    }
}
