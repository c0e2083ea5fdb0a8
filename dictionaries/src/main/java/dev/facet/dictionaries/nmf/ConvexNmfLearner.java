package dev.facet.dictionaries.nmf;

import dev.facet.dictionaries.factor.StateSize;
import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.spi.Provenance;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.dictionary.DictionaryLearner;
import dev.facet.spi.run.ProgressTask;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Convex-NMF (Ding, Li and Jordan 2010, "Convex and semi-nonnegative matrix factorizations", IEEE
 * TPAMI 32(1), §4): X ≈ Z·(W·X) with Z ≥ 0 (n × c) and W ≥ 0 (c × n), so every atom of
 * D = W·X is a non-negative combination of training rows; X may hold negative values.
 *
 * <p>Algorithm (docs/algorithms.md#convex-nmf): the multiplicative updates of Ding et al. (eqs. 21–22)
 * with the kernel K = X·Xᵀ (n × n) split into K⁺ = (|K| + K)/2 and K⁻ = (|K| − K)/2. Writing V = Wᵀ (n
 * × c), alternately
 * <pre>
 * Z ← Z ⊙ sqrt(([K⁺V] + Z·(VᵀK⁻V)) / ([K⁻V] + Z·(VᵀK⁺V) + ε))
 * V ← V ⊙ sqrt(([K⁺Z] + [K⁻V]·(ZᵀZ)) / ([K⁻Z] + [K⁺V]·(ZᵀZ) + ε))
 * </pre>
 * with ε = 1e-10, until ‖Z_new − Z_old‖_F/‖Z_new‖_F ≤ tol or max_iter. Below 2048 rows K is held on
 * the heap (4n² bytes) and K⁺·M, K⁻·M formed in one Java pass; from 2048 rows K⁺ and K⁻ are held by
 * the engine (8n² bytes native) and multiplied by its BLAS ({@link ConvexNmfKernel}). Memory is
 * quadratic in n, so the learner refuses more than {@code max_rows} rows (default 20,000, i.e.
 * 3.2 GB of native memory for K⁺ and K⁻): subsample the rows first.
 * Initialisation as in Ding et al. §5: k-means++ and {@code lloyd_steps} Lloyd iterations give
 * indicators H, then Z₀ = H + 0.2 and V₀ = (H + 0.2)·diag(cluster sizes)⁻¹, seeded by
 * {@code context.seedFor("convex-nmf-init")}. With {@code strict}, every row of W is rescaled to sum
 * to 1 after each update and the matching column of Z by the inverse factor, which leaves Z·W·X
 * unchanged (so W's rows are convex weights and the atoms convex combinations of rows).
 */
public final class ConvexNmfLearner implements DictionaryLearner {

    static final Setting<Boolean> STRICT = Setting.bool("strict",
            "rescale the rows of W to sum to 1, so atoms are convex combinations of rows").defaultValue(false);
    /** Rows accepted at most; the upper bound keeps K in one Java array. */
    static final Setting<Integer> MAX_ROWS = Setting.integer("max_rows",
            "rows accepted at most (K takes 8·n² bytes); subsample larger sources").defaultValue(20_000)
            .range(1, 46_340);
    /** The settings, in the order the saved config lists them. */
    static final Settings SETTINGS = Settings.of(ConvexFamilySupport.CONCEPTS, STRICT, MAX_ROWS,
            ConvexFamilySupport.LLOYD_STEPS).and(ConvexFamilySupport.Iterations.settings(500));

    private static final double EPSILON = 1e-10;

    private final Settings.Values values;
    private final int concepts;
    private final boolean strict;
    private final int maxRows;
    private final int lloydSteps;
    private final ConvexFamilySupport.Iterations iterations;
    private final int engineMinRows;

    ConvexNmfLearner(Settings.Values values) {
        this(values, ConvexNmfKernel.ENGINE_MIN_ROWS);
    }

    /** As above, with the row count from which K lives on the engine (tests lower it). */
    ConvexNmfLearner(Settings.Values values, int engineMinRows) {
        this.engineMinRows = engineMinRows;
        this.values = values;
        this.concepts = values.get(ConvexFamilySupport.CONCEPTS);
        this.strict = values.get(STRICT);
        this.maxRows = values.get(MAX_ROWS);
        this.lloydSteps = values.get(ConvexFamilySupport.LLOYD_STEPS);
        this.iterations = ConvexFamilySupport.Iterations.of(values);
    }

    public int concepts() {
        return concepts;
    }

    ConvexFamilySupport.Iterations iterations() {
        return iterations;
    }

    Map<String, Object> hyperparameters() {
        return values.toMap();
    }

    /** The data, its codes, and the atoms with two working copies, all in memory. */
    @Override
    public long estimatedBytes(int inputDim, long rows) {
        return StateSize.of(ConvexNmfFactory.ID, concepts, inputDim, rows, 3, true, true);
    }

    @Override
    public ConvexNmfDictionary fit(ActivationSource data, RunContext context) {
        long started = System.nanoTime();
        String id = ConvexNmfFactory.ID;
        if (data.rows() > maxRows) {
            throw new InvalidDataException("Learner '" + id + "' builds the " + data.rows() + "x" + data.rows()
                    + " kernel X·Xᵀ (K⁺ and K⁻: " + String.format(java.util.Locale.ROOT, "%.1f", 8.0 * data.rows() * data.rows() / 1e9)
                    + " GB) and accepts at most max_rows = " + maxRows + " rows, found " + data.rows()
                    + "; subsample the rows (or raise max_rows)");
        }
        FloatMatrix x = ConvexFamilySupport.readAll(data, id, concepts, maxRows);
        int n = x.rows();
        int c = concepts;
        int[] assignment = ConvexFamilySupport.lloyd(x, c, lloydSteps, context.seedFor(id + "-init"));
        int[] sizes = new int[c];
        for (int a : assignment) {
            sizes[a]++;
        }
        float[] z = new float[n * c];
        float[] v = new float[n * c];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                float h = (assignment[i] == k ? 1f : 0f) + 0.2f;
                z[i * c + k] = h;
                v[i * c + k] = h / Math.max(sizes[k], 1);
            }
        }
        if (strict) {
            normalise(v, z, n, c);
        }
        float[] plusV = new float[n * c];
        float[] minusV = new float[n * c];
        float[] plusZ = new float[n * c];
        float[] minusZ = new float[n * c];
        int iteration = 0;
        double change = Double.NaN;
        boolean converged = false;
        try (ConvexNmfKernel kernel = ConvexNmfKernel.of(x, engineMinRows);
             ProgressTask progress = context.progress().start(id, iterations.maxIter(), "iterations")) {
            while (iteration < iterations.maxIter()) {
                context.cancellation().throwIfCancelled(id + " iteration " + iteration);
                // Z-step with V fixed.
                kernel.products(v, c, plusV, minusV);
                double[] vkmv = smallProduct(v, minusV, n, c);
                double[] vkpv = smallProduct(v, plusV, n, c);
                float[] nextZ = updateCodes(z, plusV, minusV, vkmv, vkpv, n, c);
                change = ConvexFamilySupport.relativeChange(z, nextZ);
                z = nextZ;
                // V-step with Z fixed: K±V is still current.
                kernel.products(z, c, plusZ, minusZ);
                double[] ztz = smallProduct(z, z, n, c);
                v = updateWeights(v, plusZ, minusZ, plusV, minusV, ztz, n, c);
                if (strict) {
                    normalise(v, z, n, c);
                }
                iteration++;
                progress.advance(1);
                if (change <= iterations.tol()) {
                    converged = true;
                    break;
                }
            }
        }
        FloatMatrix weights = new FloatMatrix(n, c, v).transpose();
        FloatMatrix atoms = Matrices.multiply(weights, x);
        FloatMatrix codes = new FloatMatrix(n, c, z);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("iterations", iteration);
        metrics.put("relative_error", ConvexFamilySupport.relativeError(x, codes, atoms));
        if (Double.isFinite(change)) {
            metrics.put("final_change", change);
        }
        metrics.put("converged", converged);
        Provenance provenance = Provenance.builder().setLearner(id).optSeed(context.seed())
                .optSource(data.describe()).optMetrics(metrics)
                .optTrainingSeconds((System.nanoTime() - started) / 1e9).build();
        return new ConvexNmfDictionary(atoms, weights, hyperparameters(), iterations.encodeMaxIter(),
                iterations.encodeTol(), provenance);
    }

    /** The Z update: Z ⊙ sqrt((P + Z·A)/(N + Z·B + ε)) with P = K⁺V, N = K⁻V, A = VᵀK⁻V, B = VᵀK⁺V. */
    private static float[] updateCodes(float[] z, float[] plus, float[] minus, double[] a, double[] b, int n,
                                       int c) {
        float[] out = new float[n * c];
        IntStream.range(0, n).parallel().forEach(i -> {
            for (int j = 0; j < c; j++) {
                double za = 0;
                double zb = 0;
                for (int k = 0; k < c; k++) {
                    za += z[i * c + k] * a[k * c + j];
                    zb += z[i * c + k] * b[k * c + j];
                }
                double ratio = (plus[i * c + j] + za) / (minus[i * c + j] + zb + EPSILON);
                out[i * c + j] = (float) (z[i * c + j] * Math.sqrt(ratio));
            }
        });
        return out;
    }

    /** The V update: V ⊙ sqrt((K⁺Z + K⁻V·ZᵀZ)/(K⁻Z + K⁺V·ZᵀZ + ε)). */
    private static float[] updateWeights(float[] v, float[] plusZ, float[] minusZ, float[] plusV, float[] minusV,
                                         double[] ztz, int n, int c) {
        float[] out = new float[n * c];
        IntStream.range(0, n).parallel().forEach(i -> {
            for (int j = 0; j < c; j++) {
                double mg = 0;
                double pg = 0;
                for (int k = 0; k < c; k++) {
                    mg += minusV[i * c + k] * ztz[k * c + j];
                    pg += plusV[i * c + k] * ztz[k * c + j];
                }
                double ratio = (plusZ[i * c + j] + mg) / (minusZ[i * c + j] + pg + EPSILON);
                out[i * c + j] = (float) (v[i * c + j] * Math.sqrt(ratio));
            }
        });
        return out;
    }

    /** aᵀ·b for two n × c matrices, c × c in double. */
    private static double[] smallProduct(float[] a, float[] b, int n, int c) {
        double[] out = new double[c * c];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                double av = a[i * c + k];
                if (av == 0) {
                    continue;
                }
                for (int j = 0; j < c; j++) {
                    out[k * c + j] += av * b[i * c + j];
                }
            }
        }
        return out;
    }

    /** Rescales every column of V (row of W) to sum 1 and the matching column of Z by the inverse. */
    private static void normalise(float[] v, float[] z, int n, int c) {
        for (int k = 0; k < c; k++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += v[i * c + k];
            }
            if (sum <= 0) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                v[i * c + k] = (float) (v[i * c + k] / sum);
                z[i * c + k] = (float) (z[i * c + k] * sum);
            }
        }
    }
}
