package dev.facet.visualization.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.visualization.maco.Golden;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OptimizerKindTest {

    @ParameterizedTest
    @CsvSource({"ADAM, 1.0, adam_lr1_0", "ADAM, 0.05, adam_lr0_05", "NADAM, 1.0, nadam_lr1_0", "NADAM, 0.05, nadam_lr0_05"})
    void matchesTorchTrajectory(OptimizerKind kind, double learningRate, String golden) {
        float[] parameters = Golden.values("optim_start");
        float[] gradients = Golden.values("optim_gradients");
        float[] expected = Golden.values("optim_" + golden);
        int size = parameters.length;
        Optimizer optimizer = kind.create(size, learningRate);
        for (int t = 0; t < gradients.length / size; t++) {
            optimizer.step(parameters, Arrays.copyOfRange(gradients, t * size, (t + 1) * size));
            float[] step = Arrays.copyOfRange(expected, t * size, (t + 1) * size);
            for (int i = 0; i < size; i++) {
                double tolerance = 1e-5 * Math.max(1, Math.abs(step[i]));
                assertTrue(Math.abs(parameters[i] - step[i]) <= tolerance, kind + " step " + (t + 1) + " parameter "
                        + i + ": " + parameters[i] + " vs torch " + step[i]);
            }
        }
    }

    @Test
    void firstAdamStepMovesEveryParameterByTheLearningRate() {
        float[] parameters = {1, -2, 3};
        OptimizerKind.ADAM.create(3, 0.5).step(parameters, new float[] {4, -0.01f, 1e3f});
        assertArrayEquals(new float[] {0.5f, -1.5f, 2.5f}, parameters, 1e-6f);
    }

    @Test
    void rejectsMismatchedSizesAndBadLearningRates() {
        Optimizer optimizer = OptimizerKind.NADAM.create(2, 0.1);
        assertThrows(IllegalArgumentException.class, () -> optimizer.step(new float[3], new float[3]));
        assertThrows(IllegalArgumentException.class, () -> OptimizerKind.ADAM.create(2, 0));
        assertThrows(IllegalArgumentException.class, () -> OptimizerKind.ADAM.create(2, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> OptimizerKind.ADAM.create(-1, 0.1));
    }
}
