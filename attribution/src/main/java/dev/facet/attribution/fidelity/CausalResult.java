package dev.facet.attribution.fidelity;

import java.util.Arrays;

/**
 * Deletion or insertion curves and their areas.
 *
 * @param perturbedPixels pixels perturbed at each point of the curves, from 0 to the maximum
 * @param curves          per image, the objective at each point, shape (n, steps + 1)
 * @param auc             per image, the area under its curve on an x axis scaled to [0, 1]
 */
public record CausalResult(int[] perturbedPixels, double[][] curves, double[] auc) {

    /** The mean area over the images, equal to the area under the mean curve as Xplique reports it. */
    public double meanAuc() {
        return Arrays.stream(auc).average().orElseThrow();
    }
}
