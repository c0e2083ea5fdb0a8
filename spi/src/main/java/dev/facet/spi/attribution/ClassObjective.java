package dev.facet.spi.attribution;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.Tensor;

import java.util.Arrays;

/**
 * A class's score read from a vector hook point of logits (n, classes): the logit itself, or its
 * softmax probability, whose gradient is {@code p_k (δ_kj − p_j)}.
 *
 * @param hookPoint   the logits' hook point (usually {@code logits})
 * @param classIndex  which class
 * @param probability whether the score is the softmax probability rather than the logit
 */
public record ClassObjective(String hookPoint, int classIndex, boolean probability) implements Objective {

    public ClassObjective {
        if (hookPoint == null || hookPoint.isBlank()) {
            throw new ConfigException("Class objective: hook point must not be blank");
        }
        if (classIndex < 0) {
            throw ConfigException.outOfRange("objective class", classIndex, ">= 0");
        }
    }

    /** The logit of {@code classIndex}. */
    public static ClassObjective logit(String hookPoint, int classIndex) {
        return new ClassObjective(hookPoint, classIndex, false);
    }

    /** The softmax probability of {@code classIndex}. */
    public static ClassObjective probability(String hookPoint, int classIndex) {
        return new ClassObjective(hookPoint, classIndex, true);
    }

    @Override
    public double[] scores(Tensor activations) {
        int classes = classes(activations);
        int images = (int) activations.dim(0);
        float[] data = activations.data();
        double[] scores = new double[images];
        for (int n = 0; n < images; n++) {
            scores[n] = probability ? softmax(data, n * classes, classes)[classIndex] : data[n * classes + classIndex];
        }
        return scores;
    }

    @Override
    public Tensor gradient(Tensor activations) {
        int classes = classes(activations);
        int images = (int) activations.dim(0);
        float[] data = activations.data();
        float[] grad = new float[data.length];
        for (int n = 0; n < images; n++) {
            int row = n * classes;
            if (!probability) {
                grad[row + classIndex] = 1f;
                continue;
            }
            double[] p = softmax(data, row, classes);
            for (int j = 0; j < classes; j++) {
                grad[row + j] = (float) (p[classIndex] * ((j == classIndex ? 1 : 0) - p[j]));
            }
        }
        return new Tensor(activations.shape(), grad);
    }

    private int classes(Tensor activations) {
        long[] shape = activations.shape();
        if (shape.length != 2) {
            throw new InvalidDataException("Hook point '" + hookPoint + "' has shape " + Arrays.toString(shape)
                    + "; a class objective needs logits of shape (n, classes)");
        }
        if (classIndex >= shape[1]) {
            throw new InvalidDataException("Objective class " + classIndex + " is outside the " + shape[1]
                    + " classes of hook point '" + hookPoint + "'");
        }
        return (int) shape[1];
    }

    private static double[] softmax(float[] data, int offset, int classes) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < classes; j++) {
            max = Math.max(max, data[offset + j]);
        }
        double[] p = new double[classes];
        double sum = 0;
        for (int j = 0; j < classes; j++) {
            p[j] = Math.exp(data[offset + j] - max);
            sum += p[j];
        }
        for (int j = 0; j < classes; j++) {
            p[j] /= sum;
        }
        return p;
    }
}
