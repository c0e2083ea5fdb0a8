package dev.facet.bench;

import dev.facet.pipeline.scan.ConceptMapBatch;
import dev.facet.pipeline.scan.ConceptMaps;
import dev.facet.spi.tensor.Tensor;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Every concept's value on real images, the value a concept objective with
 * {@code ImageScore.MEAN} gives: the mean of the concept's code over an image's grid cells. Kept per
 * image, so a concept's mean, maximum and firing images over the data set can be read.
 */
public final class RealImageScores {
    private final int images;
    private final int concepts;
    /** (concepts, images): the concept's mean code on each image. */
    private final double[] scores;

    private RealImageScores(int images, int concepts, double[] scores) {
        this.images = images;
        this.concepts = concepts;
        this.scores = scores;
    }

    /** The scores of {@code pixels} (n, c, h, w), preprocessed, in batches of {@code batch} images. */
    public static RealImageScores of(ConceptMaps maps, Tensor pixels, int batch) {
        int n = (int) pixels.dim(0);
        int concepts = maps.concepts();
        double[] scores = new double[concepts * n];
        int size = pixels.size() / n;
        for (int start = 0; start < n; start += batch) {
            int count = Math.min(batch, n - start);
            long[] shape = pixels.shape().clone();
            shape[0] = count;
            Tensor slice = new Tensor(shape, Arrays.copyOfRange(pixels.data(), start * size, (start + count) * size));
            ConceptMapBatch codes = maps.compute(slice);
            for (int i = 0; i < count; i++) {
                int image = start + i;
                double cells = codes.content(i).cells();
                codes.forEachContentEntry(i, (concept, cell, value) -> scores[concept * n + image] += value / cells);
            }
        }
        return new RealImageScores(n, concepts, scores);
    }

    public int images() {
        return images;
    }

    public int concepts() {
        return concepts;
    }

    /** The concept's value on one image. */
    public double score(int concept, int image) {
        return scores[concept * images + image];
    }

    /** The concept's mean value over the images. */
    public double mean(int concept) {
        return Arrays.stream(scores, concept * images, (concept + 1) * images).average().orElse(0);
    }

    /** The concept's largest value on an image. */
    public double max(int concept) {
        return Arrays.stream(scores, concept * images, (concept + 1) * images).max().orElse(0);
    }

    /** The number of images on which the concept fires somewhere (value &gt; 0). */
    public int firing(int concept) {
        return (int) Arrays.stream(scores, concept * images, (concept + 1) * images).filter(v -> v > 0).count();
    }

    /**
     * The {@code count} concepts that fire on the most images, most first (ties by index); concepts that
     * never fire are left out, so fewer may come back. {@code count} 0 asks for every live concept.
     */
    public int[] mostFrequent(int count) {
        return IntStream.range(0, concepts).boxed().filter(c -> firing(c) > 0)
                .sorted((a, b) -> firing(a) != firing(b) ? Integer.compare(firing(b), firing(a)) : Integer.compare(a, b))
                .limit(count == 0 ? concepts : count).mapToInt(Integer::intValue).toArray();
    }
}
