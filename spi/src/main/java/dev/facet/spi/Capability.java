package dev.facet.spi;

/**
 * What a component can do. A backbone declares what it provides; an attribution or visualizer
 * declares what it requires, and the host refuses a mismatch before running
 * ({@link MissingCapabilityException}).
 */
public enum Capability {
    /** Runs a forward pass and returns activations at hook points. */
    FORWARD,
    /** Returns gradients of a hook-point objective with respect to input pixels. */
    INPUT_GRADIENTS,
    /** Can run on a CUDA device. */
    CUDA,
    /** A learner that fits from a stream of mini-batches without holding the data in memory. */
    STREAMING_FIT,
    /**
     * Continues the forward pass from a hook point's activations to the outputs
     * ({@link dev.facet.spi.backbone.ResumableBackbone}).
     */
    RESUME_FROM_HOOK,
    /**
     * Differentiates the outputs of a resumed forward pass with respect to the hook point's activations
     * ({@link dev.facet.spi.backbone.ResumableBackbone#resumeGradient}).
     */
    RESUME_GRADIENTS,
    /**
     * A dictionary that returns the gradient of a weighted sum of its codes with respect to its input rows
     * ({@link dev.facet.spi.dictionary.DifferentiableDictionary}).
     */
    ENCODER_GRADIENTS
}
