package dev.facet.dictionaries.nmf;

import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.dictionaries.linalg.Nnls;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.run.CancellationToken;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Random;

/**
 * Full-batch non-negative matrix factorisation X ≈ Z·D with X (n × d), Z (n × c), D (c × d) all
 * ≥ 0 (Lee &amp; Seung 1999), minimising ‖X − Z·D‖²_F by the solvers of docs/algorithms.md#nmf (see
 * {@link NmfSolver}). X is held by the engine once and the two large products of every iteration
 * (X·Dᵀ, Zᵀ·X) run there; the c × c Gram matrices and the HALS coordinate sweeps run on the heap,
 * rows in parallel.
 *
 * <p>NNDSVDa here fills the zeros of NNDSVD with sqrt(mean(X)/c), see {@link #nndsvda}.
 *
 * <p>Per iteration (C = X·Dᵀ, B = D·Dᵀ, M = Zᵀ·X, N = Zᵀ·Z):
 * <ul>
 *   <li>HALS: one sweep of {@code Zⱼ ← relu((Cⱼ − Z·Bⱼ + Zⱼ·Bⱼⱼ)/Bⱼⱼ)}, then sweeps of
 *       {@code Dⱼ ← relu((Mⱼ − Nⱼ·D + Nⱼⱼ·Dⱼ)/Nⱼⱼ)} on the same M, N — up to {@value #ATOM_SWEEPS},
 *       stopping once a sweep moves D by ≤ 1% of the first sweep's move, as in accelerated HALS
 *       (Gillis &amp; Glineur 2012). A coordinate or atom whose curvature (Bⱼⱼ or Nⱼⱼ) is 0 is skipped,
 *       and an atom left all zero or with an all-zero code column is then re-seeded
 *       ({@link AtomReseeding}). The schedule was chosen by measurement (table in
 *       docs/algorithms.md#hals): on the NmfBenchmark problem (20,000 × 768, 128 concepts) 1 code
 *       sweep and up to 20 atom sweeps reach relative error 0.0261 in 11 iterations and 9.0 s of CPU,
 *       up to 1, 5 or 40 atom sweeps in 74, 22 or 10 iterations (40.8, 15.6, 9.1 s), 2–4 code sweeps
 *       in 6–10 iterations but as much CPU (8.1–10.2 s); after 200 iterations 1 + 20 ends at 0.02450
 *       (1 + 1: 0.02533, 1 + 5: 0.02480). On the planted data of PlantedNmfAcceptanceTest every
 *       schedule from 1 + 1 to 3 + 20 reaches the same 0.0201;</li>
 *   <li>MU: {@code Z ← Z⊙C/(Z·B + ε)} then {@code D ← D⊙M/(N·D + ε)}, ε = 1e-10;</li>
 *   <li>PGD: one Adam step (β = 0.9, 0.999, ε = 1e-8) on both factors with the gradients of
 *       ‖X − Z·D‖²/(n·d), step {@code learningRate·sqrt(mean(X)/c)}, then clamp at 0;</li>
 *   <li>ANLS: Z ← NNLS(X, D) then Dᵀ ← NNLS(Xᵀ, Zᵀ), each by {@link Nnls#solveGram} warm-started
 *       from the previous factor, at most {@code innerIterations} sweeps to its default KKT tolerance.</li>
 * </ul>
 * The error after each iteration is computed without forming Z·D, as
 * ‖X‖² − 2⟨M, D⟩ + ⟨N, D·Dᵀ⟩ (PGD reports the error of the previous iterate, which its gradient
 * products give for free). The fit stops when ‖Z_new − Z_old‖_F/‖Z_new‖_F ≤ tolerance.
 * All-zero X gives zero factors.
 */
public final class Nmf {

    private static final float MU_EPS = 1e-10f;
    /** At most this many HALS sweeps over D per iteration (see {@link NmfKernels#halsAtoms(float[], float[], float[], int, int, int)}). */
    static final int ATOM_SWEEPS = 20;

    private Nmf() {
    }

    /**
     * Factorises {@code x}.
     *
     * @throws InvalidDataException when X holds a negative or non-finite value, or NNDSVDa is asked
     *                              for with c > min(n, d)
     */
    public static NmfResult fit(FloatMatrix x, NmfOptions options, long seed, NmfListener listener,
                                CancellationToken cancellation) {
        long start = System.nanoTime();
        NmfKernels.requireNonNegative(x, "NMF input");
        int n = x.rows();
        int d = x.cols();
        int c = options.concepts();
        if (n == 0) {
            throw new InvalidDataException("NMF input has no rows; expected at least 1");
        }
        double xNorm2 = NmfKernels.squaredNorm(x.data());
        if (xNorm2 == 0) {
            listener.iteration(1, 0, seconds(start));
            return new NmfResult(FloatMatrix.zeros(n, c), FloatMatrix.zeros(c, d), 1, 0, true);
        }
        FloatMatrix[] init = initialize(x, c, options.init(), seed);
        FloatMatrix z = init[0];
        FloatMatrix atoms = init[1];
        try (EngineData data = new EngineData(x)) {
            return switch (options.solver()) {
                case HALS, MU -> alternate(x, data, z, atoms, xNorm2, options, listener, cancellation, start);
                case PGD -> adam(data, z, atoms, xNorm2, options, listener, cancellation, start, x);
                case ANLS -> anls(data, z, atoms, xNorm2, options, listener, cancellation, start);
            };
        }
    }

    /**
     * Initial (Z, D) as {@link NmfInit} describes: NNDSVDa (Boutsidis &amp; Gallopoulos 2008) from a
     * truncated SVD, or |N(0,1)|·sqrt(mean(X)/c).
     */
    static FloatMatrix[] initialize(FloatMatrix x, int c, NmfInit init, long seed) {
        int n = x.rows();
        int d = x.cols();
        boolean svd = switch (init) {
            case AUTO -> c <= Math.min(n, d);
            case NNDSVDA -> {
                if (c > Math.min(n, d)) {
                    throw new InvalidDataException("NNDSVDa initialisation needs concepts <= min(rows, dim) = "
                            + Math.min(n, d) + ", found " + c + " concepts; use init 'random'");
                }
                yield true;
            }
            case RANDOM -> false;
        };
        double mean = 0;
        for (float v : x.data()) {
            mean += v;
        }
        mean /= (double) n * d;
        return svd ? nndsvda(x, c, mean, seed) : randomInit(n, d, c, mean, seed);
    }

    static FloatMatrix[] randomInit(int n, int d, int c, double mean, long seed) {
        Random random = new Random(seed);
        float scale = (float) Math.sqrt(mean / c);
        float[] z = new float[n * c];
        for (int i = 0; i < z.length; i++) {
            z[i] = scale * (float) Math.abs(random.nextGaussian());
        }
        float[] atoms = new float[c * d];
        for (int i = 0; i < atoms.length; i++) {
            atoms[i] = scale * (float) Math.abs(random.nextGaussian());
        }
        return new FloatMatrix[] {new FloatMatrix(n, c, z), new FloatMatrix(c, d, atoms)};
    }

    /**
     * NNDSVD (Boutsidis &amp; Gallopoulos 2008) with zeros (entries below 1e-6) filled by the mean
     * expressed at the factors' scale: sqrt(mean(X)/c), the value v for which a Z and D of all-v
     * entries reproduce mean(X) (c·v² = mean(X)). This deliberately differs from scikit-learn's
     * 'nndsvda', which fills with mean(X) itself: that is off-scale whenever mean(X) is far from
     * sqrt(mean(X)/c) (on the NmfBenchmark data, mean(X) ≈ 38 gives an initial relative error
     * above 1000 and HALS then stalls near 0.038, while the scaled fill starts at 0.04 and passes
     * 0.027).
     */
    static FloatMatrix[] nndsvda(FloatMatrix x, int c, double mean, long seed) {
        int n = x.rows();
        int d = x.cols();
        TruncatedSvd svd = TruncatedSvd.compute(x, c, seed);
        float[] w = new float[n * c];
        float[] h = new float[c * d];
        float[] u = svd.u().data();
        float[] vt = svd.vt().data();
        for (int j = 0; j < c; j++) {
            double s = svd.sigma()[j];
            double upNorm = 0;
            double unNorm = 0;
            for (int i = 0; i < n; i++) {
                float v = u[i * c + j];
                if (v > 0) {
                    upNorm += (double) v * v;
                } else {
                    unNorm += (double) v * v;
                }
            }
            double vpNorm = 0;
            double vnNorm = 0;
            for (int t = 0; t < d; t++) {
                float v = vt[j * d + t];
                if (v > 0) {
                    vpNorm += (double) v * v;
                } else {
                    vnNorm += (double) v * v;
                }
            }
            upNorm = Math.sqrt(upNorm);
            unNorm = Math.sqrt(unNorm);
            vpNorm = Math.sqrt(vpNorm);
            vnNorm = Math.sqrt(vnNorm);
            double mp = upNorm * vpNorm;
            double mn = unNorm * vnNorm;
            boolean positive = mp > mn;
            double sigma = positive ? mp : mn;
            double uNorm = positive ? upNorm : unNorm;
            double vNorm = positive ? vpNorm : vnNorm;
            if (j == 0 || uNorm == 0 || vNorm == 0) {
                // the leading pair of a non-negative matrix is single-signed: take its absolute value
                float f = (float) Math.sqrt(s);
                for (int i = 0; i < n; i++) {
                    w[i * c + j] = j == 0 ? f * Math.abs(u[i * c + j]) : 0f;
                }
                for (int t = 0; t < d; t++) {
                    h[j * d + t] = j == 0 ? f * Math.abs(vt[j * d + t]) : 0f;
                }
                continue;
            }
            double lbd = Math.sqrt(s * sigma);
            float fu = (float) (lbd / uNorm);
            float fv = (float) (lbd / vNorm);
            for (int i = 0; i < n; i++) {
                float v = positive ? u[i * c + j] : -u[i * c + j];
                w[i * c + j] = v > 0 ? fu * v : 0f;
            }
            for (int t = 0; t < d; t++) {
                float v = positive ? vt[j * d + t] : -vt[j * d + t];
                h[j * d + t] = v > 0 ? fv * v : 0f;
            }
        }
        float fill = (float) Math.sqrt(mean / c);
        for (int i = 0; i < w.length; i++) {
            if (w[i] < 1e-6f) {
                w[i] = fill;
            }
        }
        for (int i = 0; i < h.length; i++) {
            if (h[i] < 1e-6f) {
                h[i] = fill;
            }
        }
        return new FloatMatrix[] {new FloatMatrix(n, c, w), new FloatMatrix(c, d, h)};
    }

    private static NmfResult alternate(FloatMatrix x, EngineData data, FloatMatrix z, FloatMatrix atoms,
                                       double xNorm2, NmfOptions options, NmfListener listener,
                                       CancellationToken cancellation, long start) {
        int n = z.rows();
        int c = z.cols();
        int d = atoms.cols();
        boolean hals = options.solver() == NmfSolver.HALS;
        FloatMatrix b = Matrices.multiply(atoms, false, atoms, true);
        double error = Double.NaN;
        int iteration = 0;
        boolean converged = false;
        float[] old = hals ? null : new float[n * c];
        while (iteration < options.maxIterations()) {
            cancellation.throwIfCancelled("NMF iteration " + (iteration + 1));
            iteration++;
            FloatMatrix cx = data.timesTransposed(atoms);
            double[] change;
            if (hals) {
                change = NmfKernels.halsSweep(z.data(), cx.data(), b.data(), Matrices.multiply(z, b).data(), n, c);
            } else {
                System.arraycopy(z.data(), 0, old, 0, old.length);
                FloatMatrix zb = Matrices.multiply(z, b);
                float[] zd = z.data();
                float[] num = cx.data();
                float[] den = zb.data();
                double diff = 0;
                double norm = 0;
                for (int i = 0; i < zd.length; i++) {
                    float v = zd[i] * num[i] / (den[i] + MU_EPS);
                    zd[i] = v;
                    float delta = v - old[i];
                    diff += delta * delta;
                    norm += v * v;
                }
                change = new double[] {diff, norm};
            }
            FloatMatrix m = data.transposedTimes(z);
            FloatMatrix nn = Matrices.gram(z);
            if (hals) {
                NmfKernels.halsAtoms(atoms.data(), m.data(), nn.data(), c, d, ATOM_SWEEPS);
            } else {
                FloatMatrix nd = Matrices.multiply(nn, atoms);
                float[] ad = atoms.data();
                float[] md = m.data();
                float[] den = nd.data();
                for (int i = 0; i < ad.length; i++) {
                    ad[i] = ad[i] * md[i] / (den[i] + MU_EPS);
                }
            }
            b = Matrices.multiply(atoms, false, atoms, true);
            float[] residual = hals ? reseedDeadAtoms(x, z, atoms, b, nn) : null;
            if (residual != null) {
                // a re-seeded iteration changed Z and D after the change was measured: it never stops the fit
                b = Matrices.multiply(atoms, false, atoms, true);
                error = Math.sqrt(NmfKernels.squaredNorm(residual) / xNorm2);
                listener.iteration(iteration, error, seconds(start));
                continue;
            }
            error = Math.sqrt(NmfKernels.squaredError(xNorm2, m, atoms, nn, b) / xNorm2);
            listener.iteration(iteration, error, seconds(start));
            if (stop(change, options.tolerance())) {
                converged = true;
                break;
            }
        }
        return new NmfResult(z, atoms, iteration, error, converged);
    }

    /**
     * Re-seeds the dead atoms ({@link AtomReseeding}) after a HALS iteration.
     *
     * @param b  D·Dᵀ of the updated atoms
     * @param nn Zᵀ·Z of the updated codes
     * @return the residual X − Z·D after re-seeding, or null when no atom was dead (or none could be
     *         re-seeded)
     */
    private static float[] reseedDeadAtoms(FloatMatrix x, FloatMatrix z, FloatMatrix atoms, FloatMatrix b,
                                           FloatMatrix nn) {
        int c = z.cols();
        int[] dead = AtomReseeding.dead(b.data(), nn.data(), c);
        if (dead.length == 0) {
            return null;
        }
        float[] residual = AtomReseeding.residual(x, z, atoms);
        int reseeded = AtomReseeding.reseed(dead, residual, z.data(), atoms.data(), b.data(), z.rows(), c, atoms.cols());
        return reseeded > 0 ? residual : null;
    }

    private static NmfResult adam(EngineData data, FloatMatrix z, FloatMatrix atoms, double xNorm2,
                                  NmfOptions options, NmfListener listener, CancellationToken cancellation, long start,
                                  FloatMatrix x) {
        int n = z.rows();
        int c = z.cols();
        int d = atoms.cols();
        double mean = 0;
        for (float v : x.data()) {
            mean += v;
        }
        mean /= (double) n * d;
        float lr = (float) (options.learningRate() * Math.sqrt(mean / c));
        float scale = 2f / ((float) n * d);
        float[] mz = new float[n * c];
        float[] vz = new float[n * c];
        float[] md = new float[c * d];
        float[] vd = new float[c * d];
        float[] old = new float[n * c];
        int iteration = 0;
        boolean converged = false;
        double beta1t = 1;
        double beta2t = 1;
        while (iteration < options.maxIterations()) {
            cancellation.throwIfCancelled("NMF iteration " + (iteration + 1));
            iteration++;
            FloatMatrix cx = data.timesTransposed(atoms);
            FloatMatrix b = Matrices.multiply(atoms, false, atoms, true);
            FloatMatrix m = data.transposedTimes(z);
            FloatMatrix nn = Matrices.gram(z);
            if (iteration > 1) {
                double previous = Math.sqrt(NmfKernels.squaredError(xNorm2, m, atoms, nn, b) / xNorm2);
                listener.iteration(iteration - 1, previous, seconds(start));
            }
            FloatMatrix gz = Matrices.multiply(z, b);
            FloatMatrix gd = Matrices.multiply(nn, atoms);
            beta1t *= 0.9;
            beta2t *= 0.999;
            System.arraycopy(z.data(), 0, old, 0, old.length);
            adamStep(z.data(), gz.data(), cx.data(), mz, vz, scale, lr, beta1t, beta2t);
            adamStep(atoms.data(), gd.data(), m.data(), md, vd, scale, lr, beta1t, beta2t);
            double diff = 0;
            double norm = 0;
            for (int i = 0; i < old.length; i++) {
                float delta = z.data()[i] - old[i];
                diff += delta * delta;
                norm += z.data()[i] * z.data()[i];
            }
            if (stop(new double[] {diff, norm}, options.tolerance())) {
                converged = true;
                break;
            }
        }
        double error = relativeError(data, z, atoms, xNorm2);
        listener.iteration(iteration, error, seconds(start));
        return new NmfResult(z, atoms, iteration, error, converged);
    }

    /** p ← max(0, p − lr·m̂/(sqrt(v̂) + 1e-8)) with gradient scale·(a − b). */
    private static void adamStep(float[] p, float[] a, float[] b, float[] m, float[] v, float scale, float lr,
                                 double beta1t, double beta2t) {
        float c1 = (float) (1 / (1 - beta1t));
        float c2 = (float) (1 / (1 - beta2t));
        for (int i = 0; i < p.length; i++) {
            float g = scale * (a[i] - b[i]);
            m[i] = 0.9f * m[i] + 0.1f * g;
            v[i] = 0.999f * v[i] + 0.001f * g * g;
            float step = lr * (m[i] * c1) / ((float) Math.sqrt(v[i] * c2) + 1e-8f);
            p[i] = Math.max(0f, p[i] - step);
        }
    }

    private static NmfResult anls(EngineData data, FloatMatrix z, FloatMatrix atoms, double xNorm2,
                                  NmfOptions options, NmfListener listener, CancellationToken cancellation,
                                  long start) {
        int iteration = 0;
        boolean converged = false;
        double error = Double.NaN;
        while (iteration < options.maxIterations()) {
            cancellation.throwIfCancelled("NMF iteration " + (iteration + 1));
            iteration++;
            FloatMatrix cx = data.timesTransposed(atoms);
            FloatMatrix b = Matrices.multiply(atoms, false, atoms, true);
            FloatMatrix next = Nnls.solveGram(cx, Matrices.widen(b), z, options.innerIterations(),
                    Nnls.DEFAULT_TOLERANCE).codes();
            double diff = 0;
            double norm = 0;
            for (int i = 0; i < next.data().length; i++) {
                float delta = next.data()[i] - z.data()[i];
                diff += delta * delta;
                norm += next.data()[i] * next.data()[i];
            }
            z = next;
            FloatMatrix m = data.transposedTimes(z);
            FloatMatrix nn = Matrices.gram(z);
            atoms = Nnls.solveGram(m.transpose(), Matrices.widen(nn), atoms.transpose(), options.innerIterations(),
                    Nnls.DEFAULT_TOLERANCE).codes().transpose();
            b = Matrices.multiply(atoms, false, atoms, true);
            error = Math.sqrt(NmfKernels.squaredError(xNorm2, m, atoms, nn, b) / xNorm2);
            listener.iteration(iteration, error, seconds(start));
            if (stop(new double[] {diff, norm}, options.tolerance())) {
                converged = true;
                break;
            }
        }
        return new NmfResult(z, atoms, iteration, error, converged);
    }

    private static double relativeError(EngineData data, FloatMatrix z, FloatMatrix atoms, double xNorm2) {
        FloatMatrix m = data.transposedTimes(z);
        FloatMatrix nn = Matrices.gram(z);
        FloatMatrix b = Matrices.multiply(atoms, false, atoms, true);
        return Math.sqrt(NmfKernels.squaredError(xNorm2, m, atoms, nn, b) / xNorm2);
    }

    private static boolean stop(double[] change, double tolerance) {
        return change[0] <= tolerance * tolerance * change[1];
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
