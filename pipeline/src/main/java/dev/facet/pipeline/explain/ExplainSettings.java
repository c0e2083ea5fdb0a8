package dev.facet.pipeline.explain;

import dev.facet.report.picture.Colormap;
import dev.facet.spi.ConfigException;
import dev.facet.spi.config.ConfigValues;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The pipeline's {@code explain} section (docs/usage.md#explaining-predictions): which attribution method
 * with which settings, what to explain and on which images. It runs after the report stage and writes
 * what {@code facet explain} writes under the run directory's {@code explain/}.
 *
 * <pre>{@code
 * "explain": {"method": "occlusion", "options": {"window": 4, "stride": 2},
 *             "images": "top", "concepts": 8, "top_images": 1, "fidelity": false}
 * "explain": {"method": "rise", "target": {"class": "Coat"}, "images": "images/", "limit": 16}
 * }</pre>
 *
 * @param method    the attribution and its settings
 * @param target    what to explain; {@code null} with {@code images = "top"}, where each drawn concept is
 *                  explained on its own top images
 * @param images    a folder, IDX or list file of images, or {@code null} for the top images of the atlas
 * @param limit     only the first {@code limit} images of {@code images}, 0 for all
 * @param concepts  with the top images: the first this many drawn concepts of the atlas
 * @param topImages with the top images: this many of each concept's
 * @param fidelity  whether to score each map by deletion, insertion and MuFidelity
 * @param colormap  the overlay's colours
 */
public record ExplainSettings(ExplainMethod method, ExplainTarget target, Path images, int limit, int concepts,
                              int topImages, boolean fidelity, Colormap colormap) {
    /** The value of {@code images} that picks each drawn concept's top images. */
    public static final String TOP = "top";
    private static final Set<String> KEYS = Set.of("method", "options", "target", "images", "limit", "concepts",
            "top_images", "fidelity", "colormap");

    public ExplainSettings {
        if (target == null && images != null) {
            throw new ConfigException("explain: \"target\" is required when \"images\" names images; only with "
                    + "\"images\": \"top\" is each drawn concept its own target");
        }
        if (target != null && images == null) {
            throw new ConfigException("explain: leave \"target\" out with \"images\": \"top\"; each drawn concept "
                    + "is explained on its own top images");
        }
    }

    /**
     * Reads an {@code explain} section; a relative image path resolves against {@code base}.
     *
     * @throws ConfigException naming the key
     */
    public static ExplainSettings of(ConfigValues v, Path base) {
        v.rejectUnknown(KEYS);
        String method = v.requireString("method");
        Map<String, Object> options = new LinkedHashMap<>(v.optSection("options").asMap());
        String images = v.optString("images", TOP);
        if (images.isBlank()) {
            throw new ConfigException(v.source() + ": \"images\" is empty; expected \"top\" or a path of images");
        }
        Path path = images.equals(TOP) ? null : base == null ? Path.of(images) : base.resolve(images).normalize();
        ExplainTarget target = v.has("target") ? ExplainTarget.of(v.optSection("target")) : null;
        return new ExplainSettings(new ExplainMethod(method, options), target, path,
                v.optInt("limit", 0, 0, Integer.MAX_VALUE), v.optInt("concepts", 8, 1, 1 << 20),
                v.optInt("top_images", 1, 1, 64), v.optBoolean("fidelity", false),
                colormap(v));
    }

    private static Colormap colormap(ConfigValues v) {
        try {
            return Colormap.parse(v.optString("colormap", "viridis"));
        } catch (ConfigException e) {
            throw new ConfigException(v.source() + ": invalid \"colormap\": " + e.getMessage(), e);
        }
    }

    /** The section as its fingerprint and provenance record it. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("method", method.id());
        map.put("options", method.options());
        map.put("target", target == null ? null : target.toMap());
        map.put("images", images == null ? TOP : images.toAbsolutePath().toString());
        map.put("limit", limit);
        map.put("concepts", concepts);
        map.put("top_images", topImages);
        map.put("fidelity", fidelity);
        map.put("colormap", colormap.name());
        return map;
    }
}
