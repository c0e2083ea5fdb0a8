package dev.facet.dictionaries.sae.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.facet.djl.PyTorchEngines;
import dev.facet.spi.ConfigException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingPartsTest {

    @Test
    void cosineScheduleWarmsUpLinearlyThenDecaysToTheFinalRate() {
        CosineSchedule schedule = new CosineSchedule(1e-3, 1e-4, 10, 110);
        assertEquals(1e-4, schedule.at(0), 1e-12);
        assertEquals(1e-3, schedule.at(9), 1e-12);
        assertEquals(1e-3, schedule.at(10), 1e-12);
        assertEquals(1e-4 + 0.5 * (1e-3 - 1e-4), schedule.at(60), 1e-12, "half way down the cosine");
        assertEquals(1e-4, schedule.at(110), 1e-12);
        assertThrows(ConfigException.class, () -> new CosineSchedule(1e-3, 2e-3, 0, 10));
    }

    @Test
    void adamMatchesTheTextbookUpdate() {
        PyTorchEngines.pytorch();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(new float[] {1f, -2f, 0.5f});
            try (AdamState adam = new AdamState(manager, Map.of("w", weight))) {
                double[] w = {1, -2, 0.5};
                double[] m = new double[3];
                double[] v = new double[3];
                float[][] gradients = {{0.1f, -0.3f, 2f}, {0.2f, 0.1f, -1f}, {-0.5f, 0.4f, 0.3f}};
                double lr = 0.01;
                for (int t = 1; t <= gradients.length; t++) {
                    adam.nextStep();
                    adam.update("w", weight, manager.create(gradients[t - 1]), (float) lr);
                    for (int i = 0; i < 3; i++) {
                        m[i] = 0.9 * m[i] + 0.1 * gradients[t - 1][i];
                        v[i] = 0.999 * v[i] + 0.001 * gradients[t - 1][i] * gradients[t - 1][i];
                        double mHat = m[i] / (1 - Math.pow(0.9, t));
                        double vHat = v[i] / (1 - Math.pow(0.999, t));
                        w[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
                    }
                    float[] actual = weight.toFloatArray();
                    for (int i = 0; i < 3; i++) {
                        assertEquals(w[i], actual[i], 2e-6, "step " + t + " entry " + i);
                    }
                }
            }
        }
    }

    @Test
    void aLatentIsDeadWhenItHasNotFiredWithinTheWindow() {
        DeadLatentTracker tracker = new DeadLatentTracker(3, 100);
        assertFalse(tracker.isDead(0), "nothing is dead before any sample");
        tracker.record(new boolean[] {true, false, false}, 40);
        assertFalse(tracker.isDead(0));
        assertTrue(tracker.isDead(1), "never fired in the samples seen so far");
        tracker.record(new boolean[] {false, true, false}, 40);
        tracker.record(new boolean[] {false, false, false}, 40);
        assertFalse(tracker.isDead(0), "fired 80 samples ago, window 100");
        tracker.record(new boolean[] {false, false, false}, 40);
        assertTrue(tracker.isDead(0), "fired 120 samples ago");
        assertFalse(tracker.isDead(1));
        assertEquals(2.0 / 3, tracker.deadFraction(), 1e-12);
        DeadLatentTracker restored = new DeadLatentTracker(3, 100);
        restored.restore(tracker.state(), null);
        assertArrayEquals(tracker.deadMask(), restored.deadMask());
    }

    @Test
    void geometricMedianResistsOutliersUnlikeTheMean() {
        float[] rows = {0, 0, 1, 0, 0, 1, 1, 1, 100, 100};
        FloatMatrix points = new FloatMatrix(5, 2, rows);
        float[] median = GeometricMedian.of(points, 200);
        assertTrue(median[0] < 1.5 && median[1] < 1.5, "median stays with the cluster: " + median[0]);
        assertEquals(20.4, GeometricMedian.mean(points)[0], 1e-9);
        float[] square = GeometricMedian.of(new FloatMatrix(4, 2, new float[] {0, 0, 2, 0, 0, 2, 2, 2}), 200);
        assertEquals(1f, square[0], 1e-4f);
        assertEquals(1f, square[1], 1e-4f);
    }

    @Test
    void r2IsOneForPerfectAndZeroForPredictingThePerFeatureMean() {
        FloatMatrix x = new FloatMatrix(3, 2, new float[] {1, 10, 2, 20, 3, 60});
        ReconstructionStats perfect = new ReconstructionStats(2);
        perfect.add(x, 0);
        assertEquals(1.0, perfect.r2(), 1e-12);
        double meanError = (1 + 0 + 1) + (400 + 100 + 900);
        ReconstructionStats mean = new ReconstructionStats(2);
        mean.add(new FloatMatrix(2, 2, new float[] {1, 10, 2, 20}), 0);
        mean.add(new FloatMatrix(1, 2, new float[] {3, 60}), meanError);
        assertEquals(0.0, mean.r2(), 1e-12, "streamed over two batches, per-feature mean");
    }

    @Test
    void trainerConfigNamesTheBadField() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TrainerConfig.from(ConfigValues.of("test", Map.of("final_lr", 1.0, "lr", 1e-3))));
        assertTrue(e.getMessage().contains("final_lr"), e.getMessage());
        ConfigException batch = assertThrows(ConfigException.class,
                () -> TrainerConfig.from(ConfigValues.of("test", Map.of("batch_size", 0))));
        assertTrue(batch.getMessage().contains("batch_size"), batch.getMessage());
        assertEquals(50, TrainerConfig.defaults().warmup(1000));
    }
}
