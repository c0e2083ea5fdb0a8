package dev.facet.djl;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.facet.spi.Device;
import dev.facet.spi.FacetException;
import java.util.function.Supplier;

/**
 * Access to DJL's PyTorch engine, the compute behind Facet's learners. The CPU natives come from
 * Maven ({@code ai.djl.pytorch:pytorch-native-cpu}, classifier {@code linux-x86_64}), so DJL runs
 * offline: unless the user set {@code ai.djl.offline} themselves, it is set to {@code true} before
 * the engine loads, and DJL never tries to download a library.
 */
public final class PyTorchEngines {
    /** DJL's name of the PyTorch engine. */
    public static final String ENGINE = "PyTorch";
    private static final String OFFLINE = "ai.djl.offline";

    private PyTorchEngines() {
    }

    /**
     * The PyTorch engine, loaded on first use.
     *
     * @throws FacetException naming the missing Maven artifacts when the natives cannot be loaded
     */
    public static Engine pytorch() {
        if (System.getProperty(OFFLINE) == null) {
            System.setProperty(OFFLINE, "true");
        }
        try {
            return Engine.getEngine(ENGINE);
        } catch (RuntimeException | LinkageError e) {
            throw new FacetException("DJL's PyTorch engine could not start (offline="
                    + System.getProperty(OFFLINE) + "): " + e.getMessage() + ". Expected ai.djl.pytorch:pytorch-engine, "
                    + "pytorch-jni and pytorch-native-cpu (classifier linux-x86_64) on the classpath", e);
        }
    }

    /**
     * Runs {@code action} with PyTorch's gradient recording off in this thread, then restores the thread's
     * mode. Grad mode is per thread, and on in a thread that never set it (a Spark task's thread, a pool's
     * worker), where an in-place update of a trainable weight fails and every forward pass records a graph.
     */
    public static <T> T withoutGradients(Supplier<T> action) {
        pytorch();
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return action.get();
        } finally {
            JniUtils.setGradMode(previous);
        }
    }

    /**
     * The DJL device for a Facet device. A GPU request on a machine where DJL finds no CUDA device
     * fails instead of falling back to the CPU unnoticed.
     */
    public static ai.djl.Device device(Device device) {
        if (device == Device.CPU) {
            return ai.djl.Device.cpu();
        }
        int gpus = pytorch().getGpuCount();
        if (gpus < 1) {
            throw new FacetException("GPU requested but DJL's PyTorch engine found no CUDA device; "
                    + "build with the CUDA natives profile on a machine with a GPU, or use the CPU");
        }
        return ai.djl.Device.gpu();
    }
}
