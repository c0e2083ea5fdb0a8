package dev.facet.dictionaries.nmf;

import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.stream.IntStream;

/**
 * Re-seeding of dead HALS atoms (docs/algorithms.md#hals). An atom is dead when it is all zero
 * (Bⱼⱼ = ‖Dⱼ‖² = 0) or its code column is all zero (Nⱼⱼ = ‖Zⱼ‖² = 0): it takes no part in Z·D, and
 * HALS alone, which skips a zero-curvature coordinate, would leave it so. Each dead atom, in index
 * order, takes the positive part of the residual row rᵢ = xᵢ − zᵢ·D with the largest ‖max(0, rᵢ)‖²
 * (the most unexplained non-negative mass, which a non-negative atom can take; ties to the lowest
 * row), rescaled to the root-mean-square norm of the live atoms; its code column becomes the exact
 * minimiser given that atom, zᵢⱼ = max(0, rᵢ·Dⱼ)/‖Dⱼ‖², and the residual loses zⱼ·Dⱼ before the
 * next dead atom is seeded. The dead atom contributed nothing, so ‖X − Z·D‖ never rises. Nothing is
 * drawn at random: the result depends on the data and the fit so far only.
 */
final class AtomReseeding {

    private AtomReseeding() {
    }

    /** The atoms j with {@code gram[j][j] == 0} (the atom) or {@code codeGram[j][j] == 0} (its codes), both c × c. */
    static int[] dead(float[] gram, float[] codeGram, int c) {
        return IntStream.range(0, c).filter(j -> gram[j * c + j] == 0f || codeGram[j * c + j] == 0f).toArray();
    }

    /** R = X − Z·D (n × d) as a fresh array. */
    static float[] residual(FloatMatrix x, FloatMatrix z, FloatMatrix atoms) {
        float[] r = Matrices.multiply(z, atoms).data();
        float[] xd = x.data();
        for (int i = 0; i < r.length; i++) {
            r[i] = xd[i] - r[i];
        }
        return r;
    }

    /**
     * Re-seeds {@code dead} atoms of D (c × d) and their code columns in Z (n × c), keeping the
     * residual R (n × d) current.
     *
     * @param gram D·Dᵀ (c × c) of the atoms before re-seeding, for the live atoms' scale
     * @return how many of {@code dead}, from the first, were re-seeded (fewer than all only when no
     *         residual row has a positive entry left)
     */
    static int reseed(int[] dead, float[] residual, float[] z, float[] atoms, float[] gram, int n, int c, int d) {
        double liveNorm2 = 0;
        int live = 0;
        for (int j = 0; j < c; j++) {
            if (gram[j * c + j] > 0f) {
                liveNorm2 += gram[j * c + j];
                live++;
            }
        }
        int done = 0;
        float[] atom = new float[d];
        for (int j : dead) {
            int row = largestPositiveResidual(residual, n, d);
            if (row < 0) {
                break;
            }
            double norm2 = 0;
            for (int t = 0; t < d; t++) {
                float v = Math.max(0f, residual[row * d + t]);
                atom[t] = v;
                norm2 += (double) v * v;
            }
            float scale = live > 0 ? (float) Math.sqrt(liveNorm2 / live / norm2) : 1f;
            double atomNorm2 = 0;
            for (int t = 0; t < d; t++) {
                atom[t] *= scale;
                atomNorm2 += (double) atom[t] * atom[t];
            }
            System.arraycopy(atom, 0, atoms, j * d, d);
            float inverse = (float) (1 / atomNorm2);
            IntStream.range(0, n).parallel().forEach(i -> {
                float code = Math.max(0f, Matrices.dot(residual, i * d, atom, 0, d) * inverse);
                z[i * c + j] = code;
                if (code != 0f) {
                    for (int t = 0; t < d; t++) {
                        residual[i * d + t] -= code * atom[t];
                    }
                }
            });
            done++;
        }
        return done;
    }

    /** The row with the largest ‖max(0, rᵢ)‖², or −1 when every residual entry is ≤ 0. */
    private static int largestPositiveResidual(float[] residual, int n, int d) {
        int best = -1;
        double bestScore = 0;
        for (int i = 0; i < n; i++) {
            double score = 0;
            for (int t = i * d; t < (i + 1) * d; t++) {
                float v = residual[t];
                if (v > 0f) {
                    score += (double) v * v;
                }
            }
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return best;
    }
}
