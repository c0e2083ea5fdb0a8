package dev.facet.dictionaries.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.dictionaries.golden.Golden;
import dev.facet.dictionaries.golden.GoldenArray;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Nnls#activeSet} against {@code scipy.optimize.nnls} (the Fortran Lawson–Hanson code) on the
 * systems min ‖A·x − b‖ subject to x ≥ 0 of fixture {@code nnls} (make_parity_golden.py;
 * docs/development.md#golden-parity-files), passed here as G = AᵀA and Aᵀb.
 */
class NnlsActiveSetGoldenTest {

    /**
     * The residual must match; the solution too where it is unique: on the ill-conditioned system
     * (cond(A) = 1e5, so cond(G) = 1e10) to 1e-6 of its size, the error the normal equations allow.
     */
    @ParameterizedTest
    @ValueSource(strings = {"random", "ill", "ill_active", "interior", "wide"})
    void activeSetMatchesScipy(String name) {
        GoldenArray a = Golden.array("nnls", name + "_a");
        double[] b = Golden.array("nnls", name + "_b").values();
        double[] expected = Golden.array("nnls", name + "_x").values();
        int m = a.cols();
        double[] gram = new double[m * m];
        double[] rhs = new double[m];
        for (int r = 0; r < a.rows(); r++) {
            for (int i = 0; i < m; i++) {
                rhs[i] += a.get(r, i) * b[r];
                for (int j = 0; j < m; j++) {
                    gram[i * m + j] += a.get(r, i) * a.get(r, j);
                }
            }
        }
        boolean[] allowed = new boolean[m];
        Arrays.fill(allowed, true);
        double[] x = new double[m];
        Nnls.activeSet(m, gram, rhs, allowed, x, null);

        JsonNode scalars = Golden.scalars("nnls").get(name);
        double residual = residual(a, b, x);
        assertEquals(scalars.get("residual_norm").asDouble(), residual, 1e-9 * Math.max(1, norm(b)), name);
        for (double v : x) {
            assertTrue(v >= 0, name + ": negative coordinate " + v);
        }
        if (a.rows() >= m) {
            double scale = Math.max(1, Arrays.stream(expected).map(Math::abs).max().orElse(0));
            double tolerance = (scalars.get("condition").asDouble() > 1e3 ? 1e-6 : 1e-10) * scale;
            for (int i = 0; i < m; i++) {
                assertEquals(expected[i], x[i], tolerance, name + " coordinate " + i);
            }
        }
    }

    private static double residual(GoldenArray a, double[] b, double[] x) {
        double s = 0;
        for (int r = 0; r < a.rows(); r++) {
            double e = -b[r];
            for (int i = 0; i < a.cols(); i++) {
                e += a.get(r, i) * x[i];
            }
            s += e * e;
        }
        return Math.sqrt(s);
    }

    private static double norm(double[] v) {
        return Math.sqrt(Arrays.stream(v).map(t -> t * t).sum());
    }
}
