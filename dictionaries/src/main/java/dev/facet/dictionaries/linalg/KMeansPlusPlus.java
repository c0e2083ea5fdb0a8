package dev.facet.dictionaries.linalg;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * k-means++ seeding (Arthur and Vassilvitskii 2007, "k-means++: the advantages of careful
 * seeding"): the first centre is a row drawn uniformly, each next one a row drawn with probability
 * ∝ D(x)², its squared distance (in double) to the nearest centre chosen so far. When every row
 * coincides with a chosen centre (D² all 0) the next centre is drawn uniformly. Deterministic for
 * the state of the random source: one {@code nextInt} for the first centre, then one
 * {@code nextDouble} (or {@code nextInt} in the all-zero case) per further centre. The seeding of
 * k-means and of the Lloyd initialisation of Semi-NMF and Convex-NMF.
 */
public final class KMeansPlusPlus {

    private KMeansPlusPlus() {
    }

    /**
     * {@code c} centres (c × d) chosen among the rows of {@code x} (n × d).
     *
     * @throws InvalidDataException when {@code x} has no rows or {@code c} is not positive
     */
    public static FloatMatrix seed(FloatMatrix x, int c, SplittableRandom random) {
        int n = x.rows();
        int d = x.cols();
        if (n < 1 || c < 1) {
            throw new InvalidDataException("k-means++ needs at least one row and one centre, found " + n
                    + " rows and " + c + " centres");
        }
        float[] xd = x.data();
        float[] centres = new float[c * d];
        System.arraycopy(xd, random.nextInt(n) * d, centres, 0, d);
        double[] nearest = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> nearest[i] = Matrices.squaredDistance(xd, i * d, centres, 0, d));
        for (int k = 1; k < c; k++) {
            double total = 0;
            for (double v : nearest) {
                total += v;
            }
            int chosen;
            if (total <= 0) {
                chosen = random.nextInt(n);
            } else {
                double target = random.nextDouble() * total;
                chosen = n - 1;
                double running = 0;
                for (int i = 0; i < n; i++) {
                    running += nearest[i];
                    if (running > target) {
                        chosen = i;
                        break;
                    }
                }
            }
            System.arraycopy(xd, chosen * d, centres, k * d, d);
            int centre = k * d;
            IntStream.range(0, n).parallel().forEach(i ->
                    nearest[i] = Math.min(nearest[i], Matrices.squaredDistance(xd, i * d, centres, centre, d)));
        }
        return new FloatMatrix(c, d, centres);
    }
}
