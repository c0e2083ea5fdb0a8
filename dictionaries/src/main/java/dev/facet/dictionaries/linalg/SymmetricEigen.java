package dev.facet.dictionaries.linalg;

import dev.facet.spi.InvalidDataException;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Eigen-decomposition of a real symmetric matrix on the heap in double precision by EJML's
 * symmetric QR algorithm (Householder tridiagonalisation, blocked from d = 1800, then implicit QR
 * with Wilkinson shifts; eigenvectors accumulated after the eigenvalues). Eigenvalues are returned
 * in <b>descending</b> order with their unit eigenvectors as rows. This serves the classical
 * learners (PCA, truncated SVD, FastICA whitening, sparse-PCA start) and the Fréchet distance for
 * activation widths up to a few thousand: O(d³) time, O(d²) memory.
 *
 * <p>Which exact solver: {@code facet bench eigen --d D} measured on the project's 2-core machine
 * (median seconds; max ‖Av − λv‖/max|λ|) EJML's single-threaded default at 1.04 s (1.3·10⁻¹⁴) for
 * d = 768 and 29.6 s (2.4·10⁻¹⁴) for d = 2048, against 0.95 s and 32.7 s for the hand-written
 * Householder + QL solver it replaced (1.4·10⁻¹⁴, 2.1·10⁻¹⁴). No other exact EJML variant was
 * faster: its multi-threaded factory took 1.20 s and 33.5 s; in a d = 768 run where the default
 * took 1.09 s, the blocked tridiagonalisation took 1.09 s and accumulating the eigenvectors
 * together with the eigenvalues 1.25 s. The library's default is kept at every size: the 10% it
 * loses at d = 768 is a tenth of a second next to the pass over the data that builds the matrix,
 * and it wins 10% at d = 2048.
 *
 * @param values  eigenvalues, descending
 * @param vectors eigenvectors, row {@code i} belongs to {@code values[i]}, each of unit norm
 */
public record SymmetricEigen(double[] values, double[][] vectors) {

    /** The algorithm behind {@link #of}, for benchmark reports. */
    public static final String SOLVER = "EJML symmetric QR (SymmetricQRAlgorithmDecomposition_DDRM)";

    /**
     * Decomposes the symmetric matrix {@code a} (n × n, row-major, only read; its symmetric part
     * (A + Aᵀ)/2 is what is decomposed).
     *
     * @throws InvalidDataException when {@code a} is not square, holds non-finite values, or QR fails to converge
     */
    public static SymmetricEigen of(double[] a, int n) {
        EigenDecomposition_F64<DMatrixRMaj> eigen = decompose(a, n, true);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = eigen.getEigenvalue(i).real;
        }
        int[] order = descending(values);
        double[] sorted = new double[n];
        double[][] vectors = new double[n][];
        for (int i = 0; i < n; i++) {
            sorted[i] = values[order[i]];
            vectors[i] = eigen.getEigenVector(order[i]).data.clone();
        }
        return new SymmetricEigen(sorted, vectors);
    }

    /**
     * The eigenvalues alone of the symmetric matrix {@code a} (n × n, row-major), descending;
     * cheaper than {@link #of} since no eigenvector is accumulated.
     *
     * @throws InvalidDataException as {@link #of}
     */
    public static double[] eigenvalues(double[] a, int n) {
        EigenDecomposition_F64<DMatrixRMaj> eigen = decompose(a, n, false);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = eigen.getEigenvalue(i).real;
        }
        int[] order = descending(values);
        double[] sorted = new double[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = values[order[i]];
        }
        return sorted;
    }

    /** V·diag(√max(λ, 0))·Vᵀ (row-major n × n): the square root of a positive semi-definite matrix. */
    public double[] sqrtPsd() {
        int n = values.length;
        double[] out = new double[n * n];
        for (int k = 0; k < n; k++) {
            double root = Math.sqrt(Math.max(values[k], 0));
            double[] v = vectors[k];
            for (int i = 0; i < n; i++) {
                double scaled = root * v[i];
                for (int j = 0; j < n; j++) {
                    out[i * n + j] += scaled * v[j];
                }
            }
        }
        return out;
    }

    private static EigenDecomposition_F64<DMatrixRMaj> decompose(double[] a, int n, boolean vectors) {
        if (n < 1 || a.length != (long) n * n) {
            throw new InvalidDataException("Eigen-decomposition needs a square n x n matrix with n >= 1, found "
                    + a.length + " values for n = " + n);
        }
        DMatrixRMaj symmetric = new DMatrixRMaj(n, n);
        double[] s = symmetric.data;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double x = a[i * n + j];
                if (!Double.isFinite(x)) {
                    throw new InvalidDataException("Matrix to decompose holds " + x + " at (" + i + ", " + j
                            + "); expected finite values");
                }
                s[i * n + j] = 0.5 * (x + a[j * n + i]);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eigen = DecompositionFactory_DDRM.eig(n, vectors, true);
        if (!eigen.decompose(symmetric)) {
            throw new InvalidDataException("Symmetric eigen-decomposition of a " + n + "x" + n
                    + " matrix did not converge");
        }
        return eigen;
    }

    /** Indices of {@code values} by descending value, ties in index order. */
    private static int[] descending(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(values[y], values[x]));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }
}
