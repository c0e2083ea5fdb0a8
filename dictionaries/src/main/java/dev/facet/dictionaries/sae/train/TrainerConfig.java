package dev.facet.dictionaries.sae.train;

import dev.facet.spi.ConfigException;
import dev.facet.spi.Device;
import dev.facet.spi.config.ConfigValues;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How a sparse autoencoder is trained (docs/algorithms.md#training-loop).
 *
 * @param epochs            passes over the data
 * @param batchSize         rows per step
 * @param lr                base learning rate
 * @param finalLr           learning rate at the end of the cosine decay
 * @param warmupSteps       linear warm-up steps; -1 picks 5 % of the steps (at most 1,000)
 * @param clipNorm          gradient-norm clipping threshold, 0 for none
 * @param normaliseInput    scale inputs so E‖x‖² = d (folded into the saved weights where possible)
 * @param deadWindow        samples without firing after which a latent counts as dead
 * @param biasInit          initial decoder bias
 * @param medianSample      rows used for the decoder-bias and input-scale estimates
 * @param checkpointEvery   steps between checkpoints (0: only at the end of each epoch)
 * @param logEvery          steps between step logs
 * @param compute           sparse TopK computation, the dense reference, or the sparse one where it applies
 * @param device            where the compute runs
 * @param shuffle           visit rows in a seeded random order each epoch
 */
public record TrainerConfig(int epochs, int batchSize, double lr, double finalLr, int warmupSteps, double clipNorm,
                            boolean normaliseInput, long deadWindow, BiasInit biasInit, int medianSample,
                            int checkpointEvery, int logEvery, Compute compute, Device device, boolean shuffle) {

    /** Initial value of b_dec. */
    public enum BiasInit { GEOMETRIC_MEDIAN, MEAN, ZERO }

    /** Which step implementation trains the model. */
    public enum Compute { AUTO, SPARSE, DENSE }

    /** Every key {@link #from} reads. */
    public static final Set<String> KEYS = Set.of("epochs", "batch_size", "lr", "final_lr", "warmup_steps",
            "clip_norm", "normalise_input", "dead_window", "bias_init", "median_sample", "checkpoint_every",
            "log_every", "compute", "device", "shuffle");

    public TrainerConfig {
        if (epochs < 1) {
            throw ConfigException.outOfRange("epochs", epochs, ">= 1");
        }
        if (batchSize < 1) {
            throw ConfigException.outOfRange("batch_size", batchSize, ">= 1");
        }
        if (!(lr > 0)) {
            throw ConfigException.outOfRange("lr", lr, "> 0");
        }
        if (!(finalLr >= 0 && finalLr <= lr)) {
            throw ConfigException.outOfRange("final_lr", finalLr, "[0, lr = " + lr + "]");
        }
        if (warmupSteps < -1) {
            throw ConfigException.outOfRange("warmup_steps", warmupSteps, ">= 0, or -1 for automatic");
        }
        if (!(clipNorm >= 0)) {
            throw ConfigException.outOfRange("clip_norm", clipNorm, ">= 0");
        }
        if (deadWindow < 1) {
            throw ConfigException.outOfRange("dead_window", deadWindow, ">= 1");
        }
        if (medianSample < 1) {
            throw ConfigException.outOfRange("median_sample", medianSample, ">= 1");
        }
        if (checkpointEvery < 0 || logEvery < 1) {
            throw ConfigException.outOfRange("checkpoint_every / log_every", checkpointEvery + " / " + logEvery,
                    ">= 0 / >= 1");
        }
    }

    /** Defaults for every key. */
    public static TrainerConfig defaults() {
        return from(ConfigValues.empty());
    }

    public static TrainerConfig from(ConfigValues values) {
        double lr = values.optDouble("lr", 5e-4, 0, 10);
        return new TrainerConfig(
                values.optInt("epochs", 1, 1, 1_000_000),
                values.optInt("batch_size", 1024, 1, 1 << 24),
                lr,
                values.optDouble("final_lr", lr / 10, 0, 10),
                values.optInt("warmup_steps", -1, -1, Integer.MAX_VALUE),
                values.optDouble("clip_norm", 1.0, 0, Double.MAX_VALUE),
                values.optBoolean("normalise_input", false),
                values.optLong("dead_window", 10_000_000L, 1, Long.MAX_VALUE),
                values.optEnum("bias_init", BiasInit.class, BiasInit.GEOMETRIC_MEDIAN),
                values.optInt("median_sample", 4096, 1, 1 << 24),
                values.optInt("checkpoint_every", 500, 0, Integer.MAX_VALUE),
                values.optInt("log_every", 50, 1, Integer.MAX_VALUE),
                values.optEnum("compute", Compute.class, Compute.AUTO),
                values.optEnum("device", Device.class, Device.CPU),
                values.optBoolean("shuffle", true));
    }

    /** Warm-up steps for a run of {@code totalSteps}. */
    public long warmup(long totalSteps) {
        return warmupSteps >= 0 ? Math.min(warmupSteps, totalSteps) : Math.min(1000, totalSteps / 20);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("epochs", epochs);
        map.put("batch_size", batchSize);
        map.put("lr", lr);
        map.put("final_lr", finalLr);
        map.put("warmup_steps", warmupSteps);
        map.put("clip_norm", clipNorm);
        map.put("normalise_input", normaliseInput);
        map.put("dead_window", deadWindow);
        map.put("bias_init", biasInit.name().toLowerCase(Locale.ROOT));
        map.put("median_sample", medianSample);
        map.put("checkpoint_every", checkpointEvery);
        map.put("log_every", logEvery);
        map.put("compute", compute.name().toLowerCase(Locale.ROOT));
        map.put("device", device.name().toLowerCase(Locale.ROOT));
        map.put("shuffle", shuffle);
        return map;
    }
}
