package dev.facet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.facet.extractors.BundledModels;
import dev.facet.extractors.images.ImageBatchLoader;
import dev.facet.extractors.images.ImagePreprocessor;
import dev.facet.extractors.images.ImageSource;
import dev.facet.extractors.images.ImageSources;
import dev.facet.extractors.images.LoaderOptions;
import dev.facet.extractors.pipeline.LimitedImageSource;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResizeMode;
import dev.facet.spi.run.CancellationToken;
import org.junit.jupiter.api.Test;

/**
 * A sample read on its own (when the scan runs elsewhere) holds the pixels of the sample copied from a pass's
 * batches: the same images, in source order.
 */
class DatasetSampleTest {

    @Test
    void readingTheChosenImagesEqualsCopyingThemFromAPass() {
        InputSpec input = new InputSpec(1, 28, 28, ChannelOrder.GRAY, ResizeMode.STRETCH, new float[] {0.5f},
                new float[] {0.5f});
        ImageSource images = LimitedImageSource.of(ImageSources.open(BundledModels.fashionMnistImages()), 300);
        DatasetSample copied = DatasetSample.choose(images.size(), input, 17);
        try (ImageBatchLoader loader = ImageBatchLoader.open(images, new ImagePreprocessor(input),
                LoaderOptions.withBatchSize(64).withThreads(1))) {
            loader.forEachRemaining(copied::accept);
        }
        DatasetSample read = DatasetSample.choose(images.size(), input, 17);
        read.read(images, input, 20, 1, CancellationToken.create());
        assertEquals(DatasetSample.MAX_IMAGES, read.pixels().shape()[0]);
        assertEquals(copied.pixels(), read.pixels());
    }
}
