package dev.facet.dictionaries.sae.sparsifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.facet.djl.PyTorchEngines;
import dev.facet.spi.ConfigException;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PursuitSparsifierTest {

    private static final Engine ENGINE = PyTorchEngines.pytorch();
    private final NDManager manager = ENGINE.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    /** c orthonormal rows of length d (Gram–Schmidt on Gaussian rows), c ≤ d. */
    static double[][] orthonormal(SplittableRandom random, int c, int d) {
        double[][] rows = new double[c][d];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < d; j++) {
                rows[i][j] = random.nextGaussian();
            }
            for (int p = 0; p < i; p++) {
                double dot = dot(rows[i], rows[p]);
                for (int j = 0; j < d; j++) {
                    rows[i][j] -= dot * rows[p][j];
                }
            }
            normalize(rows[i]);
        }
        return rows;
    }

    static double[][] randomUnit(SplittableRandom random, int c, int d) {
        double[][] rows = new double[c][d];
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                row[j] = random.nextGaussian();
            }
            normalize(row);
        }
        return rows;
    }

    static void normalize(double[] row) {
        double norm = Math.sqrt(dot(row, row));
        for (int j = 0; j < row.length; j++) {
            row[j] /= norm;
        }
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            sum += a[j] * b[j];
        }
        return sum;
    }

    static double coherence(double[][] atoms) {
        double max = 0;
        for (int i = 0; i < atoms.length; i++) {
            for (int j = 0; j < i; j++) {
                max = Math.max(max, Math.abs(dot(atoms[i], atoms[j])));
            }
        }
        return max;
    }

    NDArray nd(double[][] rows) {
        float[] flat = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < rows[0].length; j++) {
                flat[i * rows[0].length + j] = (float) rows[i][j];
            }
        }
        return manager.create(flat, new Shape(rows.length, rows[0].length));
    }

    /** Rows that are non-negative combinations of at most 3 atoms, with distinct coefficients. */
    static double[][] plantedCodes(SplittableRandom random, int rows, int concepts) {
        double[][] codes = new double[rows][concepts];
        for (int r = 0; r < rows; r++) {
            int used = 1 + r % 3;
            for (int a = 0; a < used; a++) {
                int atom = (r * 5 + a * 3) % concepts;
                codes[r][atom] = 0.6 + 0.5 * a + 0.2 * random.nextDouble();
            }
        }
        return codes;
    }

    static double[][] times(double[][] codes, double[][] atoms) {
        double[][] x = new double[codes.length][atoms[0].length];
        for (int r = 0; r < codes.length; r++) {
            for (int i = 0; i < atoms.length; i++) {
                for (int j = 0; j < atoms[0].length; j++) {
                    x[r][j] += codes[r][i] * atoms[i][j];
                }
            }
        }
        return x;
    }

    static float[] flat(double[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < rows[0].length; j++) {
                out[i * rows[0].length + j] = (float) rows[i][j];
            }
        }
        return out;
    }

    @Test
    void matchingPursuitRecoversPlantedCodesOnOrthonormalAtoms() {
        SplittableRandom random = new SplittableRandom(11);
        double[][] atoms = orthonormal(random, 8, 16);
        double[][] codes = plantedCodes(random, 9, 8);
        NDArray x = nd(times(codes, atoms));
        NDArray z = new MatchingPursuitSparsifier(3, 8).codes(x, x, nd(atoms), true);
        assertEquals(new Shape(9, 8), z.getShape());
        assertArrayEquals(flat(codes), z.toFloatArray(), 1e-5f);
    }

    @Test
    void orthogonalMatchingPursuitRecoversPlantedCodesOnNearOrthogonalAtoms() {
        SplittableRandom random = new SplittableRandom(12);
        double[][] atoms = orthonormal(random, 12, 24);
        for (double[] atom : atoms) {
            for (int j = 0; j < atom.length; j++) {
                atom[j] += 0.03 * random.nextGaussian();
            }
            normalize(atom);
        }
        // Mutual coherence below 1/(2k − 1) guarantees exact support recovery for k = 3.
        double mu = coherence(atoms);
        assertTrue(mu > 0.01 && mu < 0.2, "coherence " + mu);
        double[][] codes = plantedCodes(random, 12, 12);
        NDArray x = nd(times(codes, atoms));
        NDArray z = new OrthogonalMatchingPursuitSparsifier(3, 12).codes(x, x, nd(atoms), true);
        assertEquals(new Shape(12, 12), z.getShape());
        assertArrayEquals(flat(codes), z.toFloatArray(), 2e-5f);
        // Plain MP is not exact on non-orthogonal atoms: the refit is what makes OMP exact.
        float[] mp = new MatchingPursuitSparsifier(3, 12).codes(x, x, nd(atoms), true).toFloatArray();
        double worst = 0;
        float[] expected = flat(codes);
        for (int i = 0; i < mp.length; i++) {
            worst = Math.max(worst, Math.abs(mp[i] - expected[i]));
        }
        assertTrue(worst > 1e-3, "MP error " + worst);
    }

    @Test
    void orthogonalMatchingPursuitResidualIsOrthogonalToItsPositiveAtoms() {
        SplittableRandom random = new SplittableRandom(13);
        int rows = 10;
        int concepts = 16;
        int dim = 12;
        int k = 5;
        double[][] atoms = randomUnit(random, concepts, dim);
        double[][] xs = randomUnit(random, rows, dim);
        NDArray x = nd(xs);
        NDArray d = nd(atoms);
        NDArray z = new OrthogonalMatchingPursuitSparsifier(k, concepts).codes(x, x, d, true);
        float[] codes = z.toFloatArray();
        float[] correlation = x.sub(z.matMul(d)).matMul(d.transpose()).toFloatArray();
        int positive = 0;
        for (int r = 0; r < rows; r++) {
            int active = 0;
            for (int i = 0; i < concepts; i++) {
                float code = codes[r * concepts + i];
                assertTrue(code >= 0, "non-negative code " + code);
                if (code > 0) {
                    active++;
                    assertEquals(0, correlation[r * concepts + i], 2e-6, "residual · atom " + i + " of row " + r);
                }
            }
            assertTrue(active >= 1 && active <= k, "active " + active);
            positive += active;
        }
        assertTrue(positive > rows, "refits keep more than one atom somewhere");
    }

    @Test
    void matchingPursuitResidualNormDecreasesMonotonically() {
        SplittableRandom random = new SplittableRandom(14);
        int rows = 6;
        int concepts = 12;
        double[][] atoms = randomUnit(random, concepts, 10);
        NDArray x = nd(randomUnit(random, rows, 10)).mul(3f);
        NDArray d = nd(atoms);
        float[] previous = x.square().sum(new int[] {1}).toFloatArray();
        for (int k = 1; k <= 8; k++) {
            NDArray z = new MatchingPursuitSparsifier(k, concepts).codes(x, x, d, true);
            float[] norms = x.sub(z.matMul(d)).square().sum(new int[] {1}).toFloatArray();
            for (int r = 0; r < rows; r++) {
                assertTrue(norms[r] <= previous[r] + 1e-5f, "row " + r + " step " + k + ": " + norms[r] + " > "
                        + previous[r]);
                assertTrue(norms[r] < 9f, "row " + r + " step " + k);
            }
            previous = norms;
        }
    }

    @Test
    void matchingPursuitIsDifferentiableWrtAtomsAndInput() {
        SplittableRandom random = new SplittableRandom(15);
        NDArray d = nd(randomUnit(random, 12, 10));
        NDArray x = nd(randomUnit(random, 6, 10));
        d.setRequiresGradient(true);
        x.setRequiresGradient(true);
        try (GradientCollector collector = ENGINE.newGradientCollector()) {
            NDArray z = new MatchingPursuitSparsifier(4, 12).codes(x, x, d, true);
            collector.backward(x.sub(z.matMul(d)).square().sum().add(z.sum()));
        }
        for (NDArray parameter : new NDArray[] {d, x}) {
            float[] gradient = parameter.getGradient().toFloatArray();
            double norm = 0;
            for (float g : gradient) {
                assertTrue(Float.isFinite(g));
                norm += g * g;
            }
            assertTrue(norm > 1e-6, "gradient norm " + norm);
        }
    }

    @Test
    void pursuitGradientsMatchFiniteDifferences() {
        checkDirectionalDerivative(new MatchingPursuitSparsifier(4, 12));
        checkDirectionalDerivative(new OrthogonalMatchingPursuitSparsifier(4, 12));
    }

    /** ⟨∇L, V⟩ from autograd against (L(θ + hV) − L(θ − hV))/2h with L = Σ w·z, θ = (D, x). */
    private void checkDirectionalDerivative(Sparsifier sparsifier) {
        SplittableRandom random = new SplittableRandom(16);
        double[][] atoms = randomUnit(random, 12, 10);
        double[][] xs = randomUnit(random, 6, 10);
        double[][] weights = randomUnit(random, 6, 12);
        double[][] dirAtoms = randomUnit(random, 12, 10);
        double[][] dirX = randomUnit(random, 6, 10);
        NDArray w = nd(weights);
        Function<Double, Double> loss = h -> {
            NDArray d = nd(atoms).add(nd(dirAtoms).mul(h.floatValue()));
            NDArray x = nd(xs).add(nd(dirX).mul(h.floatValue()));
            return (double) sparsifier.codes(x, x, d, true).mul(w).sum().getFloat();
        };
        NDArray d = nd(atoms);
        NDArray x = nd(xs);
        d.setRequiresGradient(true);
        x.setRequiresGradient(true);
        try (GradientCollector collector = ENGINE.newGradientCollector()) {
            collector.backward(sparsifier.codes(x, x, d, true).mul(w).sum());
        }
        double analytic = d.getGradient().mul(nd(dirAtoms)).sum().getFloat()
                + x.getGradient().mul(nd(dirX)).sum().getFloat();
        double h = 1e-3;
        double numeric = (loss.apply(h) - loss.apply(-h)) / (2 * h);
        assertTrue(Math.abs(analytic) > 1e-2, sparsifier.id() + " derivative " + analytic);
        assertEquals(numeric, analytic, 5e-3 * Math.max(1, Math.abs(numeric)), sparsifier.id());
    }

    @Test
    void zeroRowsGiveZeroCodes() {
        SplittableRandom random = new SplittableRandom(17);
        NDArray d = nd(randomUnit(random, 6, 5));
        NDArray x = manager.zeros(new Shape(3, 5));
        assertArrayEquals(new float[18], new OrthogonalMatchingPursuitSparsifier(3, 6).codes(x, x, d, true)
                .toFloatArray(), 0f);
        float[] mp = new MatchingPursuitSparsifier(3, 6).codes(x, x, d, true).toFloatArray();
        for (float v : mp) {
            assertEquals(0f, v, 0f);
        }
    }

    @Test
    void budgetOutsideTheConceptsIsRejected() {
        ConfigException mp = assertThrows(ConfigException.class, () -> new MatchingPursuitSparsifier(0, 4));
        assertEquals("Invalid k: 0; allowed: 1..4 (the number of concepts)", mp.getMessage());
        ConfigException omp = assertThrows(ConfigException.class, () -> new OrthogonalMatchingPursuitSparsifier(5, 4));
        assertEquals("Invalid k: 5; allowed: 1..4 (the number of concepts)", omp.getMessage());
        assertEquals(3, new OrthogonalMatchingPursuitSparsifier(3, 4).k());
        assertEquals("omp", new OrthogonalMatchingPursuitSparsifier(3, 4).id());
        assertEquals("mp", new MatchingPursuitSparsifier(3, 4).id());
    }
}
