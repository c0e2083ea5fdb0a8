package dev.facet.bench;

import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.tensor.Tensor;
import dev.facet.visualization.maco.MagnitudeSpectrum;

/** MACO's magnitude spectrum of a data set's own images, given as a model's preprocessed pixels. */
final class MagnitudeSpectrums {
    /** Images a benchmark loads to estimate a spectrum: all the bundled ones. */
    static final int IMAGES = 2000;

    private MagnitudeSpectrums() {
    }

    /**
     * The spectrum of {@code pixels} (n, c, h, w), normalised per {@code input}: each value mapped back
     * to [0, 1] ({@code p·std + mean}) and BGR images put in RGB order before
     * {@link MagnitudeSpectrum#estimate}.
     */
    static MagnitudeSpectrum of(InputSpec input, Tensor pixels) {
        int n = (int) pixels.dim(0);
        int channels = input.channels();
        int plane = input.height() * input.width();
        float[] mean = input.mean();
        float[] std = input.std();
        float[] images = new float[pixels.size()];
        float[] data = pixels.data();
        for (int i = 0; i < images.length; i++) {
            int c = (i / plane) % channels;
            int source = input.order() == ChannelOrder.BGR ? channels - 1 - c : c;
            images[i] = data[i - c * plane + source * plane] * std[source] + mean[source];
        }
        return MagnitudeSpectrum.estimate(images, n, channels, input.height(), input.width());
    }
}
