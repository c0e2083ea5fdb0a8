package dev.facet.cli;

import dev.facet.extractors.images.ImageLimits;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.spi.config.ConfigValues;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a command reads its images ({@code --limit}, {@code --max-pixels}, {@code --batch}), shared by
 * the commands that run images through a backbone; they become the pipeline config's {@code images}
 * section.
 */
final class ImageReadOptions {

    @Option(names = "--limit", defaultValue = "0", description = "Only the first N images, 0 = all (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--max-pixels", defaultValue = "" + ImageLimits.DEFAULT_MAX_PIXELS, paramLabel = "N",
            description = "Skip, undecoded, an image whose header declares more pixels (default: ${DEFAULT-VALUE}, "
                    + "Pillow's limit).")
    long maxPixels;

    @Option(names = "--batch", defaultValue = "64", description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    /**
     * The images section for {@code images} with these options and {@code more} keys, checked to exist.
     *
     * @param command the command, for messages ({@code facet report})
     */
    PipelineConfig.Images section(String command, Path images, Map<String, Object> more) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("path", images.toString());
        values.put("limit", limit);
        values.put("max_pixels", maxPixels);
        values.put("batch", batch);
        values.putAll(more);
        return PipelineConfig.Images.of(ConfigValues.of(command, values), null).requireExists(command + " --images");
    }
}
