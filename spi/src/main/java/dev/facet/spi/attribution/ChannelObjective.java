package dev.facet.spi.attribution;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.Tensor;

/**
 * Mean activation of one channel: entry {@code channel} of a vector (n, f), the mean over tokens
 * of (n, t, c), or the mean over positions of (n, c, h, w).
 *
 * @param hookPoint where to read
 * @param channel   which channel
 */
public record ChannelObjective(String hookPoint, int channel) implements Objective {

    public ChannelObjective {
        if (hookPoint == null || hookPoint.isBlank()) {
            throw new ConfigException("Channel objective: hook point must not be blank");
        }
        if (channel < 0) {
            throw ConfigException.outOfRange("objective channel", channel, ">= 0");
        }
    }

    @Override
    public double[] scores(Tensor activations) {
        ActivationGeometry g = geometry(activations);
        double[] scores = new double[g.batch()];
        float[] data = activations.data();
        for (int n = 0; n < g.batch(); n++) {
            double sum = 0;
            for (int p = 0; p < g.positions(); p++) {
                sum += data[g.offset(n, p, channel)];
            }
            scores[n] = sum / g.positions();
        }
        return scores;
    }

    @Override
    public Tensor gradient(Tensor activations) {
        ActivationGeometry g = geometry(activations);
        float[] grad = new float[activations.size()];
        float weight = 1f / g.positions();
        for (int n = 0; n < g.batch(); n++) {
            for (int p = 0; p < g.positions(); p++) {
                grad[g.offset(n, p, channel)] = weight;
            }
        }
        return new Tensor(activations.shape(), grad);
    }

    private ActivationGeometry geometry(Tensor t) {
        ActivationGeometry g = ActivationGeometry.of(t, hookPoint, "channel objective");
        if (channel >= g.channels()) {
            throw new InvalidDataException("Objective channel " + channel + " is outside the " + g.channels()
                    + " channels of hook point '" + hookPoint + "'");
        }
        return g;
    }
}
