package dev.facet.pipeline.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.backbone.GridWindow;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopImagesTest {
    private static final RandomMaps MAPS = new RandomMaps(500, 3, 4, 12, 0.15, false, 11);

    private static TopImages stream(RandomMaps maps, int batchSize, int k, ImageScore score) {
        TopImages top = TopImages.builder().setConcepts(maps.concepts).setK(k).optScore(score).build();
        long first = 0;
        for (ConceptMapBatch batch : maps.batches(batchSize)) {
            top.accept(batch, first);
            first += batch.images();
        }
        return top;
    }

    private static double score(RandomMaps maps, int image, int concept, ImageScore score) {
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int cell = 0; cell < maps.cells(); cell++) {
            sum += maps.code(image, concept, cell);
            max = Math.max(max, maps.code(image, concept, cell));
        }
        return score == ImageScore.MEAN ? sum / maps.cells() : max;
    }

    /** Every image with a positive score, sorted by score descending then index, cut at k. */
    private static List<TopImages.Entry> bruteForce(RandomMaps maps, int concept, int k, ImageScore score) {
        return IntStream.range(0, maps.images)
                .mapToObj(image -> new TopImages.Entry(image, score(maps, image, concept, score), maps.map(image, concept)))
                .filter(entry -> entry.score() > 0)
                .sorted(Comparator.comparingDouble(TopImages.Entry::score).reversed()
                        .thenComparingLong(TopImages.Entry::image))
                .limit(k).toList();
    }

    private static void assertEqualsBruteForce(RandomMaps maps, TopImages top, int k, ImageScore score, String what) {
        for (int concept = 0; concept < maps.concepts; concept++) {
            assertEquals(bruteForce(maps, concept, k, score), top.top(concept), what + ", concept " + concept);
        }
    }

    @Test
    void everyBatchSplitGivesTheBruteForceRanking() {
        for (ImageScore score : ImageScore.values()) {
            for (int batchSize : new int[] {1, 7, 64, 500}) {
                assertEqualsBruteForce(MAPS, stream(MAPS, batchSize, 6, score), 6, score,
                        score + " in batches of " + batchSize);
            }
        }
    }

    @Test
    void integerCodesTieAndTiesGoToTheLowerImage() {
        TopImages top = stream(MAPS, 64, 20, ImageScore.MAX);
        List<TopImages.Entry> entries = top.top(0);
        assertEquals(20, entries.size());
        boolean tied = false;
        for (int r = 1; r < entries.size(); r++) {
            TopImages.Entry previous = entries.get(r - 1);
            TopImages.Entry entry = entries.get(r);
            assertTrue(previous.score() > entry.score()
                    || previous.score() == entry.score() && previous.image() < entry.image(), "order at rank " + r);
            tied |= previous.score() == entry.score();
        }
        assertTrue(tied, "the test data should hold ties");
    }

    @Test
    void meanAndMaxRankDifferently() {
        RandomMaps continuous = new RandomMaps(200, 2, 3, 4, 0.3, true, 5);
        TopImages mean = stream(continuous, 17, 5, ImageScore.MEAN);
        TopImages max = stream(continuous, 17, 5, ImageScore.MAX);
        assertEqualsBruteForce(continuous, mean, 5, ImageScore.MEAN, "mean");
        assertEqualsBruteForce(continuous, max, 5, ImageScore.MAX, "max");
        TopImages.Entry best = max.top(0).get(0);
        assertEquals(score(continuous, (int) best.image(), 0, ImageScore.MAX), best.score());
        boolean differ = IntStream.range(0, continuous.concepts).anyMatch(concept ->
                !mean.top(concept).stream().map(TopImages.Entry::image).toList()
                        .equals(max.top(concept).stream().map(TopImages.Entry::image).toList()));
        assertTrue(differ, "mean and max should rank some concept differently");
        assertEquals(ImageScore.MEAN, TopImages.builder().setConcepts(1).setK(1).build().score());
    }

    @Test
    void kAboveTheFiringImagesKeepsOnlyFiringImages() {
        int concept = MAPS.concepts - 1;
        long firing = IntStream.range(0, MAPS.images).filter(image -> score(MAPS, image, concept, ImageScore.MAX) > 0).count();
        assertTrue(firing > 0 && firing < 100, "rare concept fires on " + firing + " images");
        TopImages top = stream(MAPS, 7, 1000, ImageScore.MEAN);
        assertEquals(firing, top.top(concept).size());
        assertEqualsBruteForce(MAPS, top, 1000, ImageScore.MEAN, "k = 1000");
    }

    @Test
    void entryMapsAreTheBatchMapsAndImagesAreOffset() {
        TopImages top = TopImages.builder().setConcepts(MAPS.concepts).setK(3).build();
        ConceptMapBatch batch = MAPS.batch(40, 90);
        top.accept(batch, 1000);
        for (int concept = 0; concept < MAPS.concepts; concept++) {
            for (TopImages.Entry entry : top.top(concept)) {
                assertTrue(entry.image() >= 1000 && entry.image() < 1050, "image index " + entry.image());
                assertEquals(batch.map((int) (entry.image() - 1000), concept), entry.map());
            }
        }
    }

    @Test
    void negativeScoresAreNotEntries() {
        FloatMatrix dense = FloatMatrix.of(new float[][] {{-2, 1}, {1, 0}, {-1, 0}, {-1, 0}, {0, 3}, {0, 0}});
        TopImages top = TopImages.builder().setConcepts(2).setK(5).build();
        top.accept(new ConceptMapBatch(Codes.fromDense(dense), 3, 1, 2), 0);
        List<TopImages.Entry> entries = top.top(0);
        assertEquals(List.of(), entries, "concept 0 has means -0.5 and -1 on images 0 and 1, nothing on image 2");
        assertEquals(List.of(2L, 0L), top.top(1).stream().map(TopImages.Entry::image).toList());
        assertEquals(new FloatMatrix(1, 2, new float[] {3, 0}), top.top(1).get(0).map());
    }

    @Test
    void cellsWhollyInPaddingAreLeftOutOfScoresAndMaps() {
        // Two images of a 1x3 grid; image 0 was padded, its column 2 holds no content.
        FloatMatrix dense = FloatMatrix.of(new float[][] {{1, 0}, {2, 0}, {0, 9}, {3, 0}, {0, 0}, {0, 1}});
        ConceptMapBatch batch = new ConceptMapBatch(Codes.fromDense(dense), 2, 1, 3,
                List.of(new GridWindow(0, 1, 0, 2), GridWindow.whole(1, 3)));
        for (ImageScore score : ImageScore.values()) {
            TopImages top = TopImages.builder().setConcepts(2).setK(5).optScore(score).build();
            top.accept(batch, 0);
            // Image 0: mean (1 + 2) / 2 over its two content cells, max 2; image 1: mean 3 / 3, max 3.
            TopImages.Entry padded = top.top(0).stream().filter(e -> e.image() == 0).findFirst().orElseThrow();
            assertEquals(score == ImageScore.MEAN ? 1.5 : 2, padded.score(), score.toString());
            assertEquals(score == ImageScore.MEAN ? 0L : 1L, top.top(0).get(0).image(), score.toString());
            assertEquals(new FloatMatrix(1, 3, new float[] {1, 2, 0}), padded.map());
            assertEquals(List.of(1L), top.top(1).stream().map(TopImages.Entry::image).toList(),
                    "the padding code 9 of image 0 never counts");
        }
    }

    @Test
    void badSettingsAndBatchesAreRefused() {
        assertThrows(ConfigException.class, () -> TopImages.builder().setConcepts(0).setK(1).build());
        assertThrows(ConfigException.class, () -> TopImages.builder().setConcepts(3).setK(0).build());
        TopImages top = TopImages.builder().setConcepts(3).setK(2).build();
        InvalidDataException wrong = assertThrows(InvalidDataException.class, () -> top.accept(MAPS.batch(0, 2), 0));
        assertTrue(wrong.getMessage().contains("3 concepts") && wrong.getMessage().contains("12"), wrong.getMessage());
        assertThrows(InvalidDataException.class, () -> top.top(3));
    }

    @Test
    void partsMergedInAnyNumberingEqualOnePass() {
        int[] cuts = {0, 1, 2, 90, 90, 333, 499, MAPS.images};
        for (ImageScore score : ImageScore.values()) {
            TopImages merged = TopImages.builder().setConcepts(MAPS.concepts).setK(6).optScore(score).build();
            for (int p = 0; p + 1 < cuts.length; p++) {
                int from = cuts[p];
                TopImages part = TopImages.builder().setConcepts(MAPS.concepts).setK(6).optScore(score).build();
                for (int start = from; start < cuts[p + 1]; start += 9) {
                    part.accept(MAPS.batch(start, Math.min(cuts[p + 1], start + 9)), start - from);
                }
                // the part numbers its images from 0; the snapshot carries them as even "source" indices
                TopImages.Snapshot snapshot = part.snapshot(i -> 2 * (i + from));
                merged.merge(snapshot, source -> source / 2);
            }
            assertEqualsBruteForce(MAPS, merged, 6, score, score + " merged from parts");
        }
    }

    @Test
    void mergeRefusesOtherSettings() {
        TopImages top = TopImages.builder().setConcepts(MAPS.concepts).setK(6).build();
        TopImages otherK = TopImages.builder().setConcepts(MAPS.concepts).setK(5).build();
        TopImages otherScore = TopImages.builder().setConcepts(MAPS.concepts).setK(6).optScore(ImageScore.MAX).build();
        assertThrows(InvalidDataException.class, () -> top.merge(otherK.snapshot(i -> i), i -> i));
        assertThrows(InvalidDataException.class, () -> top.merge(otherScore.snapshot(i -> i), i -> i));
    }
}
