package dev.facet.cli;

import dev.facet.extractors.InputNames;
import dev.facet.extractors.InputOptions;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.config.ConfigValues;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options that choose and open a backbone, shared by the commands that run one. They become a
 * pipeline {@code backbone} section, so the defaults and rules are the pipeline's; the preprocessing
 * options are the backbone settings of {@link InputOptions}, with their descriptions and choices.
 */
final class BackboneOptions {

    /** What {@code --model} takes, for the commands' own {@code --model} options (required or not). */
    static final String MODEL_TEXT = "A bundled model name (tiny-vit-fmnist), an .onnx file, a TorchScript .pt file or a model URL";

    @Option(names = "--engine", paramLabel = "ID",
            description = "Backbone id: onnx, torchscript or a plugin's (default: torchscript for .pt files and URLs, "
                    + "else onnx).")
    String engine;

    @Option(names = "--descriptor", paramLabel = "NAME|FILE",
            description = "Model descriptor: a built-in name (dinov2-small, vit-base-patch16-224, ...) or a JSON file "
                    + "(default: the one bundled with the model, else read from the model).")
    String descriptor;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|gpu",
            description = "Where the backbone runs: cpu or gpu (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--layout", paramLabel = "auto|nchw|nhwc",
            description = "ONNX only: axis order of 4-d tensors read by tensor name; auto tells a channels-last map by "
                    + "the input's aspect ratio (default: auto).")
    String layout;
    @Option(names = "--input-size", paramLabel = "N|HxW",
            description = "Backbone setting input_size: " + InputOptions.INPUT_SIZE_TEXT + ".")
    String inputSize;

    @Option(names = "--mean", paramLabel = "M|M1,M2,M3",
            description = "Backbone setting mean: " + InputOptions.MEAN_TEXT + ".")
    String mean;

    @Option(names = "--std", paramLabel = "S|S1,S2,S3",
            description = "Backbone setting std: " + InputOptions.STD_TEXT + ".")
    String std;

    @Option(names = "--order", paramLabel = "ORDER", completionCandidates = OrderNames.class,
            description = "Backbone setting order, one of ${COMPLETION-CANDIDATES}: " + InputOptions.ORDER_TEXT + ".")
    String order;

    @Option(names = "--resize", paramLabel = "MODE", completionCandidates = ResizeNames.class,
            description = "Backbone setting resize, one of ${COMPLETION-CANDIDATES}: " + InputOptions.RESIZE_TEXT + ".")
    String resize;

    /** Whether a descriptor or any preprocessing option is given. */
    boolean givesPreprocessing() {
        return descriptor != null || inputSize != null || mean != null || std != null || order != null || resize != null;
    }

    /** Sets every preprocessing option to {@code input}'s, as if the user had given them. */
    void preprocessAs(InputSpec input) {
        inputSize = input.height() + "x" + input.width();
        mean = TrainingRecord.option(input.mean());
        std = TrainingRecord.option(input.std());
        order = InputNames.of(input.order());
        resize = InputNames.of(input.resize());
    }

    /**
     * The backbone section of {@code model} and these options with {@code layer} (may be null) and
     * {@code tokens} (may be null).
     */
    PipelineConfig.Backbone section(String command, String model, String layer, String tokens) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", engine);
        values.put("model", model);
        values.put("descriptor", descriptor);
        values.put("device", device);
        values.put("layer", layer);
        values.put("tokens", tokens);
        values.put("layout", layout);
        values.put(InputOptions.INPUT_SIZE.name(), inputSize);
        values.put(InputOptions.MEAN.name(), mean);
        values.put(InputOptions.STD.name(), std);
        values.put(InputOptions.ORDER.name(), order);
        values.put(InputOptions.RESIZE.name(), resize);
        return PipelineConfig.Backbone.withOptionalLayer(ConfigValues.of(command, KeyValues.present(values)));
    }

    /** The names {@code --order} takes, from {@link dev.facet.spi.backbone.ChannelOrder}, for {@code --help}. */
    static final class OrderNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return InputOptions.ORDER.choices().iterator();
        }
    }

    /** The names {@code --resize} takes, from {@link dev.facet.spi.backbone.ResizeMode} and its aliases, for {@code --help}. */
    static final class ResizeNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return InputOptions.RESIZE.choices().iterator();
        }
    }
}
