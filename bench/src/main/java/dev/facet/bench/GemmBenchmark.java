package dev.facet.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.facet.djl.PyTorchEngines;
import dev.facet.spi.ConfigException;
import dev.facet.spi.Device;
import java.util.SplittableRandom;

/**
 * Throughput of the dense product x·Wᵀ on DJL's PyTorch engine, the one GEMM a sparse TopK step
 * cannot avoid (docs/algorithms.md#sparse-topk-step; measured figures in docs/benchmarks.md).
 * Also checks a sample of the product against a double-precision Java reference, so a fast but
 * wrong engine configuration cannot pass unnoticed.
 */
public final class GemmBenchmark {
    private final int rows;
    private final int inner;
    private final int cols;
    private final int warmup;
    private final int repeats;

    public GemmBenchmark(int rows, int inner, int cols, int warmup, int repeats) {
        if (rows < 1 || inner < 1 || cols < 1) {
            throw ConfigException.outOfRange("gemm size (m, k, n)", rows + ", " + inner + ", " + cols, "each >= 1");
        }
        this.rows = rows;
        this.inner = inner;
        this.cols = cols;
        this.warmup = warmup;
        this.repeats = repeats;
    }

    public BenchmarkReport run() {
        float[] x = random(rows * inner, 1);
        float[] w = random(cols * inner, 2);
        BenchmarkReport report = new BenchmarkReport("gemm")
                .parameter("m", rows).parameter("k", inner).parameter("n", cols)
                .parameter("engine", "PyTorch " + PyTorchEngines.pytorch().getVersion())
                .parameter("intraOpThreads", Runtime.getRuntime().availableProcessors());
        try (NDManager manager = PyTorchEngines.pytorch().newBaseManager(PyTorchEngines.device(Device.CPU))) {
            NDArray xs = manager.create(x, new Shape(rows, inner));
            // A transposed view, as an encoder applies its (c x d) weights: BLAS reads it with a transpose
            // flag, measurably faster here than a contiguous copy.
            NDArray wt = manager.create(w, new Shape(cols, inner)).transpose();
            Timings timings = Timings.measure(warmup, repeats, () -> {
                // PyTorch's CPU kernels run eagerly: the product is complete when matMul returns.
                try (NDArray product = xs.matMul(wt)) {
                    product.getShape();
                }
            });
            float[] product;
            try (NDArray once = xs.matMul(wt)) {
                product = once.toFloatArray();
            }
            double flops = 2.0 * rows * inner * cols;
            report.timings("matmul", timings)
                    .result("gflops", flops / timings.median() / 1e9)
                    .result("maxAbsError", maxError(x, w, product));
        }
        return report;
    }

    /** Largest deviation from a double-precision reference over up to 256 sampled entries. */
    private double maxError(float[] x, float[] w, float[] product) {
        SplittableRandom random = new SplittableRandom(3);
        double worst = 0;
        for (int s = 0; s < 256; s++) {
            int r = random.nextInt(rows);
            int c = random.nextInt(cols);
            double expected = 0;
            for (int i = 0; i < inner; i++) {
                expected += (double) x[r * inner + i] * w[c * inner + i];
            }
            worst = Math.max(worst, Math.abs(expected - product[r * cols + c]));
        }
        return worst;
    }

    private static float[] random(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return values;
    }
}
