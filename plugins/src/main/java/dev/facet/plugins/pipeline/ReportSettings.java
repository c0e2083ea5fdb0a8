package dev.facet.plugins.pipeline;

import dev.facet.attribution.maps.ImageScore;
import dev.facet.attribution.maps.MapInterpolation;
import dev.facet.report.picture.Colormap;
import dev.facet.spi.ConfigException;
import dev.facet.spi.config.ConfigValues;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the concept atlas shows and how its pictures are drawn (the {@code report} section of a
 * pipeline config, and the options of {@code facet report}).
 *
 * @param title         page title, or {@code null} for "model · layer · learner"
 * @param topImages     top images per concept
 * @param score         how an image is ranked for a concept: mean or max of its concept map
 * @param colormap      heatmap colours: {@code viridis}, {@code jet} or {@code palette} (one hue per concept)
 * @param interpolation how maps are upsampled to the image
 * @param nearest       nearest concepts listed per concept (decoder cosine)
 * @param imageSize     pixels of the longer side of each drawn image
 * @param maxConcepts   draw pictures for at most this many concepts, the most energetic first (0 = all);
 *                      the others are listed with their numbers only
 * @param histogramBins bins of each concept's activation histogram
 * @param attribution   an attribution method to explain each drawn concept on its best image: {@code id}
 *                      plus the method's own settings (e.g. {@code {"id": "occlusion", "window": 8}}), or
 *                      {@code null} for none; forward-only methods, because a concept's value has no gradient
 */
public record ReportSettings(String title, int topImages, ImageScore score, String colormap,
                             MapInterpolation interpolation, int nearest, int imageSize, int maxConcepts,
                             int histogramBins, Map<String, Object> attribution) {

    private static final Set<String> KEYS = Set.of("title", "top_images", "score", "colormap", "interpolation", "nearest",
            "image_size", "max_concepts", "histogram_bins", "attribution");

    public ReportSettings {
        if (!"palette".equals(colormap)) {
            Colormap.parse(colormap);
        }
        if (attribution != null) {
            if (!(attribution.get("id") instanceof String)) {
                throw new ConfigException("report attribution: expected an object with a string 'id' (e.g. occlusion), found "
                        + attribution);
            }
            attribution = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attribution));
        }
    }

    /** The attribution's id, or {@code null}. */
    public String attributionId() {
        return attribution == null ? null : (String) attribution.get("id");
    }

    /** The attribution's own settings (every key but {@code id}). */
    public Map<String, Object> attributionSettings() {
        Map<String, Object> settings = new LinkedHashMap<>(attribution == null ? Map.of() : attribution);
        settings.remove("id");
        return settings;
    }

    /** The defaults. */
    public static ReportSettings defaults() {
        return of(ConfigValues.empty());
    }

    /** Reads the settings, rejecting unknown keys. */
    public static ReportSettings of(ConfigValues v) {
        v.rejectUnknown(KEYS);
        return new ReportSettings(v.optString("title", null), v.optInt("top_images", 8, 1, 64),
                v.optEnum("score", ImageScore.class, ImageScore.MEAN), v.optString("colormap", "viridis"),
                MapInterpolation.parse(v.source() + " > interpolation", v.optString("interpolation", "bilinear")),
                v.optInt("nearest", 6, 0, 64), v.optInt("image_size", 112, 16, 1024),
                v.optInt("max_concepts", 0, 0, Integer.MAX_VALUE), evenBins(v.optInt("histogram_bins", 32, 2, 1024)),
                v.has("attribution") ? v.optSection("attribution").asMap() : null);
    }

    private static int evenBins(int bins) {
        if (bins % 2 != 0) {
            throw ConfigException.outOfRange("report histogram_bins", bins, "an even number in [2, 1024]");
        }
        return bins;
    }

    /** The settings as config keys. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("title", title);
        map.put("top_images", topImages);
        map.put("score", score.name().toLowerCase(Locale.ROOT));
        map.put("colormap", colormap);
        map.put("interpolation", interpolation.toString());
        map.put("nearest", nearest);
        map.put("image_size", imageSize);
        map.put("max_concepts", maxConcepts);
        map.put("histogram_bins", histogramBins);
        map.put("attribution", attribution);
        return map;
    }
}
