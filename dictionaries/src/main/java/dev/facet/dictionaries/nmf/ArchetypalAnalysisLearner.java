package dev.facet.dictionaries.nmf;

import dev.facet.dictionaries.factor.StateSize;
import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.spi.Provenance;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.dictionary.DictionaryLearner;
import dev.facet.spi.run.ProgressTask;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Archetypal analysis (Cutler and Breiman 1994): minimises ½‖X − Z·W·X‖²_F over Z (n × c) and
 * W (c × n) whose rows lie on the probability simplex; the archetypes are D = W·X.
 *
 * <p>Algorithm (docs/algorithms.md#archetypal-analysis): alternating accelerated projected gradient
 * with the exact Euclidean simplex projection ({@link SimplexProjection}; the Python implementation's
 * softmax renormalisation is a known defect not copied). Each outer iteration runs {@code inner_iter}
 * steps on Z with W fixed ({@link ArchetypalCodes}, warm-started, step 1/λ_max(D·Dᵀ)) and then {@code
 * inner_iter} steps on W with Z fixed, with gradient (ZᵀZ·W·X − ZᵀX)·Xᵀ and step
 * 1/(λ_max(ZᵀZ)·λ_max(XᵀX)), the exact Lipschitz constant of that gradient. Both use FISTA momentum
 * with the function-value restart of O'Donoghue and Candès (2015), which keeps the objective
 * non-increasing. W starts at the one-hot rows of c training points chosen by FurthestSum (Mørup and
 * Hansen 2012: from a random start point, which is then discarded, repeatedly add the point with the
 * largest summed distance to those chosen), seeded by {@code context.seedFor("archetypal-init")}; Z
 * starts uniform. Stops when ‖Z_new − Z_old‖_F/‖Z_new‖_F ≤ tol or after max_iter outer iterations.
 * Memory: X, Z and W on the heap (n·(d + 2c) floats).
 */
public final class ArchetypalAnalysisLearner implements DictionaryLearner {

    static final Setting<Integer> INNER_ITER = Setting.integer("inner_iter",
            "projected-gradient steps per half of each outer iteration").defaultValue(10).range(1, 100_000);
    /** The settings, in the order the saved config lists them. */
    static final Settings SETTINGS = Settings.of(ConvexFamilySupport.CONCEPTS, INNER_ITER)
            .and(ConvexFamilySupport.Iterations.settings(200));

    private final Settings.Values values;
    private final int concepts;
    private final int innerIter;
    private final ConvexFamilySupport.Iterations iterations;

    ArchetypalAnalysisLearner(Settings.Values values) {
        this.values = values;
        this.concepts = values.get(ConvexFamilySupport.CONCEPTS);
        this.innerIter = values.get(INNER_ITER);
        this.iterations = ConvexFamilySupport.Iterations.of(values);
    }

    public int concepts() {
        return concepts;
    }

    ConvexFamilySupport.Iterations iterations() {
        return iterations;
    }

    /** The hyperparameters as saved in {@code config.json}. */
    Map<String, Object> hyperparameters() {
        return values.toMap();
    }

    /** The data, its codes, and the atoms with two working copies, all in memory. */
    @Override
    public long estimatedBytes(int inputDim, long rows) {
        return StateSize.of(ArchetypalAnalysisFactory.ID, concepts, inputDim, rows, 3, true, true);
    }

    @Override
    public ArchetypalAnalysisDictionary fit(ActivationSource data, RunContext context) {
        long started = System.nanoTime();
        String id = ArchetypalAnalysisFactory.ID;
        FloatMatrix x = ConvexFamilySupport.readAll(data, id, concepts, Integer.MAX_VALUE);
        int n = x.rows();
        int c = concepts;
        int[] picks = furthestSum(x, c, context.seedFor(id + "-init"));
        float[] w = new float[c * n];
        for (int k = 0; k < c; k++) {
            w[k * n + picks[k]] = 1f;
        }
        FloatMatrix weights = new FloatMatrix(c, n, w);
        FloatMatrix atoms = Matrices.multiply(weights, x);
        double dataLipschitz = dataLipschitz(x);
        FloatMatrix z = null;
        int iteration = 0;
        double change = Double.NaN;
        boolean converged = false;
        try (ProgressTask progress = context.progress().start(id, iterations.maxIter(), "iterations")) {
            while (iteration < iterations.maxIter()) {
                context.cancellation().throwIfCancelled(id + " iteration " + iteration);
                FloatMatrix b = Matrices.multiply(x, false, atoms, true);
                double[] g = Matrices.widen(Matrices.multiply(atoms, false, atoms, true));
                FloatMatrix next = ArchetypalCodes.solve(b, g, z, innerIter, 0);
                change = z == null ? Double.POSITIVE_INFINITY : ConvexFamilySupport.relativeChange(z.data(), next.data());
                z = next;
                weights = updateWeights(x, z, weights, atoms, dataLipschitz);
                atoms = Matrices.multiply(weights, x);
                iteration++;
                progress.advance(1);
                if (change <= iterations.tol()) {
                    converged = true;
                    break;
                }
            }
        }
        double error = ConvexFamilySupport.relativeError(x, z, atoms);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("iterations", iteration);
        metrics.put("relative_error", error);
        if (Double.isFinite(change)) {
            metrics.put("final_change", change);
        }
        metrics.put("converged", converged);
        Provenance provenance = Provenance.builder().setLearner(id).optSeed(context.seed())
                .optSource(data.describe()).optMetrics(metrics)
                .optTrainingSeconds((System.nanoTime() - started) / 1e9).build();
        return new ArchetypalAnalysisDictionary(atoms, weights, hyperparameters(), iterations.encodeMaxIter(),
                iterations.encodeTol(), provenance);
    }

    /** {@code inner_iter} restarted-FISTA steps on W with Z fixed; atoms = W·X on entry. */
    private FloatMatrix updateWeights(FloatMatrix x, FloatMatrix z, FloatMatrix weights, FloatMatrix atoms,
                                      double dataLipschitz) {
        int c = concepts;
        int d = x.cols();
        double[] ztz = Matrices.widen(Matrices.multiply(z, true, z, false));
        double lipschitz = Matrices.spectralNormBound(ztz, c) * dataLipschitz;
        if (!(lipschitz > 0)) {
            return weights;
        }
        float step = (float) (1.0 / lipschitz);
        float[] ztx = Matrices.multiply(z, true, x, false).data();
        float[] wx = weights.data().clone();
        float[] dx = atoms.data().clone();
        double fx = objective(ztz, ztx, dx, c, d);
        float[] wy = wx.clone();
        float[] dy = dx.clone();
        double t = 1;
        for (int it = 0; it < innerIter; it++) {
            float[] wz = projectedStep(x, ztz, ztx, wy, dy, step);
            float[] dz = Matrices.multiply(new FloatMatrix(c, x.rows(), wz), x).data();
            double fz = objective(ztz, ztx, dz, c, d);
            if (fz > fx) {
                wz = projectedStep(x, ztz, ztx, wx, dx, step);
                dz = Matrices.multiply(new FloatMatrix(c, x.rows(), wz), x).data();
                fz = objective(ztz, ztx, dz, c, d);
                t = 1;
            }
            double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
            float momentum = (float) ((t - 1) / tNext);
            for (int i = 0; i < wz.length; i++) {
                wy[i] = wz[i] + momentum * (wz[i] - wx[i]);
            }
            for (int i = 0; i < dz.length; i++) {
                dy[i] = dz[i] + momentum * (dz[i] - dx[i]);
            }
            wx = wz;
            dx = dz;
            fx = fz;
            t = tNext;
        }
        return new FloatMatrix(c, x.rows(), wx);
    }

    /** P_Δ(W − step·(ZᵀZ·D − ZᵀX)·Xᵀ) row by row, where D = W·X. */
    private float[] projectedStep(FloatMatrix x, double[] ztz, float[] ztx, float[] w, float[] d, float step) {
        int c = concepts;
        int dim = x.cols();
        float[] h = new float[c * dim];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < dim; j++) {
                double s = -ztx[i * dim + j];
                for (int k = 0; k < c; k++) {
                    s += ztz[i * c + k] * d[k * dim + j];
                }
                h[i * dim + j] = (float) s;
            }
        }
        float[] gradient = Matrices.multiply(new FloatMatrix(c, dim, h), false, x, true).data();
        float[] out = new float[w.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = w[i] - step * gradient[i];
        }
        FloatMatrix next = new FloatMatrix(c, x.rows(), out);
        SimplexProjection.projectRowsInPlace(next);
        return out;
    }

    /** ½‖X − Z·D‖² − ½‖X‖² = ½ tr(D·Dᵀ·ZᵀZ) − tr(ZᵀX·Dᵀ). */
    private static double objective(double[] ztz, float[] ztx, float[] d, int c, int dim) {
        double f = 0;
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < dim; j++) {
                double s = 0;
                for (int k = 0; k < c; k++) {
                    s += ztz[i * c + k] * d[k * dim + j];
                }
                f += 0.5 * d[i * dim + j] * s - ztx[i * dim + j] * (double) d[i * dim + j];
            }
        }
        return f;
    }

    /** λ_max(XᵀX) = ‖X‖₂², from the smaller of the two Gram matrices. */
    private static double dataLipschitz(FloatMatrix x) {
        FloatMatrix gram = x.cols() <= x.rows() ? Matrices.multiply(x, true, x, false)
                : Matrices.multiply(x, false, x, true);
        return Matrices.spectralNormBound(Matrices.widen(gram), gram.rows());
    }

    /**
     * FurthestSum (Mørup and Hansen 2012): from a random start row, repeatedly pick the row with
     * the largest summed Euclidean distance to the rows picked so far; the start row only seeds
     * the sums and is itself picked only when no other row is left.
     */
    static int[] furthestSum(FloatMatrix x, int c, long seed) {
        int n = x.rows();
        int d = x.cols();
        float[] xd = x.data();
        int start = new SplittableRandom(seed).nextInt(n);
        double[] sums = new double[n];
        boolean[] taken = new boolean[n];
        int[] picks = new int[c];
        addDistances(xd, n, d, start, sums);
        for (int k = 0; k < c; k++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (!taken[i] && i != start && (best < 0 || sums[i] > sums[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                best = start;
            }
            picks[k] = best;
            taken[best] = true;
            addDistances(xd, n, d, best, sums);
        }
        return picks;
    }

    private static void addDistances(float[] xd, int n, int d, int from, double[] sums) {
        IntStream.range(0, n).parallel().forEach(i ->
                sums[i] += Math.sqrt(Matrices.squaredDistance(xd, i * d, xd, from * d, d)));
    }
}
