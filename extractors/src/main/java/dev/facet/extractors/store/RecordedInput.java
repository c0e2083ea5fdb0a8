package dev.facet.extractors.store;

import dev.facet.spi.FacetException;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResizeMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The preprocessing an activation store records in {@code metadata.preprocessing}
 * (docs/formats.md#manifestjson): the images it was made from and the backbone's resolved input
 * spec, written by extraction and read back by consumers that must use the same input (the report).
 */
public final class RecordedInput {

    private RecordedInput() {
    }

    /** The record of {@code input} for a store made from {@code imageCount} images of {@code images}. */
    public static Map<String, Object> of(InputSpec input, String images, int imageCount) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("images", images);
        map.put("imageCount", imageCount);
        map.put("channels", input.channels());
        map.put("height", input.height());
        map.put("width", input.width());
        map.put("order", input.order().name().toLowerCase(Locale.ROOT));
        map.put("resize", input.resize().name().toLowerCase(Locale.ROOT));
        map.put("mean", toList(input.mean()));
        map.put("std", toList(input.std()));
        return map;
    }

    /**
     * The input spec a record holds, or empty when it holds none (a store written before the spec was
     * recorded) or a spec this Facet cannot read.
     */
    public static Optional<InputSpec> read(Map<String, Object> record) {
        try {
            return Optional.of(new InputSpec(integer(record.get("channels")), integer(record.get("height")),
                    integer(record.get("width")), ChannelOrder.valueOf(upper(record.get("order"))),
                    ResizeMode.valueOf(upper(record.get("resize"))), floats(record.get("mean")), floats(record.get("std"))));
        } catch (IllegalArgumentException | ClassCastException | NullPointerException | FacetException e) {
            return Optional.empty();
        }
    }

    private static int integer(Object value) {
        return ((Number) value).intValue();
    }

    private static String upper(Object value) {
        return ((String) value).toUpperCase(Locale.ROOT);
    }

    private static float[] floats(Object value) {
        List<?> list = (List<?>) value;
        float[] values = new float[list.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = ((Number) list.get(i)).floatValue();
        }
        return values;
    }

    private static List<Double> toList(float[] values) {
        Double[] boxed = new Double[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = (double) values[i];
        }
        return List.of(boxed);
    }
}
