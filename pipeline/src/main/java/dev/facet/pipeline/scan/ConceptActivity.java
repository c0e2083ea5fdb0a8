package dev.facet.pipeline.scan;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Per-concept statistics over every grid token of a stream of {@link ConceptMapBatch}es (tokens wholly
 * in padding left out, as the activation store leaves them out): how often
 * each concept fires (code &gt; 0), its mean and largest code, the energy of its codes
 * (docs/algorithms.md#code-statistics: ‖mean(zᵢ)·Dᵢ‖₂) and a histogram of its positive codes.
 *
 * <p>Means are sums in double precision over tokens in stream order, so every statistic, the
 * histograms included, is the same however the tokens are split into batches. Before any token
 * is seen, frequencies, means and maxima are 0. Memory is O(concepts·bins); work per batch is
 * proportional to its stored codes.
 *
 * <p>The statistics of consecutive parts of a stream {@link #merge} into those of the whole stream:
 * counts, maxima and histograms exactly, sums added part by part. Serializable, so a worker can send
 * the statistics of its part.
 *
 * <p>Not thread-safe.
 */
public final class ConceptActivity implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Bins of each histogram unless set otherwise. */
    public static final int DEFAULT_BINS = 32;

    /**
     * Counts of a concept's positive codes in {@code bins} equal half-open bins
     * [j·(hi − lo)/bins, (j + 1)·(hi − lo)/bins) over [lo, hi).
     *
     * @param lo     0
     * @param hi     the smallest power of two above every positive code seen; 0 when none was
     * @param counts codes per bin; they sum to the concept's firing count
     */
    public record Histogram(double lo, double hi, long[] counts) {

        public Histogram {
            counts = counts.clone();
        }

        @Override
        public long[] counts() {
            return counts.clone();
        }

        /** Lower edge of bin {@code j}. */
        public double binStart(int j) {
            return lo + (hi - lo) * j / counts.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Histogram h && lo == h.lo && hi == h.hi && Arrays.equals(counts, h.counts);
        }

        @Override
        public int hashCode() {
            return Double.hashCode(hi) * 31 + Arrays.hashCode(counts);
        }

        @Override
        public String toString() {
            return "Histogram[" + lo + ", " + hi + ") " + Arrays.toString(counts);
        }
    }

    private final int concepts;
    private final int bins;
    private long tokens;
    private final long[] firing;
    private final long[] stored;
    private final double[] sum;
    private final float[] maxStored;
    private final double[] histogramHi;
    private final long[] histogramCounts;

    private ConceptActivity(int concepts, int bins) {
        this.concepts = concepts;
        this.bins = bins;
        this.firing = new long[concepts];
        this.stored = new long[concepts];
        this.sum = new double[concepts];
        this.maxStored = new float[concepts];
        Arrays.fill(maxStored, Float.NEGATIVE_INFINITY);
        this.histogramHi = new double[concepts];
        this.histogramCounts = new long[concepts * bins];
    }

    /** Statistics of {@code concepts} concepts with {@value #DEFAULT_BINS}-bin histograms. */
    public static ConceptActivity create(int concepts) {
        return create(concepts, DEFAULT_BINS);
    }

    /**
     * Statistics of {@code concepts} concepts with histograms of {@code bins} bins.
     *
     * @param bins even (ranges double by merging bin pairs), in [2, 65536]
     */
    public static ConceptActivity create(int concepts, int bins) {
        if (concepts < 1) {
            throw ConfigException.outOfRange("concept activity concepts", concepts, ">= 1");
        }
        if (bins < 2 || bins > 65536 || bins % 2 != 0) {
            throw ConfigException.outOfRange("histogram bins", bins, "even, in [2, 65536]");
        }
        if ((long) concepts * bins > Integer.MAX_VALUE - 8) {
            throw ConfigException.outOfRange("concepts x histogram bins", (long) concepts * bins,
                    "<= " + (Integer.MAX_VALUE - 8));
        }
        return new ConceptActivity(concepts, bins);
    }

    /** Adds every grid token of a batch that holds content (cells wholly in padding are left out). */
    public void accept(ConceptMapBatch batch) {
        if (batch.concepts() != concepts) {
            throw new InvalidDataException("Concept activity tracks " + concepts + " concepts, but the batch has "
                    + batch.concepts());
        }
        for (int image = 0; image < batch.images(); image++) {
            batch.forEachContentEntry(image, (concept, cell, value) -> add(concept, value));
            tokens += batch.content(image).cells();
        }
    }

    private void add(int concept, float value) {
        if (!Float.isFinite(value)) {
            throw new InvalidDataException("Code of concept " + concept + " is " + value + "; expected finite codes");
        }
        stored[concept]++;
        sum[concept] += value;
        maxStored[concept] = Math.max(maxStored[concept], value);
        if (value > 0) {
            firing[concept]++;
            addToHistogram(concept, value);
        }
    }

    private void addToHistogram(int concept, float value) {
        int base = concept * bins;
        if (histogramHi[concept] == 0) {
            histogramHi[concept] = nextPowerOfTwoAbove(value);
        }
        while (value >= histogramHi[concept]) {
            doubleRange(histogramCounts, base, bins);
            histogramHi[concept] *= 2;
        }
        // value·bins is exact in double (24-bit mantissa times < 2^17) and hi is a power of two,
        // so the bin is exact and merging pairs equals binning afresh at the doubled range
        int bin = (int) ((double) value * bins / histogramHi[concept]);
        histogramCounts[base + bin]++;
    }

    /** Rebins {@code bins} counts from {@code base} to a range twice as wide, merging bin pairs. */
    private static void doubleRange(long[] counts, int base, int bins) {
        for (int j = 0; j < bins / 2; j++) {
            counts[base + j] = counts[base + 2 * j] + counts[base + 2 * j + 1];
        }
        Arrays.fill(counts, base + bins / 2, base + bins, 0);
    }

    /**
     * Adds the statistics of another part of the stream, as if its tokens followed the tokens seen here.
     * Histograms merge at the wider of the two ranges (the narrower one's bin pairs merged as
     * {@link #accept} merges them), so they equal those of one pass.
     *
     * @throws InvalidDataException when {@code other} tracks another number of concepts or bins
     */
    public void merge(ConceptActivity other) {
        if (other.concepts != concepts || other.bins != bins) {
            throw new InvalidDataException("Cannot merge the activity of " + other.concepts + " concepts (" + other.bins
                    + " bins) into the activity of " + concepts + " concepts (" + bins + " bins)");
        }
        tokens += other.tokens;
        for (int i = 0; i < concepts; i++) {
            firing[i] += other.firing[i];
            stored[i] += other.stored[i];
            sum[i] += other.sum[i];
            maxStored[i] = Math.max(maxStored[i], other.maxStored[i]);
            mergeHistogram(i, other);
        }
    }

    private void mergeHistogram(int concept, ConceptActivity other) {
        double theirHi = other.histogramHi[concept];
        if (theirHi == 0) {
            return;
        }
        int base = concept * bins;
        long[] theirs = Arrays.copyOfRange(other.histogramCounts, base, base + bins);
        if (histogramHi[concept] == 0) {
            histogramHi[concept] = theirHi;
        }
        while (histogramHi[concept] < theirHi) {
            doubleRange(histogramCounts, base, bins);
            histogramHi[concept] *= 2;
        }
        while (theirHi < histogramHi[concept]) {
            doubleRange(theirs, 0, bins);
            theirHi *= 2;
        }
        for (int j = 0; j < bins; j++) {
            histogramCounts[base + j] += theirs[j];
        }
    }

    /** The smallest power of two strictly above a positive finite value (for normal values). */
    private static double nextPowerOfTwoAbove(float value) {
        return Math.scalb(1.0, Math.getExponent((double) value) + 1);
    }

    public int concepts() {
        return concepts;
    }

    /** Bins of each histogram. */
    public int bins() {
        return bins;
    }

    /** Grid tokens seen (content tokens only). */
    public long tokens() {
        return tokens;
    }

    /** Tokens where concept {@code i} has a code &gt; 0. */
    public long firing(int i) {
        check(i);
        return firing[i];
    }

    /** {@link #firing}/{@link #tokens}: the concept's firing density; 0 for a dead concept. */
    public double frequency(int i) {
        check(i);
        return tokens == 0 ? 0 : (double) firing[i] / tokens;
    }

    /** The frequency of every concept. */
    public double[] frequencies() {
        double[] out = new double[concepts];
        for (int i = 0; i < concepts; i++) {
            out[i] = frequency(i);
        }
        return out;
    }

    /** Mean code of concept {@code i} over all tokens, zeros included. */
    public double meanCode(int i) {
        check(i);
        return tokens == 0 ? 0 : sum[i] / tokens;
    }

    /** Largest code of concept {@code i} over all tokens; tokens without a stored code count as 0. */
    public double maxCode(int i) {
        check(i);
        if (tokens == 0) {
            return 0;
        }
        return stored[i] < tokens ? Math.max(0, maxStored[i]) : maxStored[i];
    }

    /** Energy of concept {@code i}: |mean code|·‖Dᵢ‖₂ with {@code atomNorm} = ‖Dᵢ‖₂. */
    public double energy(int i, double atomNorm) {
        if (!(atomNorm >= 0) || Double.isInfinite(atomNorm)) {
            throw new InvalidDataException("Atom norm of concept " + i + " must be finite and >= 0, found " + atomNorm);
        }
        return Math.abs(meanCode(i)) * atomNorm;
    }

    /** The energy of every concept given the dictionary's atoms (concepts × d, one per row). */
    public double[] energies(FloatMatrix atoms) {
        if (atoms.rows() != concepts) {
            throw new InvalidDataException("Energies need one atom per concept: expected " + concepts + " rows, found "
                    + atoms.rows());
        }
        double[] out = new double[concepts];
        float[] data = atoms.data();
        for (int i = 0; i < concepts; i++) {
            double squares = 0;
            for (int q = i * atoms.cols(); q < (i + 1) * atoms.cols(); q++) {
                squares += (double) data[q] * data[q];
            }
            out[i] = energy(i, Math.sqrt(squares));
        }
        return out;
    }

    /** Histogram of concept {@code i}'s positive codes (a copy). */
    public Histogram histogram(int i) {
        check(i);
        return new Histogram(0, histogramHi[i], Arrays.copyOfRange(histogramCounts, i * bins, (i + 1) * bins));
    }

    private void check(int i) {
        if (i < 0 || i >= concepts) {
            throw new InvalidDataException("Concept " + i + " is outside [0, " + concepts + ")");
        }
    }
}
