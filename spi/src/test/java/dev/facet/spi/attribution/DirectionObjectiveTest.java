package dev.facet.spi.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DirectionObjectiveTest {

    @Test
    void aVectorAlongTheDirectionScoresItsDotProduct() {
        Objective objective = Objective.direction("logits", new float[] {3, 4});
        // a = 2v/|v|: cos = 1, s = <a, v> = 10
        Tensor along = new Tensor(new long[] {1, 2}, new float[] {1.2f, 1.6f});
        assertEquals(10, objective.scores(along)[0], 1e-6);
        // a orthogonal to v: cos = 0, floored to 0.1, s = 0 since <a, v> = 0
        Tensor orthogonal = new Tensor(new long[] {1, 2}, new float[] {4, -3});
        assertEquals(0, objective.scores(orthogonal)[0], 1e-9);
        // half-way: a = (1, 0): <a, v> = 3, cos = 0.6, s = 3 * 0.36
        assertEquals(3 * 0.36, objective.scores(new Tensor(new long[] {1, 2}, new float[] {1, 0}))[0], 1e-6);
    }

    @Test
    void gradientMatchesFiniteDifferencesOnEveryLayout() {
        Random random = new Random(7);
        for (long[] shape : new long[][] {{2, 5}, {2, 3, 5}, {2, 5, 2, 3}}) {
            float[] v = new float[5];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextGaussian();
            }
            DirectionObjective objective = new DirectionObjective("hook", v);
            Tensor a = Tensor.zeros(shape);
            for (int i = 0; i < a.size(); i++) {
                a.data()[i] = (float) random.nextGaussian();
            }
            float[] gradient = objective.gradient(a).data();
            double h = 1e-3;
            for (int i = 0; i < a.size(); i++) {
                float saved = a.data()[i];
                a.data()[i] = (float) (saved + h);
                double up = sum(objective.scores(a));
                a.data()[i] = (float) (saved - h);
                double down = sum(objective.scores(a));
                a.data()[i] = saved;
                double numeric = (up - down) / (2 * h);
                assertEquals(numeric, gradient[i], 2e-3 * (1 + Math.abs(numeric)), "entry " + i + " of " + shape.length + "-d");
            }
        }
    }

    @Test
    void theFloorKeepsAGradientAlongTheDirection() {
        DirectionObjective objective = new DirectionObjective("x", new float[] {1, 0});
        float[] gradient = objective.gradient(new Tensor(new long[] {1, 2}, new float[] {0, 0})).data();
        assertEquals(0.01f, gradient[0], 1e-7);
        assertEquals(0f, gradient[1]);
        assertTrue(objective.scores(new Tensor(new long[] {1, 2}, new float[] {-1, 0}))[0] < 0,
                "pointing away scores below zero");
    }

    @Test
    void badDirectionsAndShapesAreRefused() {
        assertThrows(ConfigException.class, () -> new DirectionObjective("x", new float[] {0, 0}));
        assertThrows(ConfigException.class, () -> new DirectionObjective("x", new float[0]));
        assertThrows(ConfigException.class, () -> new DirectionObjective("x", new float[] {1, Float.NaN}));
        assertThrows(ConfigException.class, () -> new DirectionObjective(" ", new float[] {1}));
        InvalidDataException width = assertThrows(InvalidDataException.class,
                () -> new DirectionObjective("x", new float[] {1, 2}).scores(Tensor.zeros(1, 3)));
        assertTrue(width.getMessage().contains("2 entries") && width.getMessage().contains("3 channels"), width.getMessage());
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }
}
