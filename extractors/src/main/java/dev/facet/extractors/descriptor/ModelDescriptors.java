package dev.facet.extractors.descriptor;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.facet.extractors.BundledModels;
import dev.facet.extractors.ModelFiles;
import dev.facet.json.StrictJson;
import dev.facet.spi.ConfigException;
import dev.facet.spi.config.Setting;
import dev.facet.spi.UnknownComponentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/** Reads model descriptors from JSON: the built-in ones by name, or a user's file. */
public final class ModelDescriptors {
    /** Names of the descriptors shipped with Facet. */
    public static final List<String> BUILTIN = List.of("tiny-vit-fmnist", "mobilenet-v2", "dinov2-small", "dinov2-base",
            "vit-base-patch16-224", "clip-vit-base-patch32", "siglip-base-patch16-224");

    private static final ObjectMapper JSON = StrictJson.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    private ModelDescriptors() {
    }

    /** A built-in descriptor; an unknown name lists the available ones. */
    public static ModelDescriptor builtin(String name) {
        if (!BUILTIN.contains(name)) {
            throw new UnknownComponentException("model descriptor", name, BUILTIN);
        }
        try (InputStream in = ModelDescriptors.class.getResourceAsStream("/dev/facet/extractors/models/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("descriptor resource " + name + ".json is missing from the jar");
            }
            return parse(in.readAllBytes(), name + ".json");
        } catch (IOException e) {
            throw new ConfigException("Cannot read built-in descriptor " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * A descriptor file.
     *
     * @throws ConfigException naming the file and why it cannot be used: it does not exist, is a
     *                         directory, cannot be read, is empty or is not a valid descriptor
     */
    public static ModelDescriptor read(Path file) {
        byte[] json = ModelFiles.read(file, "Model descriptor", ConfigException::new);
        if (json.length == 0) {
            throw new ConfigException("Model descriptor " + file + " is empty (0 bytes); expected a JSON object");
        }
        return parse(json, file.toString());
    }

    /** The backbone option that names a descriptor: a built-in name or a JSON file. */
    public static final Setting<String> DESCRIPTOR = Setting.string("descriptor",
            "what the model file does not say (preprocessing, where its hook points are): a built-in descriptor name or "
                    + "a JSON file (bundled models have one)")
            .optional();

    /**
     * The descriptor {@code named} (a built-in name or a JSON file; the backbone option
     * {@link #DESCRIPTOR}), else the bundled model's own when {@code model} is a bundled name, else null.
     */
    public static ModelDescriptor forBackbone(String model, String named) {
        if (named != null) {
            return BUILTIN.contains(named) ? builtin(named) : read(Path.of(named));
        }
        return BundledModels.isBundled(model) ? builtin(model) : null;
    }

    static ModelDescriptor parse(byte[] json, String source) {
        try {
            return JSON.readValue(json, ModelDescriptor.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(source + ": unknown key '" + keyPath(e) + "'; allowed: "
                    + new TreeSet<>(e.getKnownPropertyIds().stream().map(String::valueOf).toList()), e);
        } catch (MismatchedInputException e) {
            throw new ConfigException(source + ": invalid model descriptor: invalid value for '" + keyPath(e) + "': "
                    + StrictJson.describe(e), e);
        } catch (IOException e) {
            String cause = e.getCause() instanceof ConfigException c ? c.getMessage() : StrictJson.describe(e);
            throw new ConfigException(source + ": invalid model descriptor: " + cause, e);
        }
    }

    /** Where in the document {@code e} happened, as a key path: {@code input.mean[1]}. */
    private static String keyPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference step : e.getPath()) {
            if (step.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
