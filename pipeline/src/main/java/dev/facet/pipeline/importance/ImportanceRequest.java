package dev.facet.pipeline.importance;

import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which classes to explain, on how many images, and how ({@link ImportanceSettings}): the
 * {@code importance} section of a pipeline config and the options of {@code facet importance}.
 *
 * @param classes        class names or indices, or {@code all}
 * @param classNames     the name of each class in output order, or empty when the classes go by index
 * @param imagesPerClass images explained per class, the first ones of the class in source order (0 = all)
 * @param topImages      images listed per concept and class, those where the concept matters most
 * @param settings       the algorithm's settings
 */
public record ImportanceRequest(List<String> classes, List<String> classNames, int imagesPerClass, int topImages,
                                ImportanceSettings settings) {

    static final Setting<List<String>> CLASSES = Setting.formatted("classes", new NameList(),
            "classes to explain, by name or index, or all").defaultValue(List.of(ClassSelection.ALL));
    static final Setting<List<String>> CLASS_NAMES = Setting.formatted("class_names", new NameList(),
            "the name of each class in the model's output order (empty: classes go by index)").defaultValue(List.of());
    static final Setting<Integer> IMAGES_PER_CLASS = Setting.integer("images_per_class",
            "images explained per class, the first of the class in source order (0 = all)").defaultValue(16).min(0);
    static final Setting<Integer> TOP_IMAGES = Setting.integer("top_images",
            "images listed per concept and class, where the concept matters most").defaultValue(5).range(0, 64);
    /** Every setting: these and the algorithm's {@link ImportanceSettings#SETTINGS}. */
    public static final Settings SETTINGS = Settings.of(CLASSES, CLASS_NAMES, IMAGES_PER_CLASS, TOP_IMAGES)
            .and(ImportanceSettings.SETTINGS);

    public ImportanceRequest {
        classes = List.copyOf(classes);
        classNames = List.copyOf(classNames);
    }

    /** Reads a section; unknown keys and bad values are refused naming the key. */
    public static ImportanceRequest of(ConfigValues values) {
        Settings.Values read = SETTINGS.read(values);
        Map<String, Object> own = new LinkedHashMap<>(values.asMap());
        for (Setting<?> setting : List.of(CLASSES, CLASS_NAMES, IMAGES_PER_CLASS, TOP_IMAGES)) {
            own.remove(setting.name());
        }
        return new ImportanceRequest(read.get(CLASSES), read.get(CLASS_NAMES), read.get(IMAGES_PER_CLASS),
                read.get(TOP_IMAGES), ImportanceSettings.from(ConfigValues.of(values.source(), own)));
    }

    /** This request with {@code names} as the class names. */
    public ImportanceRequest withClassNames(List<String> names) {
        return new ImportanceRequest(classes, names, imagesPerClass, topImages, settings);
    }

    /** The request as config keys, for fingerprints and provenance. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("classes", classes);
        map.put("class_names", classNames);
        map.put("images_per_class", imagesPerClass);
        map.put("top_images", topImages);
        map.putAll(settings.toMap());
        return map;
    }
}
