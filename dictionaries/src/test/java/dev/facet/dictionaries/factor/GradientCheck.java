package dev.facet.dictionaries.factor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.dictionary.DifferentiableDictionary;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Checks {@link DifferentiableDictionary#encodeGradient} against a central finite difference of
 * f(x) = sum(encode(x) ⊙ w) entry by entry. Sparse codes are piecewise smooth: an entry whose ±h
 * perturbation changes the support of the codes it can reach (its row, or its image's rows when the
 * encoder mixes {@code block} rows), or whose two one-sided differences disagree (a change of the
 * selection order of matching pursuit keeps the support but jumps), straddles a boundary where the
 * derivative is not defined, so it is skipped; the check requires that most entries were compared.
 */
public final class GradientCheck {

    private GradientCheck() {
    }

    /** Rows of standard normal values scaled by {@code scale}, shifted by {@code shift}. */
    public static FloatMatrix gaussian(int rows, int cols, double scale, double shift, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] data = new float[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (shift + scale * random.nextGaussian());
        }
        return new FloatMatrix(rows, cols, data);
    }

    /**
     * Compares the gradient with the finite difference at every entry of {@code x}.
     *
     * @param block     rows whose codes one row's perturbation can change (1, or the tokens of an image)
     * @param h         the finite-difference step
     * @param tolerance allowed |difference| relative to the largest gradient entry
     * @return the number of entries compared
     */
    public static int check(DifferentiableDictionary dictionary, FloatMatrix x, FloatMatrix upstream, int block,
                            double h, double tolerance, String what) {
        FloatMatrix gradient = dictionary.encodeGradient(x, upstream);
        assertEquals(x.rows(), gradient.rows(), what + ": gradient rows");
        assertEquals(x.cols(), gradient.cols(), what + ": gradient columns");
        double largest = 0;
        for (float v : gradient.data()) {
            assertTrue(Float.isFinite(v), what + ": finite gradient");
            largest = Math.max(largest, Math.abs(v));
        }
        assertTrue(largest > 0, what + ": a non-zero gradient");
        Codes base = dictionary.encode(x);
        double centre = weighted(base, upstream);
        int compared = 0;
        for (int row = 0; row < x.rows(); row++) {
            int first = row - row % block;
            for (int col = 0; col < x.cols(); col++) {
                FloatMatrix up = shifted(x, row, col, h);
                FloatMatrix down = shifted(x, row, col, -h);
                Codes plus = dictionary.encode(up);
                Codes minus = dictionary.encode(down);
                if (!sameSupport(base, plus, first, block) || !sameSupport(base, minus, first, block)) {
                    continue;
                }
                double above = (weighted(plus, upstream) - centre) / ((double) up.get(row, col) - x.get(row, col));
                double below = (centre - weighted(minus, upstream)) / ((double) x.get(row, col) - down.get(row, col));
                if (Math.abs(above - below) > tolerance * largest) {
                    continue;
                }
                double difference = (above + below) / 2;
                assertEquals(difference, gradient.get(row, col), tolerance * largest,
                        what + ": d f / d x[" + row + ", " + col + "]");
                compared++;
            }
        }
        assertTrue(compared >= x.rows() * x.cols() / 2, what + ": only " + compared + " of " + x.rows() * x.cols()
                + " entries away from a support boundary");
        return compared;
    }

    private static FloatMatrix shifted(FloatMatrix x, int row, int col, double h) {
        float[] data = x.data().clone();
        data[row * x.cols() + col] += (float) h;
        return new FloatMatrix(x.rows(), x.cols(), data);
    }

    private static boolean sameSupport(Codes a, Codes b, int first, int block) {
        for (int row = first; row < first + block; row++) {
            int[] left = a.indices(row).clone();
            int[] right = b.indices(row).clone();
            Arrays.sort(left);
            Arrays.sort(right);
            if (!Arrays.equals(left, right)) {
                return false;
            }
        }
        return true;
    }

    private static double weighted(Codes codes, FloatMatrix upstream) {
        double sum = 0;
        for (int row = 0; row < codes.rows(); row++) {
            int[] indices = codes.indices(row);
            float[] values = codes.values(row);
            for (int j = 0; j < indices.length; j++) {
                sum += (double) values[j] * upstream.get(row, indices[j]);
            }
        }
        return sum;
    }
}
