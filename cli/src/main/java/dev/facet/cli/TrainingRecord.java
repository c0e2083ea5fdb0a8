package dev.facet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.extractors.BundledModels;
import dev.facet.extractors.InputNames;
import dev.facet.extractors.pipeline.Extraction;
import dev.facet.extractors.store.ActivationStore;
import dev.facet.extractors.store.RecordedInput;
import dev.facet.pipeline.Stages;
import dev.facet.spi.backbone.InputSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What a dictionary was trained on: the model, hook point and tokens of its {@code provenance.json}
 * source, and the preprocessing its activation store's {@code manifest.json} records
 * ({@code metadata.preprocessing}). Any of them is null when the record does not say (a dictionary
 * written before it was recorded, or a store that has moved).
 *
 * @param dictionary    the dictionary directory
 * @param store         the activation store it was trained on, or null
 * @param model         the model the store names (a bundled name, descriptor name or file name), or null
 * @param hookPoint     the hook point, or null
 * @param tokens        the token selection ({@code patch}, {@code cls}, ...), or null
 * @param preprocessing the resolved input of the backbone that made the store, or null
 */
record TrainingRecord(Path dictionary, String store, String model, String hookPoint, String tokens,
                      InputSpec preprocessing) {

    /** Reads the record of {@code dictionary}, and through it its store's manifest when that is still there. */
    static TrainingRecord of(Path dictionary) {
        JsonNode source = Stages.trainedOn(dictionary);
        String store = source.path("store").asText(null);
        return new TrainingRecord(dictionary, store, source.path("model").asText(null),
                source.path("hook_point").asText(null), source.path("tokens").asText(null), preprocessingOf(store));
    }

    /** The input spec the store's manifest records, read by the store's own reader; null when it is gone or says none. */
    private static InputSpec preprocessingOf(String store) {
        if (store == null || !Extraction.storeExists(Path.of(store))) {
            return null;
        }
        return RecordedInput.read(ActivationStore.openIncomplete(Path.of(store)).metadata().preprocessing()).orElse(null);
    }

    /** The recorded model when it can be opened here: a bundled model name or an existing file; else null. */
    String availableModel() {
        if (model == null) {
            return null;
        }
        return BundledModels.isBundled(model) || Files.isRegularFile(Path.of(model)) ? model : null;
    }

    /**
     * Refuses {@code actual}, the input of the backbone the report opened, when it is not the recorded
     * preprocessing, naming both.
     */
    void requireSamePreprocessing(InputSpec actual) {
        if (preprocessing != null && !preprocessing.equals(actual)) {
            throw new TrainingMismatchException("facet report: the dictionary " + dictionary + " was trained on "
                    + "activations preprocessed as " + text(preprocessing) + " (store " + store + "), but the backbone "
                    + "gives " + text(actual) + "; give the same --descriptor/--input-size/--mean/--std/--order/--resize, "
                    + "or leave them out to use the recorded ones");
        }
    }

    /** {@code given} (a hook point or token selection, may be null) when it is the recorded {@code what}, else refused. */
    String requireSame(String option, String given, String recorded) {
        if (given == null) {
            return recorded;
        }
        if (recorded != null && !recorded.equalsIgnoreCase(given)) {
            throw new TrainingMismatchException("facet report: the dictionary " + dictionary + " was trained on "
                    + option.substring(2) + " " + recorded + ", but " + option + " gives " + given + "; leave " + option
                    + " out to use the recorded one");
        }
        return given;
    }

    /** An input as one line: {@code 3x224x224 bgr pad mean [0.5, 0.5, 0.5] std [0.5, 0.5, 0.5]}. */
    static String text(InputSpec input) {
        return input.channels() + "x" + input.height() + "x" + input.width() + " " + InputNames.of(input.order()) + " "
                + InputNames.of(input.resize()) + " mean " + list(input.mean()) + " std " + list(input.std());
    }

    /** Values as {@code 0.5,0.5,0.5}, how the {@code --mean} and {@code --std} options take them. */
    static String option(float[] values) {
        return IntStream.range(0, values.length).mapToObj(i -> Float.toString(values[i])).collect(Collectors.joining(","));
    }

    private static String list(float[] values) {
        return "[" + option(values).replace(",", ", ") + "]";
    }
}
