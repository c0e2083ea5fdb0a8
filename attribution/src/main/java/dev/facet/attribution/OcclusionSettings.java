package dev.facet.attribution;

import dev.facet.spi.ConfigException;
import dev.facet.spi.config.ConfigValues;
import java.util.Set;

/**
 * Settings of {@link Occlusion}.
 *
 * @param window    side of the square occluding patch, in pixels
 * @param stride    step between patch positions, in pixels, {@code <= window} so every pixel is covered
 * @param baseline  value written into the occluded pixels (0 is the dataset mean after normalisation)
 * @param batchSize occluded images per forward pass
 */
public record OcclusionSettings(int window, int stride, float baseline, int batchSize) {
    static final Set<String> KEYS = Set.of("window", "stride", "baseline", "batch_size");

    public OcclusionSettings {
        if (window < 1) {
            throw ConfigException.outOfRange("occlusion window", window, ">= 1");
        }
        if (stride < 1 || stride > window) {
            throw ConfigException.outOfRange("occlusion stride", stride, "[1, window=" + window + "]");
        }
        if (!Float.isFinite(baseline)) {
            throw ConfigException.outOfRange("occlusion baseline", baseline, "a finite number");
        }
        if (batchSize < 1) {
            throw ConfigException.outOfRange("occlusion batch_size", batchSize, ">= 1");
        }
    }

    /** Reads {@code window} (8), {@code stride} (window / 2), {@code baseline} (0), {@code batch_size} (32). */
    public static OcclusionSettings from(ConfigValues values) {
        values.rejectUnknown(KEYS);
        int window = values.optInt("window", 8, 1, 4096);
        int stride = values.optInt("stride", Math.max(1, window / 2), 1, 4096);
        float baseline = (float) values.optDouble("baseline", 0.0, -1e6, 1e6);
        int batchSize = values.optInt("batch_size", 32, 1, 65536);
        return new OcclusionSettings(window, stride, baseline, batchSize);
    }
}
