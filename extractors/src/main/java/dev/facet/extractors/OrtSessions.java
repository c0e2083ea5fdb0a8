package dev.facet.extractors;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.facet.spi.BackboneException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.tensor.Tensor;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Creates ONNX Runtime sessions and turns ORT's failures into Facet errors that name the model:
 * a file that is not a valid ONNX protobuf becomes a {@link CorruptArtifactException}, anything
 * else a {@link BackboneException}. The {@link OrtEnvironment} is a process-wide singleton owned by
 * ONNX Runtime; sessions are owned by the caller and must be closed.
 */
public final class OrtSessions {

    private OrtSessions() {
    }

    /** ONNX Runtime's shared environment. */
    public static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }

    /** Opens a session on a model file. */
    public static OrtSession open(Path model, OrtSession.SessionOptions options) {
        ModelFiles.requireReadable(model, "ONNX model");
        try {
            return environment().createSession(model.toString(), options);
        } catch (OrtException e) {
            throw translate(model, e);
        }
    }

    /**
     * Opens a session on a model held in memory (e.g. after graph surgery).
     *
     * @param name what to call the model in error messages, usually its original path
     */
    public static OrtSession open(byte[] model, Path name, OrtSession.SessionOptions options) {
        try {
            return environment().createSession(model, options);
        } catch (OrtException e) {
            throw translate(name, e);
        }
    }

    /**
     * Runs {@code session} on {@code pixels}, fed to its input {@code input}, and hands the requested
     * {@code outputs} to {@code read} while they are alive; ONNX Runtime's failures become a
     * {@link BackboneException} naming the model, the input shape and the outputs.
     */
    public static <T> T run(OrtSession session, Path model, String input, Tensor pixels, Set<String> outputs,
            Function<OrtSession.Result, T> read) {
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment(), FloatBuffer.wrap(pixels.data()), pixels.shape());
             OrtSession.Result result = session.run(Map.of(input, tensor), outputs)) {
            return read.apply(result);
        } catch (OrtException e) {
            throw new BackboneException("ONNX Runtime failed running " + model + " on input '" + input + "' of shape "
                    + Arrays.toString(pixels.shape()) + " for " + outputs + ": " + e.getMessage(), e);
        }
    }

    private static RuntimeException translate(Path model, OrtException e) {
        String message = e.getMessage() == null ? e.getCode().toString() : e.getMessage();
        if (e.getCode() == OrtException.OrtErrorCode.ORT_INVALID_PROTOBUF
                || message.contains("Protobuf parsing failed") || message.contains("INVALID_PROTOBUF")) {
            return new CorruptArtifactException(model, "not a valid ONNX model (" + message + ")", e);
        }
        return new BackboneException("ONNX Runtime cannot load " + model + ": " + message, e);
    }
}
