package dev.facet.pipeline.sanity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import dev.facet.djl.HeapArrays;
import dev.facet.djl.PyTorchEngines;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Cascading weight randomisation of a TorchScript model (Adebayo et al. 2018, "Sanity Checks for
 * Saliency Maps", docs/algorithms.md#sanity-checks): the parameters of the stages are replaced one
 * stage after another, from the output down, each stage keeping the earlier stages' replacements.
 * A replaced parameter is drawn from a seeded normal with that parameter's own mean and standard
 * deviation, so weights keep their scale (mean ≈ 0) and LayerNorm gains stay near 1. The module
 * is loaded on DJL's PyTorch engine, overwritten in place and written as TorchScript after each
 * stage.
 */
final class CascadingRandomisation implements AutoCloseable {
    /** One stage: a name and the parameter-name prefixes it randomises. */
    record Stage(String name, List<String> prefixes) {
        boolean covers(String parameter) {
            return prefixes.stream().anyMatch(parameter::startsWith);
        }
    }

    private final NDManager manager;
    private final PtSymbolBlock module;
    private final Random random;

    CascadingRandomisation(Path torchscript, long seed) {
        this.manager = NDManager.newBaseManager(PyTorchEngines.pytorch().getEngineName());
        this.module = JniUtils.loadModule((PtNDManager) manager, torchscript, true, new String[0], new String[0], true);
        this.random = new Random(seed);
    }

    /** The names of every parameter of the module. */
    Set<String> parameterNames() {
        Set<String> names = new TreeSet<>();
        module.getDirectParameters().forEach(entry -> names.add(entry.getKey()));
        return names;
    }

    /**
     * Randomises the parameters {@code stage} covers, keeping every earlier randomisation.
     *
     * @return the names of the parameters replaced
     * @throws IllegalArgumentException when the stage covers no parameter of the module
     */
    List<String> randomise(Stage stage) {
        List<String> replaced = new ArrayList<>();
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            for (Pair<String, Parameter> entry : module.getDirectParameters()) {
                if (stage.covers(entry.getKey())) {
                    NDArray array = entry.getValue().getArray();
                    HeapArrays.overwrite(array, normalLike(array.toFloatArray()));
                    replaced.add(entry.getKey());
                }
            }
        } finally {
            JniUtils.setGradMode(previous);
        }
        if (replaced.isEmpty()) {
            throw new IllegalArgumentException("Stage " + stage.name() + " covers no parameter of the module");
        }
        return replaced;
    }

    /** Writes the module, as randomised so far, to {@code file} as TorchScript. */
    Path write(Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            JniUtils.writeModule(module, out, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private float[] normalLike(float[] values) {
        double mean = 0;
        for (float v : values) {
            mean += v;
        }
        mean /= values.length;
        double variance = 0;
        for (float v : values) {
            variance += (v - mean) * (v - mean);
        }
        // A one-element parameter has no spread of its own; it gets a unit one.
        double std = values.length > 1 ? Math.sqrt(variance / (values.length - 1)) : 1;
        float[] drawn = new float[values.length];
        for (int i = 0; i < drawn.length; i++) {
            drawn[i] = (float) (mean + std * random.nextGaussian());
        }
        return drawn;
    }

    @Override
    public void close() {
        module.close();
        manager.close();
    }
}
