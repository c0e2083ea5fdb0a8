package dev.facet.spi.attribution;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.Tensor;

/**
 * How strongly a hook point's activations point along a direction v, the objective feature
 * visualization uses for a direction (Olah et al. 2017, "Feature Visualization"; Fel et al. 2023,
 * MACO): at each position the dot product weighted by the squared cosine, floored at 0.1 so that a
 * direction the activations do not yet point along still has a gradient,
 * {@code s(a) = ⟨a, v⟩ · max(cos(a, v), 0.1)²}, averaged over the positions (tokens or pixels; a
 * vector hook point has one). docs/algorithms.md#direction-objective.
 */
public final class DirectionObjective implements Objective {
    /** The floor of the cosine, below which the score is the plain dot product times its square. */
    public static final double COSINE_FLOOR = 0.1;

    private final String hookPoint;
    private final double[] direction;
    private final double norm;

    /**
     * @throws ConfigException for a blank hook point, an empty, non-finite or zero direction
     */
    public DirectionObjective(String hookPoint, float[] direction) {
        if (hookPoint == null || hookPoint.isBlank()) {
            throw new ConfigException("Direction objective: hook point must not be blank");
        }
        if (direction == null || direction.length == 0) {
            throw new ConfigException("Direction objective at '" + hookPoint + "': the direction is empty");
        }
        this.hookPoint = hookPoint;
        this.direction = new double[direction.length];
        double sum = 0;
        for (int i = 0; i < direction.length; i++) {
            if (!Float.isFinite(direction[i])) {
                throw new ConfigException("Direction objective at '" + hookPoint + "': entry " + i + " of the direction is "
                        + direction[i]);
            }
            this.direction[i] = direction[i];
            sum += this.direction[i] * this.direction[i];
        }
        if (sum == 0) {
            throw new ConfigException("Direction objective at '" + hookPoint + "': the direction is zero");
        }
        this.norm = Math.sqrt(sum);
    }

    @Override
    public String hookPoint() {
        return hookPoint;
    }

    @Override
    public double[] scores(Tensor activations) {
        ActivationGeometry g = geometry(activations);
        double[] scores = new double[g.batch()];
        for (int n = 0; n < g.batch(); n++) {
            double sum = 0;
            for (int p = 0; p < g.positions(); p++) {
                Position at = position(activations.data(), g, n, p);
                double cosine = Math.max(at.cosine(), COSINE_FLOOR);
                sum += at.dot * cosine * cosine;
            }
            scores[n] = sum / g.positions();
        }
        return scores;
    }

    /**
     * Where the cosine is above the floor, s = d³/(‖a‖²‖v‖²) with d = ⟨a, v⟩, so
     * ∂s/∂a = 3d²·v/(‖a‖²‖v‖²) − 2d³·a/(‖a‖⁴‖v‖²); below it, s = 0.01·d and ∂s/∂a = 0.01·v.
     */
    @Override
    public Tensor gradient(Tensor activations) {
        ActivationGeometry g = geometry(activations);
        float[] data = activations.data();
        float[] grad = new float[data.length];
        double v2 = norm * norm;
        for (int n = 0; n < g.batch(); n++) {
            for (int p = 0; p < g.positions(); p++) {
                Position at = position(data, g, n, p);
                boolean floored = at.cosine() <= COSINE_FLOOR;
                double a2 = at.norm * at.norm;
                for (int c = 0; c < g.channels(); c++) {
                    int i = g.offset(n, p, c);
                    double value = floored ? COSINE_FLOOR * COSINE_FLOOR * direction[c]
                            : 3 * at.dot * at.dot * direction[c] / (a2 * v2) - 2 * at.dot * at.dot * at.dot * data[i] / (a2 * a2 * v2);
                    grad[i] = (float) (value / g.positions());
                }
            }
        }
        return new Tensor(activations.shape(), grad);
    }

    private ActivationGeometry geometry(Tensor activations) {
        ActivationGeometry g = ActivationGeometry.of(activations, hookPoint, "direction objective");
        if (g.channels() != direction.length) {
            throw new InvalidDataException("Direction objective: the direction has " + direction.length
                    + " entries but hook point '" + hookPoint + "' has " + g.channels() + " channels");
        }
        return g;
    }

    private Position position(float[] data, ActivationGeometry g, int n, int p) {
        double dot = 0;
        double squares = 0;
        for (int c = 0; c < g.channels(); c++) {
            double a = data[g.offset(n, p, c)];
            dot += a * direction[c];
            squares += a * a;
        }
        return new Position(dot, Math.sqrt(squares), norm);
    }

    /** The dot product and norm of one position's vector; a zero vector has cosine 0. */
    private record Position(double dot, double norm, double directionNorm) {
        double cosine() {
            return norm == 0 ? 0 : dot / (norm * directionNorm);
        }
    }
}
