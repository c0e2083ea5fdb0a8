package dev.facet.dictionaries.linalg;

import dev.facet.spi.InvalidDataException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.linsol.chol.LinearSolverChol_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * The Cholesky factorisation A = L·Lᵀ of a symmetric positive definite n × n matrix in double
 * precision on the heap, by EJML (its row-major inner-product algorithm, blocked from n = 1000),
 * and the solves and inverse it gives. The one Cholesky of the learners: least-squares refits of
 * sparse coding, the active-set NNLS ({@link Nnls#activeSet}) and the ridge solves of the convex
 * factorisation family.
 *
 * <p>A pivot is the value L_ii² that the factorisation takes the square root of. {@link #factor}
 * returns {@code null} when a pivot is at most max(absolute floor, relative floor · A_ii), which is
 * how callers detect (numerically) dependent columns; {@link #of} refuses any non-positive pivot.
 * Only the upper triangle of A is read.
 */
public final class Cholesky {

    private final int n;
    private final DMatrixRMaj lower;

    private Cholesky(int n, DMatrixRMaj lower) {
        this.n = n;
        this.lower = lower;
    }

    /**
     * Factors {@code a} (n × n, row-major).
     *
     * @throws InvalidDataException when {@code a} is not n × n, holds a non-finite value, or is not
     *                              positive definite
     */
    public static Cholesky of(double[] a, int n) {
        Cholesky factor = factor(a, n, 0, 0);
        if (factor == null) {
            throw new InvalidDataException("Cannot Cholesky-factor the " + n + "x" + n
                    + " matrix: it is not positive definite");
        }
        return factor;
    }

    /**
     * Factors {@code a} (n × n, row-major), or returns {@code null} when a pivot is at most
     * max({@code absoluteFloor}, {@code relativeFloor}·A_ii).
     *
     * @throws InvalidDataException when {@code a} is not n × n or holds a non-finite value
     */
    public static Cholesky factor(double[] a, int n, double absoluteFloor, double relativeFloor) {
        if (n < 0 || a.length != (long) n * n) {
            throw new InvalidDataException("Cholesky needs a square n x n matrix, found " + a.length
                    + " values for n = " + n);
        }
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) {
                throw new InvalidDataException("Matrix to Cholesky-factor holds " + a[i] + " at (" + i / n + ", "
                        + i % n + "); expected finite values");
            }
        }
        CholeskyDecomposition_F64<DMatrixRMaj> decomposition = DecompositionFactory_DDRM.chol(n, true);
        if (n > 0 && !decomposition.decompose(new DMatrixRMaj(n, n, true, a))) {
            return null;
        }
        DMatrixRMaj lower = n == 0 ? new DMatrixRMaj(0, 0) : decomposition.getT(null);
        for (int i = 0; i < n; i++) {
            double diagonal = lower.data[i * n + i];
            if (!(diagonal * diagonal > Math.max(absoluteFloor, relativeFloor * a[i * n + i]))) {
                return null;
            }
        }
        return new Cholesky(n, lower);
    }

    /** The rows and columns {@code index} of the n × n row-major matrix {@code a}, as a p × p matrix. */
    public static double[] restrict(double[] a, int n, int[] index) {
        int p = index.length;
        double[] out = new double[p * p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                out[i * p + j] = a[index[i] * n + index[j]];
            }
        }
        return out;
    }

    /** L, the lower-triangular factor (n × n, row-major, zeros above the diagonal). */
    public double[] lower() {
        return lower.data.clone();
    }

    /** The size n. */
    public int size() {
        return n;
    }

    /** Solves A·x = b in place for one right-hand side {@code b} (n). */
    public void solveInPlace(double[] b) {
        TriangularSolver_DDRM.solveL(lower.data, b, n);
        TriangularSolver_DDRM.solveTranL(lower.data, b, n);
    }

    /** X with A·X = B for B n × {@code columns}, row-major; B is not changed. */
    public double[] solve(double[] b, int columns) {
        if (b.length != (long) n * columns) {
            throw new InvalidDataException("Cholesky solve needs a " + n + "x" + columns + " right-hand side, found "
                    + b.length + " values");
        }
        DMatrixRMaj x = new DMatrixRMaj(n, columns);
        LinearSolverChol_DDRM.solveLower(lower, new DMatrixRMaj(n, columns, true, b), x, new double[n]);
        return x.data;
    }

    /** A⁻¹, n × n row-major. */
    public double[] inverse() {
        double[] identity = new double[n * n];
        for (int i = 0; i < n; i++) {
            identity[i * n + i] = 1;
        }
        return solve(identity, n);
    }
}
