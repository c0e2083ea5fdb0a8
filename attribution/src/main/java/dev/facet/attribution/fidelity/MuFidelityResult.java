package dev.facet.attribution.fidelity;

import java.util.Arrays;

/**
 * MuFidelity scores.
 *
 * @param correlations per image, the Pearson correlation over the samples (0 where either side is
 *                     constant)
 */
public record MuFidelityResult(double[] correlations) {

    /** The mean over the images. */
    public double mean() {
        return Arrays.stream(correlations).average().orElseThrow();
    }
}
