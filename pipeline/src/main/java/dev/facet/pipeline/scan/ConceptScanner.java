package dev.facet.pipeline.scan;

import dev.facet.spi.run.RunContext;

/**
 * The report's concept scan: one pass over every image of its source computing each image's concept maps
 * (docs/algorithms.md#concept-maps) into the concepts' {@link TopImages} and {@link ConceptActivity}. The
 * report runs it on this machine unless it is given another scanner, e.g. one that runs the pass as a
 * distributed job and reduces per-partition results into the same lists and statistics.
 */
public interface ConceptScanner {

    /**
     * Adds every readable image of the source to {@code top} and {@code activity}, in source order.
     *
     * @return the source index of each image scanned, in the order of the scan (image {@code i} of
     *         {@code top}'s entries is source image {@code result[i]})
     */
    int[] scan(TopImages top, ConceptActivity activity, RunContext context);
}
