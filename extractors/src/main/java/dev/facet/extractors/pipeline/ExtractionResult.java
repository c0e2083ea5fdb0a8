package dev.facet.extractors.pipeline;

import dev.facet.extractors.images.SkippedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * What an extraction run did.
 *
 * @param store          the activation store directory
 * @param imagesStored   images in the store after the run (earlier runs included)
 * @param imagesThisRun  images extracted by this run
 * @param rows           rows in the store
 * @param skipped        images skipped as unreadable, over all runs, each with its reason
 * @param seconds        wall time of this run
 */
public record ExtractionResult(Path store, long imagesStored, long imagesThisRun, long rows, List<SkippedImage> skipped,
                               double seconds) {

    public ExtractionResult {
        skipped = List.copyOf(skipped);
    }

    /** Images per second of this run. */
    public double imagesPerSecond() {
        return seconds > 0 ? imagesThisRun / seconds : 0;
    }
}
