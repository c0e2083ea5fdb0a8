package dev.facet.dictionaries.sae.dictionary;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.facet.dictionaries.sae.HeapInit;
import dev.facet.dictionaries.sae.SaeParameters;
import dev.facet.dictionaries.sae.SaeShape;
import dev.facet.djl.HeapArrays;
import dev.facet.spi.ConfigException;
import java.util.SplittableRandom;

/**
 * The relaxed archetypal dictionary (RA) of Fel et al. (2025), "Archetypal SAE: Adaptive and
 * Stable Dictionary Learning for Concept Extraction in Large Vision Models"
 * (docs/algorithms.md#relaxed-archetypal-dictionary): {@code D = (W·C + Λ)·exp(m)}, where C (m × d)
 * holds fixed candidate points (k-means centroids or sampled rows of the data, set with {@link
 * #setCandidates} before training), W (c × m) is kept row-stochastic so each atom starts as a convex
 * combination of candidates, and the relaxation Λ (c × d) lets an atom leave the hull by at most δ:
 * {@code ‖Λᵢ‖ ≤ δ}. The scalar log-multiplier m is optional (0 and absent otherwise). After each
 * optimiser step {@link #afterStep} projects W (relu, then each row divided by its sum; a row summing
 * to 0 becomes uniform 1/m) and Λ (rows longer than δ scaled back to δ). It composes with any encoder
 * and sparsifier.
 *
 * <p>Initialisation: unlike the Python version, which starts c − m atoms at zero when c &gt; m,
 * every atom starts at a candidate point: row i of W puts 1 − εᵢ on candidate (i mod m), with
 * εᵢ ∈ [0.01, 0.03) drawn per row and spread over the other candidates with random weights, so
 * atoms that share a candidate still differ (when m ≥ 2); Λ starts at 0. Until
 * {@link #setCandidates} is called the candidates are the model's initial unit atoms (for
 * i &lt; min(c, m)), followed by fresh random unit rows.
 *
 * <p>Parameters: {@code dictionary.weights} (c × m), {@code dictionary.relaxation} (c × d),
 * optionally {@code dictionary.log_multiplier} (1), all trainable; the buffer
 * {@code dictionary.candidates} (m × d).
 */
public final class ArchetypalDictionary implements DictionaryLayer {

    public static final String WEIGHTS = "dictionary.weights";
    public static final String RELAXATION = "dictionary.relaxation";
    public static final String LOG_MULTIPLIER = "dictionary.log_multiplier";
    public static final String CANDIDATES = "dictionary.candidates";

    /** Upper bound of the default number of candidates. */
    public static final int MAX_DEFAULT_CANDIDATES = 4096;

    /** Mean weight an atom initially puts on candidates other than its own. */
    static final double INITIAL_SPREAD = 0.02;

    private final int concepts;
    private final int candidateCount;
    private final int inputDim;
    private final double delta;
    private final NDArray weights;
    private final NDArray relaxation;
    private final NDArray logMultiplier;
    private final NDArray candidates;

    /**
     * @param candidateCount m, the number of candidate points (≥ 1)
     * @param delta          δ, the bound on each relaxation row's norm (≥ 0)
     * @param multiplier     learn the scalar log-multiplier
     * @param initialAtoms   the model's initial unit atoms (c × d, row-major), the first candidates
     * @param random         source of the initial weights' perturbation and of extra candidates
     */
    public ArchetypalDictionary(SaeParameters parameters, SaeShape shape, int candidateCount, double delta,
                                boolean multiplier, float[] initialAtoms, SplittableRandom random) {
        int c = shape.concepts();
        int d = shape.inputDim();
        if (candidateCount < 1) {
            throw ConfigException.outOfRange("candidates", candidateCount, ">= 1");
        }
        if (!(delta >= 0) || Double.isInfinite(delta)) {
            throw ConfigException.outOfRange("delta", delta, "a finite value >= 0");
        }
        if (initialAtoms.length != (long) c * d) {
            throw new IllegalArgumentException("Initial atoms have " + initialAtoms.length + " values; expected c × d = "
                    + c + " × " + d + " = " + (long) c * d);
        }
        this.concepts = c;
        this.candidateCount = candidateCount;
        this.inputDim = d;
        this.delta = delta;
        this.weights = parameters.addTrainable(WEIGHTS, initialWeights(c, candidateCount, random), c, candidateCount);
        this.relaxation = parameters.addTrainable(RELAXATION, new float[c * d], c, d);
        this.logMultiplier = multiplier ? parameters.addTrainable(LOG_MULTIPLIER, new float[1], 1) : null;
        this.candidates = parameters.addBuffer(CANDIDATES, initialCandidates(initialAtoms, c, d, candidateCount, random),
                candidateCount, d);
    }

    /**
     * The default number of candidates when the config leaves it at 0: {@code min(c, 4096)}, one
     * candidate per atom for dictionaries up to 4096 atoms (each atom starts at its own point), and
     * a bounded cost c·m·d for larger ones (atoms then share candidates, perturbed).
     */
    public static int defaultCandidates(int concepts) {
        return Math.min(concepts, MAX_DEFAULT_CANDIDATES);
    }

    /** Row-stochastic (c × m): 1 − εᵢ on candidate (i mod m), εᵢ spread over the others at random. */
    static float[] initialWeights(int c, int m, SplittableRandom random) {
        float[] w = new float[c * m];
        for (int i = 0; i < c; i++) {
            int own = i % m;
            int row = i * m;
            if (m == 1) {
                w[row] = 1f;
                continue;
            }
            double spread = INITIAL_SPREAD * (0.5 + random.nextDouble());
            double[] shares = new double[m];
            double total = 0;
            for (int j = 0; j < m; j++) {
                if (j != own) {
                    shares[j] = random.nextDouble() + 1e-3;
                    total += shares[j];
                }
            }
            double sum = 0;
            for (int j = 0; j < m; j++) {
                if (j != own) {
                    w[row + j] = (float) (spread * shares[j] / total);
                    sum += w[row + j];
                }
            }
            w[row + own] = (float) (1 - sum);
        }
        return w;
    }

    private static float[] initialCandidates(float[] initialAtoms, int c, int d, int m, SplittableRandom random) {
        float[] out = new float[m * d];
        int copied = Math.min(c, m);
        System.arraycopy(initialAtoms, 0, out, 0, copied * d);
        if (m > c) {
            System.arraycopy(HeapInit.unitRows(random, m - c, d), 0, out, copied * d, (m - c) * d);
        }
        return out;
    }

    /**
     * Replaces the candidate points C, e.g. with k-means centroids of the (centred, scaled) training
     * activations or with sampled rows; call before training.
     *
     * @param rows m × d values, row-major
     * @throws IllegalArgumentException when the length is not m·d or a value is not finite
     */
    public void setCandidates(float[] rows) {
        if (rows.length != (long) candidateCount * inputDim) {
            throw new IllegalArgumentException("Archetypal candidates: expected m × d = " + candidateCount + " × "
                    + inputDim + " = " + (long) candidateCount * inputDim + " values, found " + rows.length);
        }
        for (int i = 0; i < rows.length; i++) {
            if (!Float.isFinite(rows[i])) {
                throw new IllegalArgumentException("Archetypal candidates: value " + i + " (row " + i / inputDim
                        + ", column " + i % inputDim + ") is " + rows[i] + "; expected a finite number");
            }
        }
        HeapArrays.overwrite(candidates, rows);
    }

    @Override
    public NDArray atoms() {
        NDArray atoms = weights.matMul(candidates).add(relaxation);
        return logMultiplier == null ? atoms : atoms.mul(logMultiplier.exp());
    }

    /** Projects W onto row-stochastic matrices and Λ onto rows of norm ≤ δ, in place. */
    @Override
    public void afterStep() {
        try (NDManager scope = NDManager.subManagerOf(weights)) {
            scope.tempAttachAll(weights, relaxation);
            weights.muli(weights.gt(0f).toType(DataType.FLOAT32, false));
            NDArray sums = weights.sum(new int[] {1}, true);
            NDArray empty = sums.lte(0f).toType(DataType.FLOAT32, false);
            weights.divi(sums.add(empty)).addi(empty.div((float) candidateCount));

            NDArray norms = relaxation.norm(new int[] {1}, true);
            // scale min(1, δ/‖Λᵢ‖), written δ / max(‖Λᵢ‖, δ) so a zero row with δ = 0 stays 0.
            relaxation.muli(scope.create((float) delta).div(norms.maximum((float) delta).maximum(1e-30f)));
        }
    }

    @Override
    public String plainWeightName() {
        return null;
    }

    @Override
    public String id() {
        return "archetypal";
    }

    /** m, the number of candidate points. */
    public int candidateCount() {
        return candidateCount;
    }

    /** c, the number of atoms. */
    public int concepts() {
        return concepts;
    }

    /** δ, the bound on the relaxation rows' norms. */
    public double delta() {
        return delta;
    }

    /** W (c × m), the row-stochastic mixing weights. */
    public NDArray weights() {
        return weights;
    }

    /** Λ (c × d), the relaxation. */
    public NDArray relaxation() {
        return relaxation;
    }

    /** C (m × d), the candidate points. */
    public NDArray candidates() {
        return candidates;
    }
}
