package dev.facet.cli;

import dev.facet.extractors.InputOptions;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.plugins.FacetRegistry;
import dev.facet.spi.ConfigException;
import dev.facet.spi.backbone.Backbone;
import java.io.PrintWriter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The backbone of a command that runs a saved dictionary over images ({@code facet report},
 * {@code facet importance}): the model, layer, token selection and preprocessing default to the ones
 * the dictionary was trained on ({@link TrainingRecord}); a layer, token selection or preprocessing
 * other than the recorded one is refused naming both, another model only warned about (files move).
 */
final class RecordedBackboneOptions {

    @Option(names = "--model", paramLabel = "MODEL",
            description = BackboneOptions.MODEL_TEXT + " (default: the one the dictionary was trained on, when it is "
                    + "bundled or its file is here).")
    String model;

    @Mixin
    BackboneOptions backboneOptions = new BackboneOptions();

    @Option(names = "--layer", paramLabel = "LAYER",
            description = "Hook point (default: the one the dictionary was trained on; another is refused).")
    String layer;

    @Option(names = "--tokens", paramLabel = "SELECTION",
            description = "Which tokens: all, cls, patch or registers (default: the ones the dictionary was trained on, "
                    + "else patch; others are refused).")
    String tokens;

    /**
     * The backbone section: the options given, the rest from the record; a layer or token selection
     * other than the recorded one is refused. The recorded preprocessing fills in only for a backbone
     * that takes the preprocessing settings (a plugin's may not).
     *
     * @param command the command, for messages (e.g. {@code facet report})
     */
    PipelineConfig.Backbone section(TrainingRecord record, String command, PrintWriter stderr, FacetRegistry registry) {
        String hook = layer != null ? layer : record.hookPoint();
        if (hook == null) {
            throw new ConfigException(command + ": --layer is required: " + record.dictionary().resolve("provenance.json")
                    + " does not name the hook point the dictionary was trained on");
        }
        String modelOrRecorded = model != null ? model : record.availableModel();
        if (modelOrRecorded == null) {
            throw new ConfigException(command + ": --model is required: the dictionary " + record.dictionary()
                    + (record.model() == null ? " does not name the model it was trained on"
                    : " was trained on model " + record.model() + ", which is neither a bundled model nor a file here"));
        }
        if (record.preprocessing() == null) {
            stderr.println("warning: " + command + ": the preprocessing the dictionary " + record.dictionary()
                    + " was trained on is not recorded (or its store has moved), so it cannot be checked");
        } else if (!backboneOptions.givesPreprocessing() && registry.backbone(backboneOptions.engine != null
                ? backboneOptions.engine : PipelineConfig.Backbone.defaultEngine(modelOrRecorded)).settings().names()
                .containsAll(InputOptions.SETTINGS.names())) {
            backboneOptions.preprocessAs(record.preprocessing());
        }
        String selection = record.requireSame("--tokens", tokens, record.tokens());
        PipelineConfig.Backbone section = backboneOptions.section(command, modelOrRecorded, hook,
                selection != null ? selection : "patch");
        record.requireSame("--layer", section.hookPoint(), record.hookPoint());
        return section;
    }

    /** Refuses another preprocessing than the recorded one; warns when the model differs from the recorded one. */
    static void check(TrainingRecord record, Backbone backbone, String command, PrintWriter stderr) {
        record.requireSamePreprocessing(backbone.info().input());
        if (record.model() != null && !record.model().equals(backbone.info().model())) {
            stderr.println("warning: " + command + ": the dictionary " + record.dictionary() + " was trained on model "
                    + record.model() + ", the " + command.replace("facet ", "") + " runs " + backbone.info().model());
        }
    }
}
