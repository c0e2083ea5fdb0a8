package dev.facet.visualization.maco;

/**
 * The colour decorrelation of Lucid and Xplique (Olah et al. 2017; Fel et al. 2023): a 3×3 matrix M,
 * the square root of natural images' RGB covariance (from its SVD) normalised by its largest column
 * norm. Rows are decorrelated components, columns R, G, B; a pixel's row vector t of components maps
 * to colour as rgb = t·M, so component 0 is luminance (docs/algorithms.md#colour-decorrelation).
 *
 * <p>All methods work on planar images: channel k of {@code pixels} values at {@code k·pixels}.
 */
public final class ColourDecorrelation {

    /** Number of colour channels the matrix acts on. */
    public static final int CHANNELS = 3;

    private static final double[][] MATRIX = {
        {0.5628, 0.5845, 0.5845},
        {0.1948, 0.0, -0.1948},
        {0.0433, -0.1082, 0.0649},
    };
    private static final double[][] INVERSE = invert(MATRIX);

    private ColourDecorrelation() {
    }

    /** M[component][channel]. */
    public static double entry(int component, int channel) {
        return MATRIX[component][channel];
    }

    /** rgb = t·M: rgb_c = Σ_k t_k·M[k][c]. */
    public static void recorrelate(double[] components, double[] rgb, int pixels) {
        multiply(components, rgb, pixels, MATRIX, false);
    }

    /** The adjoint of {@link #recorrelate}: g_t = g_rgb·Mᵀ, g_t[k] = Σ_c M[k][c]·g_rgb[c]. */
    public static void recorrelateTransposed(double[] rgbGradient, double[] componentGradient, int pixels) {
        multiply(rgbGradient, componentGradient, pixels, MATRIX, true);
    }

    /** The inverse of {@link #recorrelate}: t = rgb·M⁻¹. */
    public static void decorrelate(double[] rgb, double[] components, int pixels) {
        multiply(rgb, components, pixels, INVERSE, false);
    }

    /** out = in·A (row vectors) or, transposed, out = in·Aᵀ. {@code in} and {@code out} must differ. */
    private static void multiply(double[] in, double[] out, int pixels, double[][] a, boolean transposed) {
        if (in.length < CHANNELS * pixels || out.length < CHANNELS * pixels) {
            throw new IllegalArgumentException("Colour images of " + pixels + " pixels need "
                    + CHANNELS * pixels + " values, got " + in.length + " and " + out.length);
        }
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < CHANNELS; c++) {
                double sum = 0;
                for (int k = 0; k < CHANNELS; k++) {
                    sum += in[k * pixels + p] * (transposed ? a[c][k] : a[k][c]);
                }
                out[c * pixels + p] = sum;
            }
        }
    }

    private static double[][] invert(double[][] m) {
        double a = m[0][0], b = m[0][1], c = m[0][2];
        double d = m[1][0], e = m[1][1], f = m[1][2];
        double g = m[2][0], h = m[2][1], i = m[2][2];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        return new double[][] {
            {(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det},
            {(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det},
            {(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det},
        };
    }
}
