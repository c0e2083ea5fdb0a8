package dev.facet.attribution.fidelity;

import dev.facet.attribution.GaussianBlur;
import java.util.Arrays;

/**
 * The state a perturbed pixel takes: a constant, or the image blurred by {@link GaussianBlur}, as the
 * blurred canvas of Petsiuk et al. 2018's insertion.
 */
final class Baselines {
    private Baselines() {
    }

    /** Baseline images laid out like {@code input.pixels().data()}. */
    static float[] of(FidelityInput input, float constant, double blurSigma) {
        float[] out = new float[input.pixels().size()];
        if (blurSigma <= 0) {
            Arrays.fill(out, constant);
            return out;
        }
        int image = input.channels() * input.height() * input.width();
        for (int i = 0; i < input.n(); i++) {
            float[] blurred = GaussianBlur.blur(input.pixels().data(), i * image, input.channels(), input.height(),
                    input.width(), blurSigma);
            System.arraycopy(blurred, 0, out, i * image, image);
        }
        return out;
    }
}
