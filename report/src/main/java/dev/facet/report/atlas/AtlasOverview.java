package dev.facet.report.atlas;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The atlas's overview panel.
 *
 * @param title               page title
 * @param model               backbone name
 * @param layer               hook point name
 * @param tokens              token selection (e.g. {@code patch})
 * @param learner             learner id
 * @param concepts            number of concepts
 * @param dimension           activation width d
 * @param images              images the maps were computed on
 * @param r2                  R² of the reconstruction (per-feature mean), or {@code null} when not measured; on
 *                            the training rows when images were held out
 * @param l0                  mean active codes per token, or {@code null}
 * @param deadFraction        fraction of concepts that never fired, or {@code null}
 * @param heldOut             the same scores on the images held out of training, shown next to them, or
 *                            {@code null} when none were held out
 * @param trainingCurves      PNG of the training curves, or {@code null} (learners without step logs)
 * @param densityHistogram    PNG of the log₁₀ firing-density histogram, or {@code null}
 * @param details             further key/value lines shown in the overview (hyperparameters, seed, versions), in order
 */
public record AtlasOverview(String title, String model, String layer, String tokens, String learner, int concepts,
                            int dimension, long images, Double r2, Double l0, Double deadFraction, HeldOut heldOut,
                            String trainingCurves, String densityHistogram, Map<String, String> details) {

    /**
     * Scores of the rows of the images held out of training (docs/algorithms.md#held-out-images).
     *
     * @param rows         held-out rows scored
     * @param r2           R² on them, or {@code null} when undefined (every held-out row the same vector)
     * @param l0           mean active codes per token on them, or {@code null}
     * @param deadFraction fraction of concepts that never fired on them, or {@code null}
     */
    public record HeldOut(long rows, Double r2, Double l0, Double deadFraction) {
    }

    public AtlasOverview {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(learner, "learner");
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
