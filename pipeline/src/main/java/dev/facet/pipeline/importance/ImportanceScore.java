package dev.facet.pipeline.importance;

import java.util.Locale;

/** The concept importance scores of docs/algorithms.md#concept-importance. */
public enum ImportanceScore {
    /** Jansen's total-order Sobol index over concept masks. */
    SOBOL,
    /** The drop of the class score when the concept is set to 0 everywhere. */
    ABLATION,
    /** Gradient × concept: Σ over positions of uᵢ·∂y/∂uᵢ; needs a backbone with resume gradients. */
    GRADIENT;

    /** The lowercase name used in configs and JSON. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
