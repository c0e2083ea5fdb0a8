package dev.facet.extractors.onnx;

import java.util.Locale;

/**
 * How the four axes of a feature map read by tensor name are ordered: the backbone option
 * {@code layout}. Descriptor hooks ({@code layer.i}, {@code logits}) keep the descriptor's layout.
 */
public enum MapLayout {
    /**
     * Decided per tensor: (n, a, b, c) is channels-last when (a, b) has the input image's aspect ratio
     * more closely than (b, c), as in tf2onnx exports of Keras models; channels-first otherwise.
     */
    AUTO,
    /** (n, c, h, w), PyTorch's order. */
    NCHW,
    /** (n, h, w, c), TensorFlow's order; Facet transposes the map to (n, c, h, w). */
    NHWC;

    /** The option value, e.g. {@code nhwc}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
