package dev.facet.cli;

import dev.facet.pipeline.PipelineConfig;
import dev.facet.spi.config.ConfigValues;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options that choose and open a backbone, shared by the commands that run one. They become a
 * pipeline {@code backbone} section, so the defaults and rules are the pipeline's.
 */
final class BackboneOptions {

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "A bundled model name (tiny-vit-fmnist), an .onnx file, a TorchScript .pt file or a model URL.")
    String model;

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

    /** The backbone section of these options with {@code layer} (may be null) and {@code tokens} (may be null). */
    PipelineConfig.Backbone section(String command, String layer, String tokens) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", engine);
        values.put("model", model);
        values.put("descriptor", descriptor);
        values.put("device", device);
        values.put("layer", layer);
        values.put("tokens", tokens);
        values.put("layout", layout);
        return PipelineConfig.Backbone.withOptionalLayer(ConfigValues.of(command, KeyValues.present(values)));
    }
}
