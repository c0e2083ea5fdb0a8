package dev.facet.attribution.fidelity;

import java.util.Arrays;

/**
 * The state a perturbed pixel takes: a constant, or the image blurred by a separable Gaussian
 * (radius ceil(3σ), borders replicated), as the blurred canvas of Petsiuk et al. 2018's insertion.
 */
final class Baselines {
    private Baselines() {
    }

    /** Baseline images laid out like {@code input.pixels().data()}. */
    static float[] of(FidelityInput input, float constant, double blurSigma) {
        float[] out = new float[input.pixels().size()];
        if (blurSigma <= 0) {
            Arrays.fill(out, constant);
            return out;
        }
        float[] kernel = kernel(blurSigma);
        int h = input.height();
        int w = input.width();
        float[] rows = new float[h * w];
        for (int plane = 0; plane < input.n() * input.channels(); plane++) {
            int base = plane * h * w;
            float[] data = input.pixels().data();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rowStart = base + y * w;
                    int column = x;
                    rows[y * w + x] = convolve(kernel, k -> data[rowStart + clamp(column + k, w)]);
                }
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int column = x;
                    int row = y;
                    out[base + y * w + x] = convolve(kernel, k -> rows[clamp(row + k, h) * w + column]);
                }
            }
        }
        return out;
    }

    private interface Tap {
        float at(int offset);
    }

    private static float convolve(float[] kernel, Tap tap) {
        int radius = kernel.length / 2;
        float sum = 0;
        for (int k = -radius; k <= radius; k++) {
            sum += kernel[k + radius] * tap.at(k);
        }
        return sum;
    }

    private static int clamp(int i, int size) {
        return Math.max(0, Math.min(size - 1, i));
    }

    private static float[] kernel(double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        float[] kernel = new float[2 * radius + 1];
        double total = 0;
        for (int k = -radius; k <= radius; k++) {
            total += Math.exp(-k * k / (2 * sigma * sigma));
        }
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = (float) (Math.exp(-k * k / (2 * sigma * sigma)) / total);
        }
        return kernel;
    }
}
