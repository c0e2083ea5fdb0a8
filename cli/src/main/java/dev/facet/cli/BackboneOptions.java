package dev.facet.cli;

import dev.facet.pipeline.PipelineConfig;
import dev.facet.spi.Device;
import dev.facet.spi.backbone.BackboneConfig;
import dev.facet.spi.config.ConfigValues;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options that choose and open a backbone, shared by the commands that run one. */
final class BackboneOptions {

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "A bundled model name (tiny-vit-fmnist), an .onnx file, a TorchScript .pt file or a model URL.")
    String model;

    @Option(names = "--engine", paramLabel = "ID",
            description = "Backbone id: onnx or torchscript (default: torchscript for .pt files and URLs, else onnx).")
    String engine;

    @Option(names = "--descriptor", paramLabel = "NAME|FILE",
            description = "Model descriptor: a built-in name (dinov2-small, vit-base-patch16-224, ...) or a JSON file.")
    String descriptor;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default: ${DEFAULT-VALUE}).")
    String device;

    /** The backbone factory id: {@code --engine}, else chosen by the model's file type. */
    String engineId() {
        return engine != null ? engine : PipelineConfig.Backbone.defaultEngine(model);
    }

    BackboneConfig config() {
        Map<String, Object> options = new LinkedHashMap<>();
        if (descriptor != null) {
            options.put("descriptor", descriptor);
        }
        Device chosen = ConfigValues.of("--device", Map.of("device", device)).optEnum("device", Device.class, Device.CPU);
        return new BackboneConfig(model, chosen, ConfigValues.of("backbone options", options));
    }
}
