package dev.facet.pipeline.importance;

import dev.facet.attribution.SobolDesigns;
import java.util.Arrays;
import java.util.Set;

/**
 * The edited copies of one image's codes and the class score each gets. Row 0 edits nothing; then,
 * when Sobol is computed, the N rows of A and N rows of Cᵢ for each active concept i; then, for
 * ablation, one row per active concept with that concept removed. A row is a mask m over the
 * concepts: the copy's codes are u ⊙ m at every position.
 */
final class EditPlan {
    private final int image;
    private final int classIndex;
    private final int[] active;
    private final SobolDesigns designs;
    private final int sobolRows;
    private final int ablationRows;
    private final double[] outputs;

    EditPlan(int image, int classIndex, int[] active, Set<ImportanceScore> scores, SobolDesigns designs) {
        this.image = image;
        this.classIndex = classIndex;
        this.active = active;
        this.designs = designs;
        this.sobolRows = designs == null ? 0 : designs.count() * (1 + active.length);
        this.ablationRows = scores.contains(ImportanceScore.ABLATION) ? active.length : 0;
        this.outputs = new double[1 + sobolRows + ablationRows];
    }

    int image() {
        return image;
    }

    int classIndex() {
        return classIndex;
    }

    int rows() {
        return outputs.length;
    }

    /** The mask of {@code row} over the {@code concepts} concepts. */
    double[] mask(int row, int concepts) {
        int r = row - 1;
        if (r >= 0 && r < sobolRows) {
            int n = designs.count();
            if (r < n) {
                return designs.design(r);
            }
            int concept = active[(r - n) / n];
            return designs.design(n + concept * n + (r - n) % n);
        }
        double[] ones = new double[concepts];
        Arrays.fill(ones, 1);
        if (r >= sobolRows) {
            ones[active[r - sobolRows]] = 0;
        }
        return ones;
    }

    void record(int row, double score) {
        outputs[row] = score;
    }

    /** y(u): the class score with nothing edited. */
    double score() {
        return outputs[0];
    }

    /** Jansen's S_Tᵢ; for an inactive concept every f(Cᵢⱼ) is f(Aⱼ), so its index is 0. */
    double[] sobol(SobolDesigns sobol, int concepts) {
        int n = sobol.count();
        double[] all = new double[sobol.rows()];
        System.arraycopy(outputs, 1, all, 0, n);
        for (int i = 0; i < concepts; i++) {
            System.arraycopy(outputs, 1, all, n + i * n, n);
        }
        for (int q = 0; q < active.length; q++) {
            System.arraycopy(outputs, 1 + n + q * n, all, n + active[q] * n, n);
        }
        return sobol.totalOrder(all);
    }

    /** y(u) − y(u with uᵢ = 0); 0 for an inactive concept. */
    double[] ablation(int concepts) {
        double[] drops = new double[concepts];
        for (int q = 0; q < active.length; q++) {
            drops[active[q]] = outputs[0] - outputs[1 + sobolRows + q];
        }
        return drops;
    }
}
