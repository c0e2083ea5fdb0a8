package dev.facet.attribution;

/**
 * Separable Gaussian blur of every channel plane, kernel radius ⌈3σ⌉, borders replicated: the
 * baseline of Sobol's blur perturbation (docs/algorithms.md#sobol-attribution) and the blurred canvas
 * of the insertion metric (docs/algorithms.md#fidelity-metrics).
 */
public final class GaussianBlur {

    private GaussianBlur() {
    }

    /** The blurred copy of the image of {@code channels × height × width} values at {@code offset}. */
    public static float[] blur(float[] pixels, int offset, int channels, int height, int width, double sigma) {
        double[] kernel = kernel(sigma);
        int radius = kernel.length / 2;
        float[] out = new float[channels * height * width];
        float[] rows = new float[height * width];
        for (int c = 0; c < channels; c++) {
            int plane = offset + c * height * width;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double sum = 0;
                    for (int k = -radius; k <= radius; k++) {
                        sum += kernel[k + radius] * pixels[plane + y * width + clamp(x + k, width)];
                    }
                    rows[y * width + x] = (float) sum;
                }
            }
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double sum = 0;
                    for (int k = -radius; k <= radius; k++) {
                        sum += kernel[k + radius] * rows[clamp(y + k, height) * width + x];
                    }
                    out[c * height * width + y * width + x] = (float) sum;
                }
            }
        }
        return out;
    }

    private static int clamp(int i, int size) {
        return Math.max(0, Math.min(size - 1, i));
    }

    private static double[] kernel(double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        double[] kernel = new double[2 * radius + 1];
        double total = 0;
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = Math.exp(-k * k / (2 * sigma * sigma));
            total += kernel[k + radius];
        }
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] /= total;
        }
        return kernel;
    }
}
