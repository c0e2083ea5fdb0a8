package dev.facet.dictionaries.sae.dictionary;

import ai.djl.ndarray.NDArray;

/**
 * The projection applied to the dictionary weights after each optimiser step.
 * {@code L2}: every atom to unit Euclidean norm; {@code MAX_L2}: all atoms divided by the largest
 * atom norm; {@code L1} / {@code MAX_L1} the same with the L1 norm; {@code IDENTITY}: none.
 */
public enum AtomNorm {
    L2, MAX_L2, L1, MAX_L1, IDENTITY;

    /** Projects {@code weights} (c × d) in place. */
    public void project(NDArray weights) {
        switch (this) {
            case L2 -> weights.divi(weights.norm(new int[] {1}, true).clip(1e-12, Float.MAX_VALUE));
            case MAX_L2 -> weights.divi(weights.norm(new int[] {1}, true).max().clip(1e-12, Float.MAX_VALUE));
            case L1 -> weights.divi(weights.abs().sum(new int[] {1}, true).clip(1e-12, Float.MAX_VALUE));
            case MAX_L1 -> weights.divi(weights.abs().sum(new int[] {1}, true).max().clip(1e-12, Float.MAX_VALUE));
            case IDENTITY -> {
            }
            default -> throw new IllegalStateException(name());
        }
    }

    /** The configuration id ({@code l2}, {@code max_l2}, …). */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
