package dev.facet.dictionaries.metrics;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;

/**
 * Matches the atoms of two dictionaries one to one by Hungarian assignment on the cost 1 − cos
 * (docs/algorithms.md#hungarian-matching-and-stability), signed: with non-negative codes an atom and
 * its negation are different concepts.
 *
 * @param assignment for each atom of the first dictionary, its partner in the second
 * @param cosines    the cosine of each matched pair
 */
public record DictionaryMatching(int[] assignment, double[] cosines) {

    /** Matches every atom of {@code reference} (r × d) to a distinct atom of {@code candidate} (c × d), r ≤ c. */
    public static DictionaryMatching match(FloatMatrix reference, FloatMatrix candidate) {
        if (reference.cols() != candidate.cols()) {
            throw new InvalidDataException("Cannot match atoms of width " + reference.cols() + " and "
                    + candidate.cols());
        }
        int r = reference.rows();
        int c = candidate.rows();
        int d = reference.cols();
        double[] cosine = new double[r * c];
        double[] normR = norms(reference);
        double[] normC = norms(candidate);
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                double dot = 0;
                for (int q = 0; q < d; q++) {
                    dot += (double) reference.data()[i * d + q] * candidate.data()[j * d + q];
                }
                cosine[i * c + j] = dot / Math.max(normR[i] * normC[j], 1e-30);
            }
        }
        double[] cost = new double[r * c];
        for (int i = 0; i < cost.length; i++) {
            cost[i] = 1 - cosine[i];
        }
        int[] assignment = Hungarian.assign(cost, r, c);
        double[] matched = new double[r];
        for (int i = 0; i < r; i++) {
            matched[i] = cosine[i * c + assignment[i]];
        }
        return new DictionaryMatching(assignment, matched);
    }

    public double meanCosine() {
        double sum = 0;
        for (double v : cosines) {
            sum += v;
        }
        return cosines.length == 0 ? Double.NaN : sum / cosines.length;
    }

    private static double[] norms(FloatMatrix m) {
        double[] out = new double[m.rows()];
        for (int i = 0; i < m.rows(); i++) {
            double s = 0;
            for (int q = 0; q < m.cols(); q++) {
                double v = m.data()[i * m.cols() + q];
                s += v * v;
            }
            out[i] = Math.sqrt(s);
        }
        return out;
    }
}
