package dev.facet.visualization.maco;

/**
 * MACO's image parametrisation (Fel et al. 2023, "Unlocking Feature Visualization for Deeper
 * Networks with MAgnitude Constrained Optimization"; docs/algorithms.md#maco-parametrisation): a
 * fixed magnitude spectrum r and a learned phase φ, both (c, h, w/2+1). One render:
 *
 * <ol>
 *   <li>φ̃ = standardise(φ) over the whole tensor (population std + 1e-5);
 *   <li>x = irfft2(r·e^{iφ̃}) per channel (NumPy semantics, any h and w);
 *   <li>x̃ = standardise(x) over the whole (c, h, w) tensor;
 *   <li>colour only: recorrelate, rgb = x̃·M ({@link ColourDecorrelation});
 *   <li>image = sigmoid(·), in [0, 1], RGB order or gray.
 * </ol>
 *
 * {@link #backward} is the exact vector–Jacobian product of that map. Stateless and thread-safe.
 */
public final class FourierImage {

    private final MagnitudeSpectrum magnitude;
    private final RealFft2 fft;

    /** A parametrisation of images of the spectrum's channels and size. */
    public FourierImage(MagnitudeSpectrum magnitude) {
        this.magnitude = magnitude;
        this.fft = new RealFft2(magnitude.height(), magnitude.width());
    }

    public int channels() {
        return magnitude.channels();
    }

    public int height() {
        return magnitude.height();
    }

    public int width() {
        return magnitude.width();
    }

    /** Number of phase values, c·h·(w/2+1). */
    public int phaseSize() {
        return magnitude.data().length;
    }

    /** The image (c, h, w) in [0, 1] of {@code phase} (c, h, w/2+1). */
    public float[] render(float[] phase) {
        double[] image = new Pass(phase).preActivation;
        float[] out = new float[image.length];
        for (int i = 0; i < image.length; i++) {
            out[i] = (float) sigmoid(image[i]);
        }
        return out;
    }

    /** ∂L/∂φ (c, h, w/2+1) given ∂L/∂image (c, h, w) at {@code phase}. */
    public float[] backward(float[] phase, float[] imageGradient) {
        int pixels = height() * width();
        if (imageGradient.length != channels() * pixels) {
            throw new IllegalArgumentException("Image gradient of a " + channels() + "x" + height() + "x"
                    + width() + " image needs " + channels() * pixels + " values, got " + imageGradient.length);
        }
        Pass pass = new Pass(phase);
        double[] g = new double[imageGradient.length];
        for (int i = 0; i < g.length; i++) {
            double s = sigmoid(pass.preActivation[i]);
            g[i] = imageGradient[i] * s * (1 - s);
        }
        if (channels() == ColourDecorrelation.CHANNELS) {
            double[] components = new double[g.length];
            ColourDecorrelation.recorrelateTransposed(g, components, pixels);
            g = components;
        }
        double[] spatialGradient = pass.spatial.backward(g);
        double[] phaseGradient = phaseGradient(pass, spatialGradient);
        double[] gradient = pass.phase.backward(phaseGradient);
        float[] out = new float[gradient.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) gradient[i];
        }
        return out;
    }

    /**
     * ∂L/∂φ̃ = Im(conj(X)·G) with X = r·e^{iφ̃} and G = (c_l/(hw))·rfft2(∂L/∂x), the adjoint of
     * irfft2: c_l = 1 on the self-conjugate columns l = 0 and (even w) l = w/2, else 2.
     */
    private double[] phaseGradient(Pass pass, double[] spatialGradient) {
        int h = height();
        int w = width();
        int halfWidth = RealFft2.halfWidth(w);
        int spectrum = h * halfWidth;
        double[] gRe = new double[pass.re.length];
        double[] gIm = new double[pass.im.length];
        for (int c = 0; c < channels(); c++) {
            fft.forward(spatialGradient, c * h * w, gRe, gIm, c * spectrum);
        }
        double[] out = new double[pass.re.length];
        double scale = 1.0 / ((double) h * w);
        for (int i = 0; i < out.length; i++) {
            int l = i % halfWidth;
            boolean selfConjugate = l == 0 || (w % 2 == 0 && l == w / 2);
            double weight = (selfConjugate ? 1 : 2) * scale;
            out[i] = weight * (pass.re[i] * gIm[i] - pass.im[i] * gRe[i]);
        }
        return out;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** The intermediate values of one forward pass. */
    private final class Pass {
        final Standardisation phase;
        final double[] re;
        final double[] im;
        final Standardisation spatial;
        final double[] preActivation;

        Pass(float[] phaseValues) {
            if (phaseValues.length != phaseSize()) {
                throw new IllegalArgumentException("Phase of a " + channels() + "x" + height() + "x"
                        + width() + " image needs " + phaseSize() + " values, got " + phaseValues.length);
            }
            double[] raw = new double[phaseValues.length];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = phaseValues[i];
            }
            phase = Standardisation.of(raw);
            float[] r = magnitude.data();
            re = new double[raw.length];
            im = new double[raw.length];
            double[] angles = phase.values();
            for (int i = 0; i < raw.length; i++) {
                re[i] = r[i] * Math.cos(angles[i]);
                im[i] = r[i] * Math.sin(angles[i]);
            }
            int pixels = height() * width();
            int spectrum = height() * RealFft2.halfWidth(width());
            double[] x = new double[channels() * pixels];
            for (int c = 0; c < channels(); c++) {
                fft.inverse(re, im, c * spectrum, x, c * pixels);
            }
            spatial = Standardisation.of(x);
            if (channels() == ColourDecorrelation.CHANNELS) {
                preActivation = new double[x.length];
                ColourDecorrelation.recorrelate(spatial.values(), preActivation, pixels);
            } else {
                preActivation = spatial.values();
            }
        }
    }
}
