package dev.facet.pipeline.scan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.backbone.GridWindow;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConceptActivityTest {
    private static final RandomMaps MAPS = new RandomMaps(300, 3, 4, 10, 0.2, true, 3);

    private static ConceptActivity stream(RandomMaps maps, int batchSize, int bins) {
        ConceptActivity activity = ConceptActivity.create(maps.concepts, bins);
        maps.batches(batchSize).forEach(activity::accept);
        return activity;
    }

    /** Direct binning of a concept's positive codes into {@code bins} bins over [0, hi). */
    private static long[] directBins(FloatMatrix dense, int concept, double hi, int bins) {
        long[] counts = new long[bins];
        for (int row = 0; row < dense.rows(); row++) {
            float v = dense.get(row, concept);
            if (v > 0) {
                counts[(int) Math.floor(v / hi * bins)]++;
            }
        }
        return counts;
    }

    /** The smallest power of two above the concept's largest code. */
    private static double powerOfTwoAbove(FloatMatrix dense, int concept) {
        double max = 0;
        for (int row = 0; row < dense.rows(); row++) {
            max = Math.max(max, dense.get(row, concept));
        }
        double hi = 1.0 / 1024;
        while (hi <= max) {
            hi *= 2;
        }
        return hi;
    }

    @Test
    void statisticsEqualBruteForce() {
        ConceptActivity activity = stream(MAPS, 13, 32);
        int tokens = MAPS.dense.rows();
        assertEquals(tokens, activity.tokens());
        double[] frequencies = activity.frequencies();
        for (int i = 0; i < MAPS.concepts; i++) {
            long firing = 0;
            double sum = 0;
            double max = 0;
            for (int row = 0; row < tokens; row++) {
                float v = MAPS.dense.get(row, i);
                firing += v > 0 ? 1 : 0;
                sum += v;
                max = Math.max(max, v);
            }
            assertEquals(firing, activity.firing(i), "firing of " + i);
            assertEquals((double) firing / tokens, activity.frequency(i), 1e-15, "frequency of " + i);
            assertEquals(activity.frequency(i), frequencies[i]);
            assertEquals(sum / tokens, activity.meanCode(i), 1e-12, "mean of " + i);
            assertEquals(max, activity.maxCode(i), "max of " + i);
        }
    }

    @Test
    void everyBatchSplitGivesIdenticalStatistics() {
        ConceptActivity whole = stream(MAPS, MAPS.images, 8);
        for (int batchSize : new int[] {1, 7, 64}) {
            ConceptActivity split = stream(MAPS, batchSize, 8);
            for (int i = 0; i < MAPS.concepts; i++) {
                assertEquals(whole.meanCode(i), split.meanCode(i), "mean of " + i + " in batches of " + batchSize);
                assertEquals(whole.maxCode(i), split.maxCode(i));
                assertEquals(whole.firing(i), split.firing(i));
                assertEquals(whole.histogram(i), split.histogram(i), "histogram of " + i + " in batches of " + batchSize);
            }
        }
    }

    @Test
    void histogramsCountEveryFiringCodeInItsBin() {
        for (int bins : new int[] {32, 6}) {
            ConceptActivity activity = stream(MAPS, 50, bins);
            for (int i = 0; i < MAPS.concepts; i++) {
                ConceptActivity.Histogram histogram = activity.histogram(i);
                assertEquals(activity.firing(i), Arrays.stream(histogram.counts()).sum(), "histogram total of " + i);
                assertEquals(0, histogram.lo());
                double hi = powerOfTwoAbove(MAPS.dense, i);
                assertEquals(hi, histogram.hi(), "range of " + i);
                assertArrayEquals(directBins(MAPS.dense, i, hi, bins), histogram.counts(), "bins of " + i);
            }
        }
    }

    @Test
    void rangeDoublesByMergingBinPairs() {
        ConceptActivity activity = ConceptActivity.create(1, 4);
        activity.accept(column(0.3f, 0.1f, 0.45f, 0.2f));
        ConceptActivity.Histogram small = activity.histogram(0);
        assertEquals(0.5, small.hi());
        assertArrayEquals(new long[] {1, 1, 1, 1}, small.counts());
        assertEquals(0.25, small.binStart(2));
        activity.accept(column(3f));
        ConceptActivity.Histogram large = activity.histogram(0);
        assertEquals(4.0, large.hi(), "0.5 doubled three times");
        assertArrayEquals(new long[] {4, 0, 0, 1}, large.counts());
        assertEquals(5, activity.firing(0));
        assertEquals(0, ConceptActivity.create(1).histogram(0).hi(), "no code yet");
        assertEquals(ConceptActivity.DEFAULT_BINS, ConceptActivity.create(1).histogram(0).counts().length);
    }

    @Test
    void zerosAndNegativeCodesCountInMeansButNeverFire() {
        ConceptActivity activity = ConceptActivity.create(1, 4);
        activity.accept(column(-1f, 0f, -3f, 2f));
        assertEquals(4, activity.tokens());
        assertEquals(1, activity.firing(0));
        assertEquals(-0.5, activity.meanCode(0));
        assertEquals(2, activity.maxCode(0));
        ConceptActivity negative = ConceptActivity.create(1, 4);
        negative.accept(column(-1f, -2f));
        assertEquals(-1, negative.maxCode(0), "every token stored and negative");
        negative.accept(column(0f));
        assertEquals(0, negative.maxCode(0), "a token without code counts as 0");
        assertEquals(0, ConceptActivity.create(2).frequency(1), "nothing seen yet");
    }

    @Test
    void energyIsTheMeanCodeTimesTheAtomNorm() {
        ConceptActivity activity = ConceptActivity.create(2, 4);
        activity.accept(new ConceptMapBatch(Codes.fromDense(FloatMatrix.of(new float[][] {{2, -1}, {0, -3}})), 1, 1, 2));
        assertEquals(1.0, activity.meanCode(0));
        assertEquals(-2.0, activity.meanCode(1));
        assertEquals(10.0, activity.energy(1, 5));
        assertArrayEquals(new double[] {5, 2 * Math.sqrt(2)},
                activity.energies(FloatMatrix.of(new float[][] {{3, 4}, {1, 1}})), 1e-12);
        assertThrows(InvalidDataException.class, () -> activity.energies(FloatMatrix.zeros(3, 2)));
    }

    @Test
    void tokensWhollyInPaddingAreNotCounted() {
        // Image 0 of a 2x1 grid was padded below: its row 1 holds no content and a code of 5.
        ConceptMapBatch batch = new ConceptMapBatch(Codes.fromDense(FloatMatrix.of(new float[][] {{2}, {5}, {0}, {1}})),
                2, 2, 1, List.of(new GridWindow(0, 1, 0, 1), GridWindow.whole(2, 1)));
        ConceptActivity activity = ConceptActivity.create(1, 4);
        activity.accept(batch);

        assertEquals(3, activity.tokens());
        assertEquals(2, activity.firing(0));
        assertEquals(1.0, activity.meanCode(0));
        assertEquals(2.0, activity.maxCode(0));
    }

    @Test
    void badSettingsAndCodesAreRefused() {
        assertThrows(ConfigException.class, () -> ConceptActivity.create(0));
        assertThrows(ConfigException.class, () -> ConceptActivity.create(3, 5));
        ConceptActivity activity = ConceptActivity.create(3);
        assertThrows(InvalidDataException.class, () -> activity.accept(MAPS.batch(0, 1)));
        ConceptActivity one = ConceptActivity.create(1);
        assertThrows(InvalidDataException.class, () -> one.accept(column(Float.POSITIVE_INFINITY)));
    }

    /** One image with one concept whose 1×n map holds {@code values}. */
    private static ConceptMapBatch column(float... values) {
        return new ConceptMapBatch(Codes.fromDense(new FloatMatrix(values.length, 1, values.clone())), 1, 1, values.length);
    }

    @Test
    void partsMergeToOnePass() {
        RandomMaps integers = new RandomMaps(120, 3, 4, 10, 0.1, false, 8);
        for (RandomMaps maps : new RandomMaps[] {MAPS, integers}) {
            ConceptActivity whole = stream(maps, maps.images, 8);
            int[] cuts = {0, 1, 2, 3, 50, 50, 97, maps.images};
            ConceptActivity merged = ConceptActivity.create(maps.concepts, 8);
            for (int p = 0; p + 1 < cuts.length; p++) {
                ConceptActivity part = ConceptActivity.create(maps.concepts, 8);
                for (int start = cuts[p]; start < cuts[p + 1]; start += 5) {
                    part.accept(maps.batch(start, Math.min(cuts[p + 1], start + 5)));
                }
                merged.merge(part);
            }
            assertEquals(whole.tokens(), merged.tokens());
            for (int i = 0; i < maps.concepts; i++) {
                assertEquals(whole.firing(i), merged.firing(i));
                assertEquals(whole.maxCode(i), merged.maxCode(i));
                assertEquals(whole.histogram(i), merged.histogram(i), "histogram of " + i);
                assertEquals(whole.meanCode(i), merged.meanCode(i), 1e-12 * Math.abs(whole.meanCode(i)));
            }
        }
    }

    @Test
    void histogramsOfDifferentRangesMergeAtTheWiderRange() {
        ConceptActivity low = ConceptActivity.create(1, 4);
        low.accept(new ConceptMapBatch(Codes.fromDense(FloatMatrix.of(new float[][] {{0.3f}, {0.2f}})), 1, 1, 2));
        ConceptActivity high = ConceptActivity.create(1, 4);
        high.accept(new ConceptMapBatch(Codes.fromDense(FloatMatrix.of(new float[][] {{5f}, {1.5f}})), 1, 1, 2));
        ConceptActivity both = ConceptActivity.create(1, 4);
        both.accept(new ConceptMapBatch(Codes.fromDense(FloatMatrix.of(new float[][] {{0.3f}, {0.2f}, {5f}, {1.5f}})),
                2, 1, 2));
        low.merge(high);
        assertEquals(both.histogram(0), low.histogram(0));
        assertEquals(8.0, low.histogram(0).hi());
        assertThrows(InvalidDataException.class, () -> low.merge(ConceptActivity.create(1, 6)));
    }
}
