package dev.facet.pipeline.importance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The importance of every concept for one class: each explained image's scores and their mean, the
 * global importance (docs/algorithms.md#concept-importance).
 *
 * @param index  the class
 * @param name   its name (the index as text where the classes have no names)
 * @param ids    the ids of the images explained, in source order
 * @param images their scores, in the same order; at least one
 */
public record ClassResult(int index, String name, List<String> ids, List<ImageImportance> images) {

    public ClassResult {
        ids = List.copyOf(ids);
        images = List.copyOf(images);
        if (images.isEmpty() || images.size() != ids.size()) {
            throw new IllegalArgumentException("class " + index + ": " + images.size() + " results for " + ids.size()
                    + " images; a class needs at least one");
        }
    }

    /** The mean of {@code score} over the class's images, per concept; {@code null} when not computed. */
    public double[] mean(ImportanceScore score) {
        if (images.get(0).values(score) == null) {
            return null;
        }
        double[] mean = new double[images.get(0).values(score).length];
        for (ImageImportance image : images) {
            double[] values = image.values(score);
            for (int i = 0; i < mean.length; i++) {
                mean[i] += values[i] / images.size();
            }
        }
        return mean;
    }

    /** The mean class score y over the images. */
    public double meanScore() {
        return images.stream().mapToDouble(ImageImportance::score).average().getAsDouble();
    }

    /** The concepts whose mean {@code score} is not 0, the most important first (ties by concept). */
    public List<Integer> ranking(ImportanceScore score) {
        double[] mean = mean(score);
        List<Integer> ranked = new ArrayList<>();
        if (mean == null) {
            return ranked;
        }
        for (int i = 0; i < mean.length; i++) {
            if (mean[i] != 0) {
                ranked.add(i);
            }
        }
        ranked.sort(Comparator.<Integer>comparingDouble(i -> -mean[i]).thenComparingInt(i -> i));
        return ranked;
    }

    /** The ids of the {@code count} images where {@code concept} scores highest in {@code score}, above 0. */
    public List<String> topImages(int concept, ImportanceScore score, int count) {
        Integer[] order = new Integer[images.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -images.get(i).values(score)[concept])
                .thenComparingInt(i -> i));
        List<String> top = new ArrayList<>();
        for (int i : order) {
            if (top.size() < count && images.get(i).values(score)[concept] > 0) {
                top.add(ids.get(i));
            }
        }
        return top;
    }
}
