package dev.facet.dictionaries.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.dictionaries.io.SafetensorsFile;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.dictionaries.golden.GoldenSafetensors;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batched NNLS against scipy.optimize.nnls on small ill-conditioned problems (atom norms over
 * four decades, two nearly parallel atoms), written by {@code src/test/python/make_nnls_golden.py}.
 */
class NnlsBatchGoldenTest {

    private static final String RESOURCE = "nnls-golden.safetensors";

    @TempDir
    static Path dir;

    private static SafetensorsFile golden;

    @BeforeAll
    static void readGolden() throws IOException {
        golden = GoldenSafetensors.read(NnlsBatchGoldenTest.class, RESOURCE, dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"signed", "nonneg"})
    void matchesScipy(String problem) {
        FloatMatrix atoms = golden.matrix(problem + "_atoms");
        FloatMatrix x = golden.matrix(problem + "_x");
        FloatMatrix expected = golden.matrix(problem + "_codes");
        float[] expectedObjective = golden.tensor(problem + "_objective").data();
        int c = atoms.rows();
        int d = atoms.cols();

        Nnls.Solution solution = Nnls.solve(x, atoms, null, 1000, 1e-10);
        assertEquals(0, solution.unconverged(), "worst KKT residual " + solution.worstResidual());
        FloatMatrix codes = solution.codes();
        double[] norms = new double[c];
        for (int j = 0; j < c; j++) {
            norms[j] = Math.sqrt(Matrices.squaredDistance(atoms.data(), j * d, new float[d], 0, d));
        }
        FloatMatrix reconstruction = Matrices.multiply(codes, atoms);
        for (int i = 0; i < x.rows(); i++) {
            double objective = 0.5 * Matrices.squaredDistance(x.data(), i * d, reconstruction.data(), i * d, d);
            double base = 0.5 * Matrices.squaredDistance(x.data(), i * d, new float[d], 0, d);
            assertEquals(expectedObjective[i], objective, 1e-5 * expectedObjective[i] + 1e-7 * base,
                    problem + " objective of row " + i);
            // coordinates in unit-atom terms, relative to the row's largest
            double largest = 0;
            for (int j = 0; j < c; j++) {
                largest = Math.max(largest, expected.get(i, j) * norms[j]);
            }
            for (int j = 0; j < c; j++) {
                assertEquals(expected.get(i, j) * norms[j], codes.get(i, j) * norms[j], 1e-5 * largest,
                        problem + " row " + i + " atom " + j + " (norm " + norms[j] + ")");
            }
        }
        assertTrue(solution.worstResidual() <= 1e-10);
    }
}
