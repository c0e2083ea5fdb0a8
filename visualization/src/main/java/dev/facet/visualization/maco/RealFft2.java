package dev.facet.visualization.maco;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * NumPy's two-dimensional real FFTs for an h × w image of any size, odd or even
 * (docs/algorithms.md#maco-parametrisation). A half spectrum is (h, w/2+1) complex values, held as
 * separate row-major real and imaginary arrays.
 *
 * <ul>
 *   <li>{@link #forward}: {@code numpy.fft.rfft2}, unnormalised, G[k,l] = Σ g[n,m]·e^{−2πi(kn/h + lm/w)}.
 *   <li>{@link #inverse}: {@code numpy.fft.irfft2(X, s=(h, w))}: an inverse complex FFT over rows,
 *       then a complex-to-real FFT over columns that ignores the imaginary parts of the
 *       self-conjugate columns (l = 0 and, for even w, l = w/2), scaled by 1/(hw).
 * </ul>
 */
final class RealFft2 {

    private final int height;
    private final int width;
    private final int halfWidth;
    private final DoubleFFT_1D rowFft;
    private final DoubleFFT_1D columnFft;

    RealFft2(int height, int width) {
        this.height = height;
        this.width = width;
        this.halfWidth = width / 2 + 1;
        this.rowFft = new DoubleFFT_1D(width);
        this.columnFft = new DoubleFFT_1D(height);
    }

    static int halfWidth(int width) {
        return width / 2 + 1;
    }

    /** The half spectrum of {@code image[offset ..]} (h·w values) into {@code re}, {@code im} at {@code specOffset}. */
    void forward(double[] image, int offset, double[] re, double[] im, int specOffset) {
        double[] row = new double[2 * width];
        for (int n = 0; n < height; n++) {
            for (int m = 0; m < width; m++) {
                row[2 * m] = image[offset + n * width + m];
                row[2 * m + 1] = 0;
            }
            rowFft.complexForward(row);
            for (int l = 0; l < halfWidth; l++) {
                re[specOffset + n * halfWidth + l] = row[2 * l];
                im[specOffset + n * halfWidth + l] = row[2 * l + 1];
            }
        }
        double[] column = new double[2 * height];
        for (int l = 0; l < halfWidth; l++) {
            gatherColumn(re, im, specOffset, l, column);
            columnFft.complexForward(column);
            scatterColumn(column, re, im, specOffset, l);
        }
    }

    /** The real image (h·w values, into {@code image} at {@code offset}) of a half spectrum. */
    void inverse(double[] re, double[] im, int specOffset, double[] image, int offset) {
        double[] rowsRe = new double[height * halfWidth];
        double[] rowsIm = new double[height * halfWidth];
        double[] column = new double[2 * height];
        for (int l = 0; l < halfWidth; l++) {
            gatherColumn(re, im, specOffset, l, column);
            columnFft.complexInverse(column, false);
            scatterColumn(column, rowsRe, rowsIm, 0, l);
        }
        double[] row = new double[2 * width];
        double scale = 1.0 / ((double) height * width);
        for (int n = 0; n < height; n++) {
            int base = n * halfWidth;
            for (int l = 0; l < halfWidth; l++) {
                row[2 * l] = rowsRe[base + l];
                row[2 * l + 1] = rowsIm[base + l];
            }
            row[1] = 0;
            if (width % 2 == 0) {
                row[2 * (width / 2) + 1] = 0;
            }
            for (int l = halfWidth; l < width; l++) {
                row[2 * l] = rowsRe[base + width - l];
                row[2 * l + 1] = -rowsIm[base + width - l];
            }
            rowFft.complexInverse(row, false);
            for (int m = 0; m < width; m++) {
                image[offset + n * width + m] = row[2 * m] * scale;
            }
        }
    }

    private void gatherColumn(double[] re, double[] im, int specOffset, int l, double[] column) {
        for (int k = 0; k < height; k++) {
            column[2 * k] = re[specOffset + k * halfWidth + l];
            column[2 * k + 1] = im[specOffset + k * halfWidth + l];
        }
    }

    private void scatterColumn(double[] column, double[] re, double[] im, int specOffset, int l) {
        for (int k = 0; k < height; k++) {
            re[specOffset + k * halfWidth + l] = column[2 * k];
            im[specOffset + k * halfWidth + l] = column[2 * k + 1];
        }
    }
}
