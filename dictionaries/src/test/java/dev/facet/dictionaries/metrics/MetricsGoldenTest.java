package dev.facet.dictionaries.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.dictionaries.golden.Golden;
import dev.facet.dictionaries.golden.GoldenArray;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import org.junit.jupiter.api.Test;

/**
 * The metrics against NumPy and SciPy on fixture {@code metrics} of make_parity_golden.py
 * (definitions of docs/algorithms.md#metrics; docs/development.md#golden-parity-files). Inputs are float32 and
 * every metric sums in double, so agreement is to about 1e-12 relative.
 */
class MetricsGoldenTest {

    private static final JsonNode EXPECTED = Golden.scalars("metrics");
    private static final double TOLERANCE = 1e-12;

    /** R² with the per-feature mean (scikit-learn's {@code r2_score(multioutput="variance_weighted")}), losses. */
    @Test
    void reconstructionMetrics() {
        FloatMatrix x = Golden.matrix("metrics", "x");
        FloatMatrix xHat = Golden.matrix("metrics", "x_hat");
        assertScalar("r2", Reconstruction.r2(x, xHat));
        assertScalar("r2", 1 - Reconstruction.fvu(x, xHat));
        // the fixture tells the two definitions apart: the scalar-mean R² is far off
        assertTrue(Math.abs(EXPECTED.get("r2_scalar_mean").asDouble() - Reconstruction.r2(x, xHat)) > 0.05);
        assertScalar("squared_error", Reconstruction.squaredError(x, xHat));
        assertScalar("total_squares", Reconstruction.totalSquares(x));
        assertScalar("avg_l2_loss", Reconstruction.avgL2Loss(x, xHat));
        assertScalar("avg_l1_loss", Reconstruction.avgL1Loss(x, xHat));
        assertScalar("relative_avg_l2_loss", Reconstruction.relativeAvgL2Loss(x, xHat));
        assertScalar("relative_avg_l1_loss", Reconstruction.relativeAvgL1Loss(x, xHat));
    }

    /** Norms, l0 and l0_eps around the 1e-6 threshold, and the row means that skip the all-zero row. */
    @Test
    void sparsityMetrics() {
        FloatMatrix z = Golden.matrix("metrics", "codes");
        Codes codes = Codes.fromDense(z);
        assertScalar("row0_l1", Sparsity.l1(z.row(0)));
        assertScalar("row0_l2", Sparsity.l2(z.row(0)));
        assertScalar("row0_lp_half", Sparsity.lp(z.row(0), 0.5));
        assertScalar("l0", Sparsity.l0(z));
        assertScalar("l0_eps", Sparsity.l0Eps(z));
        assertScalar("l1_l2_ratio", Sparsity.l1L2Ratio(z));
        assertScalar("hoyer", Sparsity.hoyer(z));
        assertScalar("hoyer", Sparsity.hoyer(codes));
        assertScalar("kappa4", Sparsity.kappa4(z));
        assertScalar("kappa4", Sparsity.kappa4(codes));
    }

    /** Mean L0, firing density, the dead concept, |Pearson| (numpy corrcoef) and energy. */
    @Test
    void codeStatistics() {
        Codes codes = Codes.fromDense(Golden.matrix("metrics", "codes"));
        assertScalar("mean_l0", CodeStatistics.meanL0(codes));
        assertArrayEquals(Golden.array("metrics", "firing_density").values(), CodeStatistics.firingDensity(codes),
                TOLERANCE);
        assertArrayEquals(new int[] {7}, CodeStatistics.deadCodes(codes));
        // the covariance is one float32 engine product
        assertEquals(EXPECTED.get("max_code_correlation").asDouble(), CodeStatistics.maxCorrelation(codes), 1e-6);
        assertArrayEquals(Golden.array("metrics", "energy").values(),
                CodeStatistics.energy(codes, Golden.matrix("metrics", "energy_atoms")), 1e-6);
    }

    /** Largest off-diagonal |cos| with the zero atom left out; float32 engine products. */
    @Test
    void collinearity() {
        assertEquals(EXPECTED.get("collinearity").asDouble(),
                AtomGeometry.collinearity(Golden.matrix("metrics", "collinearity_atoms")), 1e-6);
    }

    /** {@code scipy.optimize.linear_sum_assignment} on a 7 × 9 cost, and on 1 − cos between two dictionaries. */
    @Test
    void assignmentMatchesScipy() {
        GoldenArray cost = Golden.array("metrics", "cost");
        int[] assignment = Hungarian.assign(cost.values(), cost.rows(), cost.cols());
        assertArrayEquals(Golden.ints("metrics", "assignment"), assignment);
        double total = 0;
        for (int i = 0; i < assignment.length; i++) {
            total += cost.get(i, assignment[i]);
        }
        assertScalar("assignment_cost", total);

        DictionaryMatching matching = DictionaryMatching.match(Golden.matrix("metrics", "match_reference"),
                Golden.matrix("metrics", "match_candidate"));
        assertArrayEquals(Golden.ints("metrics", "match_assignment"), matching.assignment());
        assertArrayEquals(Golden.array("metrics", "match_cosines").values(), matching.cosines(), TOLERANCE);
    }

    /** {@code scipy.stats.wasserstein_distance} per column, and the Fréchet distance with {@code scipy.linalg.sqrtm}. */
    @Test
    void distributionDistances() {
        assertArrayEquals(Golden.array("metrics", "wasserstein").values(), Distributions.wasserstein1(
                Golden.matrix("metrics", "wasserstein_a"), Golden.matrix("metrics", "wasserstein_b")), TOLERANCE);
        double frechet = EXPECTED.get("frechet").asDouble();
        assertEquals(frechet, Distributions.frechet(Golden.matrix("metrics", "frechet_a"),
                Golden.matrix("metrics", "frechet_b")), 1e-9 * frechet);
    }

    private static void assertScalar(String name, double actual) {
        double expected = EXPECTED.get(name).asDouble();
        assertEquals(expected, actual, TOLERANCE * Math.max(1, Math.abs(expected)), name);
    }
}
