package dev.facet.extractors.onnx;

import dev.facet.spi.tensor.Tensor;

/**
 * Reorders channels-last feature maps (n, h, w, c), as TensorFlow lays them out, to Facet's (n, c, h, w),
 * and back for feeding a map to the model.
 */
final class ChannelsLast {

    private ChannelsLast() {
    }

    /** The map {@code nhwc} of shape (n, h, w, c) as (n, c, h, w). */
    static Tensor toChannelsFirst(Tensor nhwc) {
        int n = (int) nhwc.dim(0);
        int h = (int) nhwc.dim(1);
        int w = (int) nhwc.dim(2);
        int c = (int) nhwc.dim(3);
        float[] from = nhwc.data();
        float[] to = new float[from.length];
        int plane = h * w;
        for (int image = 0; image < n; image++) {
            int base = image * plane * c;
            for (int position = 0; position < plane; position++) {
                for (int channel = 0; channel < c; channel++) {
                    to[base + channel * plane + position] = from[base + position * c + channel];
                }
            }
        }
        return new Tensor(new long[] {n, c, h, w}, to);
    }

    /** The map {@code nchw} of shape (n, c, h, w) as (n, h, w, c). */
    static Tensor toChannelsLast(Tensor nchw) {
        int n = (int) nchw.dim(0);
        int c = (int) nchw.dim(1);
        int h = (int) nchw.dim(2);
        int w = (int) nchw.dim(3);
        float[] from = nchw.data();
        float[] to = new float[from.length];
        int plane = h * w;
        for (int image = 0; image < n; image++) {
            int base = image * plane * c;
            for (int channel = 0; channel < c; channel++) {
                for (int position = 0; position < plane; position++) {
                    to[base + position * c + channel] = from[base + channel * plane + position];
                }
            }
        }
        return new Tensor(new long[] {n, h, w, c}, to);
    }
}
