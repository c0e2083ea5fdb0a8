package dev.facet.spi.attribution;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.Tensor;
import java.util.Arrays;

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
        Geometry g = geometry(activations);
        double[] scores = new double[g.batch];
        float[] data = activations.data();
        for (int n = 0; n < g.batch; n++) {
            double sum = 0;
            for (int p = 0; p < g.positions; p++) {
                sum += data[g.offset(n, p)];
            }
            scores[n] = sum / g.positions;
        }
        return scores;
    }

    @Override
    public Tensor gradient(Tensor activations) {
        Geometry g = geometry(activations);
        float[] grad = new float[activations.size()];
        float weight = 1f / g.positions;
        for (int n = 0; n < g.batch; n++) {
            for (int p = 0; p < g.positions; p++) {
                grad[g.offset(n, p)] = weight;
            }
        }
        return new Tensor(activations.shape(), grad);
    }

    private Geometry geometry(Tensor t) {
        long[] s = t.shape();
        Geometry g = switch (s.length) {
            case 2 -> new Geometry((int) s[0], (int) s[1], 1, false);
            case 3 -> new Geometry((int) s[0], (int) s[2], (int) s[1], false);
            case 4 -> new Geometry((int) s[0], (int) s[1], (int) (s[2] * s[3]), true);
            default -> throw new InvalidDataException("Hook point '" + hookPoint + "' has shape "
                    + Arrays.toString(s) + "; a channel objective needs (n, f), (n, t, c) or (n, c, h, w)");
        };
        if (channel >= g.channels) {
            throw new InvalidDataException("Objective channel " + channel + " is outside the " + g.channels
                    + " channels of hook point '" + hookPoint + "'");
        }
        return g;
    }

    private final class Geometry {
        final int batch;
        final int channels;
        final int positions;
        final boolean channelsFirst;

        Geometry(int batch, int channels, int positions, boolean channelsFirst) {
            this.batch = batch;
            this.channels = channels;
            this.positions = positions;
            this.channelsFirst = channelsFirst;
        }

        int offset(int n, int position) {
            return channelsFirst
                    ? (n * channels + channel) * positions + position
                    : (n * positions + position) * channels + channel;
        }
    }
}
