package dev.facet.pipeline.importance;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The concept importance scores of one image for its class (docs/algorithms.md#concept-importance).
 *
 * @param image      the image's index in the batch it was explained in
 * @param classIndex the class explained
 * @param score      the class score y(u) with nothing removed: the model's own score, since the
 *                   reconstruction error is added back
 * @param scores     one value per concept for each computed score; concepts inactive on the image score 0
 * @param map        the concept attribution map over the token grid (row-major, {@code height × width}):
 *                   Σᵢ importanceᵢ · mapᵢ with the image's own importance in the {@link #primary} score
 * @param height     rows of the map
 * @param width      columns of the map
 */
public record ImageImportance(int image, int classIndex, double score, Map<ImportanceScore, double[]> scores,
                              float[] map, int height, int width) {

    public ImageImportance {
        scores = Map.copyOf(new EnumMap<>(scores));
    }

    /** The score every ranking uses: Sobol when computed, else ablation, else gradient × concept. */
    public static ImportanceScore primary(Set<ImportanceScore> computed) {
        for (ImportanceScore score : ImportanceScore.values()) {
            if (computed.contains(score)) {
                return score;
            }
        }
        throw new IllegalArgumentException("no importance score computed");
    }

    /** The values of {@code score}, one per concept, or {@code null} when it was not computed. */
    public double[] values(ImportanceScore score) {
        return scores.get(score);
    }
}
