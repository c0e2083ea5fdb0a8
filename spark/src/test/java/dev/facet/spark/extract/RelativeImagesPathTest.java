package dev.facet.spark.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.facet.extractors.BundledModels;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images given by a path relative to the working directory, as a command line gives them. */
class RelativeImagesPathTest {
    @TempDir
    Path dir;

    @Test
    void aRelativeImagesPathIsExtractedAsTheAbsoluteOneTheWorkersOpen() throws IOException {
        Path relative = Path.of("").toAbsolutePath().relativize(BundledModels.fashionMnistImages().toAbsolutePath());
        Path single = dir.resolve("single");
        Path spark = dir.resolve("spark");
        SparkFixtures.singleMachine(SparkFixtures.fashion(24), single);

        SparkExtraction.Outcome outcome = SparkFixtures.spark("onnx", SparkFixtures.images(relative, 24), 2, spark);

        assertEquals(24, outcome.result().imagesStored());
        SparkFixtures.assertSameShards(single, spark);
    }
}
