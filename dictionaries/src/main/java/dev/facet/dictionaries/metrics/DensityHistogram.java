package dev.facet.dictionaries.metrics;

import dev.facet.spi.InvalidDataException;

/**
 * Histogram of log₁₀(firing density) over the concepts that fire (docs/algorithms.md#code-statistics;
 * the plot of Bricken et al. 2023), with the dead concepts (density 0, log −∞) counted apart. Bin
 * {@code i} holds the concepts with {@code edges[i] ≤ log₁₀ density < edges[i + 1]}, the last bin
 * closed.
 *
 * @param edges  bin edges in log₁₀ units, ascending, one more than {@code counts}
 * @param counts concepts per bin
 * @param dead   concepts that never fired
 */
public record DensityHistogram(double[] edges, long[] counts, long dead) {

    public DensityHistogram {
        if (edges.length != counts.length + 1) {
            throw new InvalidDataException("A histogram of " + counts.length + " bins needs " + (counts.length + 1)
                    + " edges, found " + edges.length);
        }
    }

    /**
     * Bins of {@code binWidth} decades from the floor of the smallest positive log₁₀ density (a
     * multiple of {@code binWidth}) up to 0 (density 1).
     */
    public static DensityHistogram of(double[] density, double binWidth) {
        if (!(binWidth > 0)) {
            throw new InvalidDataException("Histogram bin width must be > 0, found " + binWidth);
        }
        double min = 0;
        long dead = 0;
        for (double p : density) {
            if (!(p >= 0 && p <= 1)) {
                throw new InvalidDataException("Firing densities must lie in [0, 1], found " + p);
            }
            if (p == 0) {
                dead++;
            } else {
                min = Math.min(min, Math.log10(p));
            }
        }
        int bins = Math.max(1, (int) Math.ceil(-Math.floor(min / binWidth) - 1e-9));
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            edges[i] = -binWidth * (bins - i) + 0.0; // + 0.0 turns the last edge -0.0 into 0.0
        }
        long[] counts = new long[bins];
        for (double p : density) {
            if (p > 0) {
                int bin = (int) Math.floor((Math.log10(p) - edges[0]) / binWidth);
                counts[Math.max(0, Math.min(bins - 1, bin))]++;
            }
        }
        return new DensityHistogram(edges, counts, dead);
    }
}
