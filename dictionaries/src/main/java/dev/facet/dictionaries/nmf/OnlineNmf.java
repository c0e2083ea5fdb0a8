package dev.facet.dictionaries.nmf;

import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.dictionary.BatchStream;
import dev.facet.spi.run.CancellationToken;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Arrays;

/**
 * Mini-batch (online) NMF from a streamed {@link ActivationSource}, for the HALS and MU solvers:
 * the sufficient-statistics scheme of Mairal, Bach, Ponce &amp; Sapiro (2010) applied to NMF with a
 * forgetting factor, as in scikit-learn's {@code MiniBatchNMF} (Lefèvre, Bach &amp; Févotte 2011) and
 * online HALS (Cichocki &amp; Phan 2009). Exactly:
 * <ol>
 *   <li>D is initialised from the first mini-batch of the first (shuffled) epoch as the full-batch
 *       fit would initialise it on that batch ({@link Nmf#initialize}).</li>
 *   <li>Each epoch streams the data in shuffled mini-batches of {@code batchSize} rows (seed
 *       {@code seed + epoch}). For each batch Xb:
 *     <ol>
 *       <li>codes Zb with D fixed: HALS starts from Zb = 0 and runs {@code innerIterations} HALS
 *           sweeps on C = Xb·Dᵀ, B = D·Dᵀ (a zero atom's coordinates skipped, so they stay 0); MU
 *           starts from sqrt(mean(Xb)/c) and runs {@code innerIterations} updates
 *           Zb ← Zb⊙C/(Zb·B + ε);</li>
 *       <li>statistics A ← ρ·A + Zbᵀ·Zb (c × c) and M ← ρ·M + Zbᵀ·Xb (c × d) with
 *           ρ = forgetFactor^(batchSize/rows), so that the contribution of a batch decays by
 *           {@code forgetFactor} per epoch;</li>
 *       <li>atoms: HALS runs sweeps Dⱼ ← relu((Mⱼ − Aⱼ·D + Aⱼⱼ·Dⱼ)/Aⱼⱼ) on the current statistics
 *           (as many as {@link Nmf}'s HALS, with the same early stop; an atom with Aⱼⱼ = 0 is
 *           skipped), then re-seeds dead atoms from the batch as {@link AtomReseeding} describes,
 *           clearing their statistics; MU one update D ← D⊙M/(A·D + ε).</li>
 *     </ol></li>
 *   <li>The epoch's error is Σ_b ‖Xb − Zb·D_b‖² / Σ_b ‖Xb‖² with D_b the atoms each batch was coded
 *       against. The fit stops when ‖D_end − D_start‖_F/‖D_end‖_F over an epoch ≤ tolerance, or
 *       after {@code maxIterations} epochs.</li>
 *   <li>A last pass codes every batch against the final D (same inner solver) and reports the final
 *       relative error ‖X − Z·D‖_F/‖X‖_F.</li>
 * </ol>
 */
public final class OnlineNmf {

    private static final float MU_EPS = 1e-10f;

    private OnlineNmf() {
    }

    /**
     * Fits the atoms from the stream; codes are not kept ({@link NmfResult#codes()} is {@code null}).
     *
     * @throws InvalidDataException on negative or non-finite values (naming the batch position)
     */
    public static NmfResult fit(ActivationSource source, NmfOptions options, int batchSize, double forgetFactor,
                                long seed, NmfListener listener, CancellationToken cancellation) {
        if (!options.solver().streams()) {
            throw new InvalidDataException("NMF solver " + options.solver() + " cannot fit from mini-batches; expected hals or mu");
        }
        long start = System.nanoTime();
        int c = options.concepts();
        int d = source.dim();
        long rows = source.rows();
        if (rows < 1) {
            throw new InvalidDataException("NMF input has no rows; expected at least 1");
        }
        boolean hals = options.solver() == NmfSolver.HALS;
        float rho = (float) Math.pow(forgetFactor, Math.min(1.0, (double) batchSize / rows));
        FloatMatrix atoms = null;
        float[] a = new float[c * c];
        float[] m = new float[c * d];
        boolean converged = false;
        int epoch = 0;
        boolean allZero = true;
        while (epoch < options.maxIterations()) {
            epoch++;
            double err2 = 0;
            double norm2 = 0;
            float[] before = atoms == null ? null : atoms.data().clone();
            try (BatchStream batches = source.openBatches(batchSize, true, seed + epoch)) {
                while (batches.hasNext()) {
                    cancellation.throwIfCancelled("NMF epoch " + epoch);
                    FloatMatrix xb = batches.next();
                    NmfKernels.requireNonNegative(xb, "NMF input batch");
                    double xb2 = NmfKernels.squaredNorm(xb.data());
                    if (xb2 > 0) {
                        allZero = false;
                    }
                    if (atoms == null) {
                        if (xb2 == 0) {
                            continue;
                        }
                        atoms = Nmf.initialize(xb, c, options.init() == NmfInit.NNDSVDA
                                && c > Math.min(xb.rows(), d) ? NmfInit.RANDOM : options.init(), seed)[1];
                        before = atoms.data().clone();
                    }
                    FloatMatrix b = Matrices.multiply(atoms, false, atoms, true);
                    FloatMatrix cx = Matrices.multiply(xb, false, atoms, true);
                    FloatMatrix zb = codes(xb, cx, b, c, options.innerIterations(), hals);
                    FloatMatrix nb = Matrices.gram(zb);
                    FloatMatrix mb = Matrices.multiply(zb, true, xb, false);
                    err2 += NmfKernels.squaredError(xb2, mb, atoms, nb, b);
                    norm2 += xb2;
                    for (int i = 0; i < a.length; i++) {
                        a[i] = rho * a[i] + nb.data()[i];
                    }
                    for (int i = 0; i < m.length; i++) {
                        m[i] = rho * m[i] + mb.data()[i];
                    }
                    if (hals) {
                        NmfKernels.halsAtoms(atoms.data(), m, a, c, d, Nmf.ATOM_SWEEPS);
                        reseed(xb, zb, atoms, a, m);
                    } else {
                        FloatMatrix ad = Matrices.multiply(new FloatMatrix(c, c, a), atoms);
                        float[] at = atoms.data();
                        for (int i = 0; i < at.length; i++) {
                            at[i] = at[i] * m[i] / (ad.data()[i] + MU_EPS);
                        }
                    }
                }
            }
            if (allZero) {
                listener.iteration(epoch, 0, seconds(start));
                return new NmfResult(null, FloatMatrix.zeros(c, d), epoch, 0, true);
            }
            listener.iteration(epoch, norm2 > 0 ? Math.sqrt(err2 / norm2) : 0, seconds(start));
            double diff = 0;
            double norm = 0;
            for (int i = 0; i < before.length; i++) {
                float delta = atoms.data()[i] - before[i];
                diff += delta * delta;
                norm += atoms.data()[i] * atoms.data()[i];
            }
            if (diff <= options.tolerance() * options.tolerance() * norm) {
                converged = true;
                break;
            }
        }
        double err2 = 0;
        double norm2 = 0;
        FloatMatrix b = Matrices.multiply(atoms, false, atoms, true);
        try (BatchStream batches = source.openBatches(batchSize, false, seed)) {
            while (batches.hasNext()) {
                cancellation.throwIfCancelled("NMF final pass");
                FloatMatrix xb = batches.next();
                double xb2 = NmfKernels.squaredNorm(xb.data());
                FloatMatrix cx = Matrices.multiply(xb, false, atoms, true);
                FloatMatrix zb = codes(xb, cx, b, c, options.innerIterations(), hals);
                err2 += NmfKernels.squaredError(xb2, Matrices.multiply(zb, true, xb, false), atoms,
                        Matrices.gram(zb), b);
                norm2 += xb2;
            }
        }
        return new NmfResult(null, atoms, epoch, norm2 > 0 ? Math.sqrt(err2 / norm2) : 0, converged);
    }

    /**
     * Re-seeds the dead atoms ({@link AtomReseeding}: all zero, or a zero statistic Aⱼⱼ, that is a code
     * column that was zero on every batch so far) from this batch's residual against the updated
     * atoms, and clears their statistics (row and column j of A, row j of M): those described the old
     * atom's codes and would pull the next update back to it.
     */
    private static void reseed(FloatMatrix xb, FloatMatrix zb, FloatMatrix atoms, float[] a, float[] m) {
        int c = atoms.rows();
        int d = atoms.cols();
        float[] gram = Matrices.multiply(atoms, false, atoms, true).data();
        int[] dead = AtomReseeding.dead(gram, a, c);
        if (dead.length == 0) {
            return;
        }
        float[] residual = AtomReseeding.residual(xb, zb, atoms);
        int count = AtomReseeding.reseed(dead, residual, zb.data(), atoms.data(), gram, xb.rows(), c, d);
        for (int s = 0; s < count; s++) {
            int j = dead[s];
            for (int l = 0; l < c; l++) {
                a[j * c + l] = 0f;
                a[l * c + j] = 0f;
            }
            Arrays.fill(m, j * d, (j + 1) * d, 0f);
        }
    }

    private static FloatMatrix codes(FloatMatrix xb, FloatMatrix cx, FloatMatrix b, int c, int sweeps, boolean hals) {
        int n = xb.rows();
        float[] z = new float[n * c];
        if (hals) {
            float[] r = new float[n * c]; // Z·B for Z = 0
            for (int s = 0; s < sweeps; s++) {
                NmfKernels.halsSweep(z, cx.data(), b.data(), r, n, c);
            }
            return new FloatMatrix(n, c, z);
        }
        double mean = 0;
        for (float v : xb.data()) {
            mean += v;
        }
        mean /= Math.max(1.0, (double) xb.data().length);
        Arrays.fill(z, (float) Math.sqrt(mean / c));
        FloatMatrix zm = new FloatMatrix(n, c, z);
        for (int s = 0; s < sweeps; s++) {
            float[] den = Matrices.multiply(zm, b).data();
            float[] num = cx.data();
            for (int i = 0; i < z.length; i++) {
                z[i] = z[i] * num[i] / (den[i] + MU_EPS);
            }
        }
        return zm;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
