package dev.facet.spi.backbone;

import dev.facet.spi.ConfigException;
import java.util.Arrays;

/**
 * What a backbone takes as input: pixels scaled to [0, 1], resized per {@link #resize()}, then
 * normalised per channel as {@code (p - mean) / std}, laid out (n, c, h, w).
 *
 * @param channels number of channels, 1 or 3
 * @param height   input height in pixels
 * @param width    input width in pixels
 * @param order    colour order
 * @param resize   resize mode
 * @param mean     per-channel mean, length {@code channels}
 * @param std      per-channel standard deviation, length {@code channels}, each {@code > 0}
 */
public record InputSpec(int channels, int height, int width, ChannelOrder order, ResizeMode resize,
                        float[] mean, float[] std) {

    public InputSpec {
        if (channels != 1 && channels != 3) {
            throw ConfigException.outOfRange("input channels", channels, "1 or 3");
        }
        if ((order == ChannelOrder.GRAY) != (channels == 1)) {
            throw new ConfigException("Channel order " + order + " does not fit " + channels + " channel(s)");
        }
        if (height < 1 || width < 1) {
            throw ConfigException.outOfRange("input size", height + "x" + width, "both >= 1");
        }
        if (mean == null || std == null || mean.length != channels || std.length != channels) {
            throw new ConfigException("Input mean and std need " + channels + " values each, found "
                    + Arrays.toString(mean) + " and " + Arrays.toString(std));
        }
        for (float s : std) {
            if (!(s > 0) || !Float.isFinite(s)) {
                throw ConfigException.outOfRange("input std", Arrays.toString(std), "each finite and > 0");
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Shape of a batch of {@code n} preprocessed images. */
    public long[] batchShape(int n) {
        return new long[] {n, channels, height, width};
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputSpec s && channels == s.channels && height == s.height && width == s.width
                && order == s.order && resize == s.resize && Arrays.equals(mean, s.mean) && Arrays.equals(std, s.std);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {channels, height, width, order, resize}) * 31
                + Arrays.hashCode(mean) * 17 + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "InputSpec[" + channels + "x" + height + "x" + width + " " + order + " " + resize
                + " mean=" + Arrays.toString(mean) + " std=" + Arrays.toString(std) + "]";
    }
}
