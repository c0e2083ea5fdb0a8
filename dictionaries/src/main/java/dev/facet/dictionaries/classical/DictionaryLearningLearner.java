package dev.facet.dictionaries.classical;

import dev.facet.dictionaries.factor.StateSize;
import dev.facet.dictionaries.classical.SparseCodingDictionary.Coding;
import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.spi.ConfigException;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.dictionary.DictionaryLearner;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Dictionary learning by alternating minimisation in the style of Mairal, Bach, Ponce and Sapiro
 * (2009, "Online dictionary learning for sparse coding"), run in batch over the whole data held in
 * memory. It solves, without centring,
 * <pre>  min_{Z, D} ½‖X − Z·D‖²_F + α‖Z‖₁   subject to ‖d_j‖₂ = 1 for every atom</pre>
 * when {@code coding = lasso}, and the k-sparse problem min ‖X − Z·D‖²_F s.t. ‖z_i‖₀ ≤ k (greedily)
 * when {@code coding = omp}. Each iteration:
 * <ol>
 *   <li>sparse coding of every row against the current D ({@link SparseCoding}, lasso warm-started
 *       from the previous codes);</li>
 *   <li>one block-coordinate sweep over the atoms with A = Zᵀ·Z and B = Zᵀ·X (Mairal et al.,
 *       Algorithm 2): u_j = d_j + (B_j − A_j·D)/A_jj, then d_j = u_j/‖u_j‖₂ (unit norm). An atom
 *       no row uses (A_jj ≈ 0), or one with |cos| &gt; {@value #DUPLICATE_COSINE} to an earlier atom,
 *       is re-seeded at the worst-reconstructed row, normalised (as K-SVD does, Aharon, Elad and
 *       Bruckstein 2006).</li>
 * </ol>
 * Atoms start as c distinct rows drawn with seed {@code context.seedFor("dictionary-learning-init")},
 * normalised. Stops when ‖Z_new − Z_old‖_F/‖Z_new‖_F ≤ {@code tol} or at {@code max_iter}. Finally
 * each atom's sign (free, since codes are signed) is fixed so that its training codes sum to ≥ 0.
 *
 * <p>Provenance metrics: {@code iterations}, {@code final_code_change}, {@code relative_error}
 * (‖X − Z·D‖_F/‖X‖_F with codes recomputed against the final D), {@code mean_l0}, {@code reseeded}.
 */
public final class DictionaryLearningLearner implements DictionaryLearner {

    /** An atom this collinear with an earlier one (unit norms) is re-seeded instead of updated. */
    static final double DUPLICATE_COSINE = 0.95;

    private final String id;
    private final int concepts;
    private final Coding coding;
    private final double alpha;
    private final int k;
    private final int maxIter;
    private final double tol;
    private final Map<String, Object> hyperparameters;

    DictionaryLearningLearner(String id, int concepts, Coding coding, double alpha, int k, int maxIter, double tol,
                              Map<String, Object> hyperparameters) {
        this.id = id;
        this.concepts = concepts;
        this.coding = coding;
        this.alpha = alpha;
        this.k = k;
        this.maxIter = maxIter;
        this.tol = tol;
        this.hyperparameters = hyperparameters;
    }

    /** The data and its codes in memory, and the atoms with two working copies. */
    @Override
    public long estimatedBytes(int inputDim, long rows) {
        return StateSize.of(id, concepts, inputDim, rows, 3, true, true);
    }

    @Override
    public SparseCodingDictionary fit(ActivationSource data, RunContext context) {
        long start = System.nanoTime();
        ClassicalData.requireRows(data, 1, id);
        if (concepts > data.rows()) {
            throw ConfigException.outOfRange(id + " concepts", concepts, "[1, " + data.rows()
                    + "] (atoms start as distinct rows)");
        }
        FloatMatrix x = ClassicalData.readAll(data, id, context);
        int n = x.rows();
        int d = x.cols();
        int c = concepts;
        SplittableRandom random = new SplittableRandom(context.seedFor(id + "-init"));
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        float[] atoms = new float[c * d];
        for (int j = 0; j < c; j++) {
            int pick = j + random.nextInt(n - j);
            int row = order[pick];
            order[pick] = order[j];
            order[j] = row;
            System.arraycopy(x.data(), row * d, atoms, j * d, d);
            if (!normalise(atoms, j, d)) {
                for (int q = 0; q < d; q++) {
                    atoms[j * d + q] = (float) random.nextGaussian();
                }
                normalise(atoms, j, d);
            }
        }
        FloatMatrix dictionary = new FloatMatrix(c, d, atoms);
        FloatMatrix codes = null;
        int iterations = 0;
        int reseeded = 0;
        double change = Double.NaN;
        while (iterations < maxIter) {
            context.cancellation().throwIfCancelled(id);
            iterations++;
            FloatMatrix next = SparseCodingDictionary.code(x, dictionary, coding, alpha, k, codes);
            change = codes == null ? Double.POSITIVE_INFINITY : ClassicalData.relativeChange(next.data(), codes.data());
            codes = next;
            reseeded += updateAtoms(x, codes, atoms, c, d);
            if (change <= tol) {
                break;
            }
        }
        FloatMatrix finalCodes = SparseCodingDictionary.code(x, dictionary, coding, alpha, k, codes);
        orientAtoms(atoms, finalCodes, c, d);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("iterations", iterations);
        metrics.put("final_code_change", change);
        metrics.put("relative_error", relativeError(x, finalCodes, dictionary));
        metrics.put("mean_l0", dev.facet.spi.tensor.Codes.fromDense(finalCodes).meanL0());
        metrics.put("reseeded", reseeded);
        return new SparseCodingDictionary(id, dictionary, coding, alpha, k, hyperparameters,
                ClassicalData.provenance(id, context, data, metrics, start));
    }

    /**
     * Signed codes leave each atom's sign free (z·d = (−z)·(−d)); fix it so that the atom's codes
     * over the training rows sum to a non-negative value (the atom points the way it is mostly used).
     * The codes are negated with it.
     */
    private static void orientAtoms(float[] atoms, FloatMatrix codes, int c, int d) {
        for (int j = 0; j < c; j++) {
            double sum = 0;
            for (int i = 0; i < codes.rows(); i++) {
                sum += codes.data()[i * c + j];
            }
            if (sum < 0) {
                for (int q = 0; q < d; q++) {
                    atoms[j * d + q] = -atoms[j * d + q];
                }
                for (int i = 0; i < codes.rows(); i++) {
                    codes.data()[i * c + j] = -codes.data()[i * c + j];
                }
            }
        }
    }

    /** One block-coordinate sweep of unit-norm atom updates, in place; returns the atoms re-seeded. */
    private static int updateAtoms(FloatMatrix x, FloatMatrix codes, float[] atoms, int c, int d) {
        float[] a = Matrices.multiply(codes, true, codes, false).data();
        float[] b = Matrices.multiply(codes, true, x, false).data();
        double[] u = new double[d];
        int reseeded = 0;
        float[] residualNorms = null;
        for (int j = 0; j < c; j++) {
            double ajj = a[j * c + j];
            if (ajj <= 1e-12 || duplicates(atoms, j, d)) {
                if (residualNorms == null) {
                    residualNorms = rowNorms(residual(x, codes, new FloatMatrix(c, d, atoms)));
                }
                int worst = 0;
                for (int i = 1; i < residualNorms.length; i++) {
                    if (residualNorms[i] > residualNorms[worst]) {
                        worst = i;
                    }
                }
                residualNorms[worst] = -1;
                System.arraycopy(x.data(), worst * d, atoms, j * d, d);
                normalise(atoms, j, d);
                reseeded++;
                continue;
            }
            for (int q = 0; q < d; q++) {
                u[q] = b[j * d + q];
            }
            for (int m = 0; m < c; m++) {
                double ajm = a[j * c + m];
                if (ajm != 0) {
                    for (int q = 0; q < d; q++) {
                        u[q] -= ajm * atoms[m * d + q];
                    }
                }
            }
            double norm = 0;
            for (int q = 0; q < d; q++) {
                u[q] = atoms[j * d + q] + u[q] / ajj;
                norm += u[q] * u[q];
            }
            norm = Math.sqrt(norm);
            if (norm > 1e-12) {
                for (int q = 0; q < d; q++) {
                    atoms[j * d + q] = (float) (u[q] / norm);
                }
            }
        }
        return reseeded;
    }

    /** Whether atom j is nearly collinear (|cos| > {@value #DUPLICATE_COSINE}) with an earlier atom. */
    private static boolean duplicates(float[] atoms, int j, int d) {
        for (int m = 0; m < j; m++) {
            double dot = 0;
            for (int q = 0; q < d; q++) {
                dot += (double) atoms[m * d + q] * atoms[j * d + q];
            }
            if (Math.abs(dot) > DUPLICATE_COSINE) {
                return true;
            }
        }
        return false;
    }

    static FloatMatrix residual(FloatMatrix x, FloatMatrix codes, FloatMatrix atoms) {
        float[] r = Matrices.multiply(codes, atoms).data();
        for (int i = 0; i < r.length; i++) {
            r[i] = x.data()[i] - r[i];
        }
        return new FloatMatrix(x.rows(), x.cols(), r);
    }

    static double relativeError(FloatMatrix x, FloatMatrix codes, FloatMatrix atoms) {
        FloatMatrix r = residual(x, codes, atoms);
        double num = 0;
        double den = 0;
        for (int i = 0; i < r.data().length; i++) {
            num += (double) r.data()[i] * r.data()[i];
            den += (double) x.data()[i] * x.data()[i];
        }
        return den == 0 ? 0 : Math.sqrt(num / den);
    }

    private static float[] rowNorms(FloatMatrix m) {
        float[] out = KMeansDictionary.squaredNorms(m);
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) Math.sqrt(out[i]);
        }
        return out;
    }

    /** Scales row j to unit norm; false when it is zero. */
    private static boolean normalise(float[] atoms, int j, int d) {
        double norm = 0;
        for (int q = 0; q < d; q++) {
            norm += (double) atoms[j * d + q] * atoms[j * d + q];
        }
        if (norm <= 1e-24) {
            return false;
        }
        norm = Math.sqrt(norm);
        for (int q = 0; q < d; q++) {
            atoms[j * d + q] = (float) (atoms[j * d + q] / norm);
        }
        return true;
    }
}
