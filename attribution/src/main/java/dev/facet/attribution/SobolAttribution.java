package dev.facet.attribution;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.attribution.Attribution;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;

/**
 * Sobol attribution (Fel, Cadène, Chalvidal, Cord, Vigouroux and Serre, "Look at the Variance!
 * Efficient Black-box Explanations with Sobol-based Sensitivity Analysis", NeurIPS 2021;
 * docs/algorithms.md#sobol-attribution). The image is cut into an s × s grid of d = s² cells; a
 * design is d values in [0, 1], upsampled nearest-neighbour to a mask M. The objective is read on
 * the perturbed images of the A and Cᵢ designs of {@link SobolDesigns} (N·(d + 1) forward images;
 * B enters only through the Cᵢ, as the total-order estimator needs no f(B)), the Jansen estimator
 * gives each cell's total-order index, and the s × s map is upsampled bicubically to h × w.
 * Deterministic: the sequence is unscrambled.
 */
public final class SobolAttribution implements Attribution {
    private final SobolSettings settings;

    public SobolAttribution(SobolSettings settings) {
        this.settings = settings;
    }

    @Override
    public Tensor explain(Backbone backbone, Tensor pixels, Objective target, RunContext context) {
        if (pixels.rank() != 4) {
            throw new InvalidDataException("Sobol attribution needs pixels (n, c, h, w), found shape " + pixels);
        }
        int n = (int) pixels.dim(0);
        int height = (int) pixels.dim(2);
        int width = (int) pixels.dim(3);
        int s = settings.grid();
        if (s > height || s > width) {
            throw new InvalidDataException("Sobol grid " + s + " exceeds the image size " + height + "x" + width);
        }
        SobolDesigns designs = new SobolDesigns(s * s, settings.designs());
        double[][] outputs = new double[n][designs.rows()];
        PerturbedForward.run(backbone, target, pixels, baselines(pixels), designs.rows(), settings.batchSize(),
                context, "sobol", index -> GridResampling.NEAREST.resize(toFloats(designs.design(index)), s, s,
                        height, width),
                (image, index, mask, score) -> outputs[image][index] = score);
        float[] maps = new float[n * height * width];
        for (int image = 0; image < n; image++) {
            float[] map = GridResampling.BICUBIC.resize(toFloats(designs.totalOrder(outputs[image])), s, s,
                    height, width);
            System.arraycopy(map, 0, maps, image * height * width, map.length);
        }
        return new Tensor(new long[] {n, height, width}, maps);
    }

    private float[][] baselines(Tensor pixels) {
        if (settings.perturbation() == SobolSettings.Perturbation.INPAINTING) {
            return null;
        }
        int n = (int) pixels.dim(0);
        int channels = (int) pixels.dim(1);
        int height = (int) pixels.dim(2);
        int width = (int) pixels.dim(3);
        float[][] blurred = new float[n][];
        for (int image = 0; image < n; image++) {
            blurred[image] = GaussianBlur.blur(pixels.data(), image * channels * height * width, channels, height,
                    width, settings.blurSigma());
        }
        return blurred;
    }

    private static float[] toFloats(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }
}
