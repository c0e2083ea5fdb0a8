package dev.facet.spi.attribution;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.Tensor;

import java.util.Arrays;

/**
 * Where the channel vector of each position lies in a hook point's activations: a vector (n, f) has one
 * position, tokens (n, t, c) one per token (channels contiguous), spatial maps (n, c, h, w) one per pixel
 * (channels strided by h·w).
 *
 * @param batch         images
 * @param channels      entries of each position's vector
 * @param positions     positions per image
 * @param channelsFirst whether channels are strided (spatial maps)
 */
record ActivationGeometry(int batch, int channels, int positions, boolean channelsFirst) {

    /**
     * The geometry of {@code activations} of hook point {@code hookPoint}.
     *
     * @throws InvalidDataException for a rank other than 2, 3 or 4
     */
    static ActivationGeometry of(Tensor activations, String hookPoint, String objective) {
        long[] s = activations.shape();
        return switch (s.length) {
            case 2 -> new ActivationGeometry((int) s[0], (int) s[1], 1, false);
            case 3 -> new ActivationGeometry((int) s[0], (int) s[2], (int) s[1], false);
            case 4 -> new ActivationGeometry((int) s[0], (int) s[1], (int) (s[2] * s[3]), true);
            default -> throw new InvalidDataException("Hook point '" + hookPoint + "' has shape " + Arrays.toString(s)
                    + "; a " + objective + " needs (n, f), (n, t, c) or (n, c, h, w)");
        };
    }

    /** Index of entry {@code channel} of position {@code position} of image {@code n}. */
    int offset(int n, int position, int channel) {
        return channelsFirst
                ? (n * channels + channel) * positions + position
                : (n * positions + position) * channels + channel;
    }
}
