package dev.facet.pipeline;

import dev.facet.pipeline.scan.ImageScore;
import dev.facet.report.picture.MapInterpolation;
import dev.facet.report.picture.Colormap;
import dev.facet.report.picture.Jpeg;
import dev.facet.report.picture.PictureFormat;
import dev.facet.spi.ConfigException;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Setting;
import java.util.LinkedHashMap;
import java.util.List;
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
 * @param attribution   an attribution method to explain each drawn concept on its first top images: {@code id},
 *                      optionally {@code images} (how many of the top images, default
 *                      {@value #DEFAULT_ATTRIBUTION_IMAGES}; Facet's key, not passed to the method), plus the
 *                      method's own settings (e.g. {@code {"id": "occlusion", "window": 8}}), or {@code null} for none; a gradient method also needs the dictionary's encoder gradients
 *                      (docs/algorithms.md#concept-gradient)
 * @param visualizers   plugin visualizers run on each drawn concept, each an {@code id} plus its own settings
 * @param imageFormat   file format of the pictures of images: {@code png}, {@code jpeg}, or {@code auto}
 *                      (JPEG for colour inputs of at least {@value #AUTO_JPEG_MIN_SIDE} pixels, photos; PNG
 *                      otherwise); charts are always PNG
 * @param jpegQuality   JPEG quality in (0, 1]
 */
public record ReportSettings(String title, int topImages, ImageScore score, String colormap,
                             MapInterpolation interpolation, int nearest, int imageSize, int maxConcepts,
                             int histogramBins, Map<String, Object> attribution,
                             List<Map<String, Object>> visualizers, String imageFormat, double jpegQuality) {

    private static final Setting<Double> JPEG_QUALITY = Setting.decimal("jpeg_quality", "JPEG quality")
            .defaultValue(Jpeg.DEFAULT_QUALITY).above(0).max(1);

    /** Top images explained by the report's attribution unless its {@code images} key says otherwise. */
    public static final int DEFAULT_ATTRIBUTION_IMAGES = 4;

    /** The shorter input side from which {@code image_format auto} draws colour inputs as JPEG. */
    public static final int AUTO_JPEG_MIN_SIDE = 64;

    private static final Set<String> KEYS = Set.of("title", "top_images", "score", "colormap", "interpolation", "nearest",
            "image_size", "max_concepts", "histogram_bins", "attribution", "visualizers", "image_format", "jpeg_quality");

    public ReportSettings {
        if (!"palette".equals(colormap)) {
            Colormap.parse(colormap);
        }
        if (attribution != null) {
            if (!(attribution.get("id") instanceof String)) {
                throw new ConfigException("report attribution: expected an object with a string 'id' (e.g. occlusion), found "
                        + attribution);
            }
            Object images = attribution.get("images");
            if (images != null && !(images instanceof Integer count && count >= 1 && count <= 64)) {
                throw new ConfigException("report attribution images: expected an integer in [1, 64], found " + images);
            }
            attribution = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attribution));
        }
        List<Map<String, Object>> checked = new java.util.ArrayList<>();
        for (Map<String, Object> visualizer : visualizers == null ? List.<Map<String, Object>>of() : visualizers) {
            if (visualizer == null || !(visualizer.get("id") instanceof String)) {
                throw new ConfigException("report visualizers: expected objects with a string 'id', found " + visualizer);
            }
            checked.add(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(visualizer)));
        }
        visualizers = List.copyOf(checked);
        if (!"auto".equals(imageFormat)) {
            imageFormat = PictureFormat.parse("report image_format", imageFormat).name().toLowerCase(Locale.ROOT);
        }
        Jpeg.requireQuality(jpegQuality);
    }

    /**
     * The format of the pictures of images for a backbone taking {@code input}: the setting, or for
     * {@code auto} JPEG when the input has colour and both sides of at least {@value #AUTO_JPEG_MIN_SIDE} pixels.
     */
    public PictureFormat pictureFormat(InputSpec input) {
        if (!"auto".equals(imageFormat)) {
            return PictureFormat.parse("report image_format", imageFormat);
        }
        boolean photo = input.channels() == 3 && Math.min(input.height(), input.width()) >= AUTO_JPEG_MIN_SIDE;
        return photo ? PictureFormat.JPEG : PictureFormat.PNG;
    }

    /** A section's own settings: every key but {@code id}. */
    public static Map<String, Object> settingsOf(Map<String, Object> section) {
        Map<String, Object> settings = new LinkedHashMap<>(section == null ? Map.of() : section);
        settings.remove("id");
        return settings;
    }

    /** The attribution's id, or {@code null}. */
    public String attributionId() {
        return attribution == null ? null : (String) attribution.get("id");
    }

    /** The attribution's own settings (every key but {@code id} and {@code images}). */
    public Map<String, Object> attributionSettings() {
        Map<String, Object> settings = settingsOf(attribution);
        settings.remove("images");
        return settings;
    }

    /** How many of each drawn concept's top images the attribution explains. */
    public int attributionImages() {
        return attribution != null && attribution.get("images") instanceof Integer count ? count : DEFAULT_ATTRIBUTION_IMAGES;
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
                v.has("attribution") ? v.optSection("attribution").asMap() : null, visualizers(v),
                v.optString("image_format", "auto"), JPEG_QUALITY.readFrom(v));
    }

    private static List<Map<String, Object>> visualizers(ConfigValues v) {
        Object value = v.asMap().get("visualizers");
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new ConfigException(v.source() + ": invalid visualizers: " + value
                    + "; expected a list of objects such as [{\"id\": \"mean-image\"}]");
        }
        List<Map<String, Object>> sections = new java.util.ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                throw new ConfigException(v.source() + ": invalid visualizers[" + i + "]: " + list.get(i)
                        + "; expected an object with an 'id'");
            }
            Map<String, Object> section = new LinkedHashMap<>();
            map.forEach((key, item) -> section.put(String.valueOf(key), item));
            sections.add(section);
        }
        return sections;
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
        map.put("visualizers", visualizers);
        map.put("image_format", imageFormat);
        map.put("jpeg_quality", jpegQuality);
        return map;
    }
}
