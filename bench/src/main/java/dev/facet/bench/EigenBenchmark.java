package dev.facet.bench;

import dev.facet.dictionaries.linalg.SymmetricEigen;
import dev.facet.spi.ConfigException;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Time and accuracy of {@link SymmetricEigen}, the symmetric eigen-decomposition behind PCA, FastICA
 * whitening, sparse-PCA starts and the Fréchet distance, on a d × d covariance-like matrix
 * A = BᵀB/64 + (C + Cᵀ)/2 (B 64 × d and C d × d Gaussian, fixed seeds: 64 large eigenvalues over
 * a semicircle of positive and negative ones). Accuracy is measured in double on the heap:
 * {@code maxResidual} = max_i ‖A·v_i − λ_i·v_i‖₂ / max|λ|, {@code reconstructionError} =
 * ‖A − V·Λ·Vᵀ‖_F / ‖A‖_F and {@code orthogonalityError} = max |VᵀV − I|.
 */
public final class EigenBenchmark {
    private final int dim;
    private final int warmup;
    private final int repeats;

    public EigenBenchmark(int dim, int warmup, int repeats) {
        if (dim < 2) {
            throw ConfigException.outOfRange("eigen --d", dim, ">= 2");
        }
        this.dim = dim;
        this.warmup = warmup;
        this.repeats = repeats;
    }

    public BenchmarkReport run() {
        double[] a = matrix(dim);
        SymmetricEigen[] last = new SymmetricEigen[1];
        Timings timings = Timings.measure(warmup, repeats, () -> last[0] = SymmetricEigen.of(a, dim));
        SymmetricEigen eigen = last[0];
        double[] v = new double[dim * dim];
        for (int i = 0; i < dim; i++) {
            System.arraycopy(eigen.vectors()[i], 0, v, i * dim, dim);
        }
        return new BenchmarkReport("eigen")
                .parameter("d", dim)
                .parameter("solver", SymmetricEigen.SOLVER)
                .timings("decompose", timings)
                .result("maxResidual", maxResidual(a, eigen.values(), v))
                .result("reconstructionError", reconstructionError(a, eigen.values(), v))
                .result("orthogonalityError", orthogonalityError(v));
    }

    /** BᵀB/64 + (C + Cᵀ)/2, row-major. */
    static double[] matrix(int d) {
        SplittableRandom random = new SplittableRandom(11);
        int rows = 64;
        double[] b = new double[rows * d];
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextGaussian();
        }
        double[] c = new double[d * d];
        for (int i = 0; i < c.length; i++) {
            c[i] = random.nextGaussian();
        }
        double[] a = new double[d * d];
        IntStream.range(0, d).parallel().forEach(i -> {
            for (int r = 0; r < rows; r++) {
                double bi = b[r * d + i];
                for (int j = 0; j < d; j++) {
                    a[i * d + j] += bi * b[r * d + j];
                }
            }
            for (int j = 0; j < d; j++) {
                a[i * d + j] = a[i * d + j] / rows + 0.5 * (c[i * d + j] + c[j * d + i]);
            }
        });
        return a;
    }

    // The three accuracy checks below are plain loops on purpose: they must not use the library
    // whose decomposition they judge. dim >= 2 (constructor), so every max() has an element.

    /** max_i ‖A·v_i − λ_i·v_i‖₂ / max|λ| with the eigenvectors as rows of {@code v}. */
    private double maxResidual(double[] a, double[] values, double[] v) {
        double scale = Math.max(Math.abs(values[0]), Math.abs(values[dim - 1]));
        return IntStream.range(0, dim).parallel().mapToDouble(k -> {
            double sum = 0;
            for (int i = 0; i < dim; i++) {
                double s = -values[k] * v[k * dim + i];
                for (int j = 0; j < dim; j++) {
                    s += a[i * dim + j] * v[k * dim + j];
                }
                sum += s * s;
            }
            return Math.sqrt(sum);
        }).max().orElseThrow() / scale;
    }

    /** ‖A − Vᵀ·Λ·V‖_F / ‖A‖_F with the eigenvectors as rows of {@code v}. */
    private double reconstructionError(double[] a, double[] values, double[] v) {
        double[] error = IntStream.range(0, dim).parallel().mapToObj(i -> {
            double[] row = new double[dim];
            for (int k = 0; k < dim; k++) {
                double scaled = values[k] * v[k * dim + i];
                for (int j = 0; j < dim; j++) {
                    row[j] += scaled * v[k * dim + j];
                }
            }
            double diff = 0;
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                double delta = a[i * dim + j] - row[j];
                diff += delta * delta;
                norm += a[i * dim + j] * a[i * dim + j];
            }
            return new double[] {diff, norm};
        }).reduce(new double[2], (x, y) -> new double[] {x[0] + y[0], x[1] + y[1]});
        return Math.sqrt(error[0] / error[1]);
    }

    /** max |V·Vᵀ − I| over all entries. */
    private double orthogonalityError(double[] v) {
        return IntStream.range(0, dim).parallel().mapToDouble(i -> {
            double worst = 0;
            for (int j = 0; j < dim; j++) {
                double s = i == j ? -1 : 0;
                for (int k = 0; k < dim; k++) {
                    s += v[i * dim + k] * v[j * dim + k];
                }
                worst = Math.max(worst, Math.abs(s));
            }
            return worst;
        }).max().orElseThrow();
    }
}
