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

/**
 * Semi-NMF (Ding, Li and Jordan 2010, "Convex and semi-nonnegative matrix factorizations", IEEE
 * TPAMI 32(1), §3): X ≈ Z·D with codes Z ≥ 0 and a free dictionary D, so X may hold negative values.
 *
 * <p>Algorithm (docs/algorithms.md#semi-nmf), alternating until ‖Z_new − Z_old‖_F/‖Z_new‖_F ≤ tol or
 * max_iter:
 * <ol>
 *   <li>D = (ZᵀZ)⁺·ZᵀX, solved as (ZᵀZ + ρI)·D = ZᵀX by Cholesky with ρ = 1e-10·trace(ZᵀZ)
 *       ({@link ConvexFamilySupport#solveRidge});</li>
 *   <li>Z ← Z ⊙ sqrt(([X·Dᵀ]⁺ + Z·[D·Dᵀ]⁻)/([X·Dᵀ]⁻ + Z·[D·Dᵀ]⁺ + ε)), one step ({@link SemiNmfCodes}).</li>
 * </ol>
 * The dictionary is solved once more from the final Z. Initialisation ({@code init}):
 * {@code lloyd} (default, as in Ding et al.): k-means++ seeding and {@code lloyd_steps} Lloyd
 * iterations give cluster indicators H, and Z₀ = H + 0.2; {@code random}: Z₀ entries uniform in
 * [0.1, 1.1). Both seeded by {@code context.seedFor("semi-nmf-init")}.
 */
public final class SemiNmfLearner implements DictionaryLearner {

    /** How Z is initialised. */
    public enum Init {
        /** k-means++ and Lloyd steps, Z₀ = indicators + 0.2. */
        LLOYD,
        /** Z₀ uniform in [0.1, 1.1). */
        RANDOM
    }

    static final Setting<Init> INIT = Setting.choice("init", Init.class,
            "start: k-means++ and Lloyd indicators + 0.2, or uniform codes").defaultValue(Init.LLOYD);
    /** The settings, in the order the saved config lists them. */
    static final Settings SETTINGS = Settings.of(ConvexFamilySupport.CONCEPTS, INIT, ConvexFamilySupport.LLOYD_STEPS)
            .and(ConvexFamilySupport.Iterations.settings(500));

    private final Settings.Values values;
    private final int concepts;
    private final Init init;
    private final int lloydSteps;
    private final ConvexFamilySupport.Iterations iterations;

    SemiNmfLearner(Settings.Values values) {
        this.values = values;
        this.concepts = values.get(ConvexFamilySupport.CONCEPTS);
        this.init = values.get(INIT);
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
        return StateSize.of(SemiNmfFactory.ID, concepts, inputDim, rows, 3, true, true);
    }

    @Override
    public SemiNmfDictionary fit(ActivationSource data, RunContext context) {
        long started = System.nanoTime();
        String id = SemiNmfFactory.ID;
        FloatMatrix x = ConvexFamilySupport.readAll(data, id, concepts, Integer.MAX_VALUE);
        FloatMatrix z = initialCodes(x, context.seedFor(id + "-init"));
        int iteration = 0;
        double change = Double.NaN;
        boolean converged = false;
        try (ProgressTask progress = context.progress().start(id, iterations.maxIter(), "iterations")) {
            while (iteration < iterations.maxIter()) {
                context.cancellation().throwIfCancelled(id + " iteration " + iteration);
                FloatMatrix atoms = solveDictionary(x, z, concepts);
                FloatMatrix a = Matrices.multiply(x, false, atoms, true);
                double[] b = Matrices.widen(Matrices.multiply(atoms, false, atoms, true));
                FloatMatrix next = SemiNmfCodes.iterate(a, b, z, 1, 0);
                change = ConvexFamilySupport.relativeChange(z.data(), next.data());
                z = next;
                iteration++;
                progress.advance(1);
                if (change <= iterations.tol()) {
                    converged = true;
                    break;
                }
            }
        }
        FloatMatrix atoms = solveDictionary(x, z, concepts);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("iterations", iteration);
        metrics.put("relative_error", ConvexFamilySupport.relativeError(x, z, atoms));
        if (Double.isFinite(change)) {
            metrics.put("final_change", change);
        }
        metrics.put("converged", converged);
        Provenance provenance = Provenance.builder().setLearner(id).optSeed(context.seed())
                .optSource(data.describe()).optMetrics(metrics)
                .optTrainingSeconds((System.nanoTime() - started) / 1e9).build();
        return new SemiNmfDictionary(atoms, hyperparameters(), iterations.encodeMaxIter(), iterations.encodeTol(),
                provenance);
    }

    /** D = (ZᵀZ + 1e-10·trace·I)⁻¹·ZᵀX. */
    static FloatMatrix solveDictionary(FloatMatrix x, FloatMatrix z, int c) {
        double[] ztz = Matrices.widen(Matrices.multiply(z, true, z, false));
        double[] ztx = Matrices.widen(Matrices.multiply(z, true, x, false));
        double[] d = ConvexFamilySupport.solveRidge(ztz, c, ztx, x.cols(), 1e-10);
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return new FloatMatrix(c, x.cols(), out);
    }

    private FloatMatrix initialCodes(FloatMatrix x, long seed) {
        int n = x.rows();
        int c = concepts;
        float[] z = new float[n * c];
        if (init == Init.LLOYD) {
            int[] assignment = ConvexFamilySupport.lloyd(x, c, lloydSteps, seed);
            java.util.Arrays.fill(z, 0.2f);
            for (int r = 0; r < n; r++) {
                z[r * c + assignment[r]] += 1f;
            }
        } else {
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) (0.1 + random.nextDouble());
            }
        }
        return new FloatMatrix(n, c, z);
    }
}
