package dev.facet.pipeline.importance;

import dev.facet.spi.config.ValueFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A list of names written as a JSON list (numbers allowed: they stand for indices) or comma-separated text. */
final class NameList implements ValueFormat<List<String>> {

    @Override
    public String label() {
        return "names";
    }

    @Override
    public String rule() {
        return "a list of names or indices, or comma-separated text";
    }

    @Override
    public List<String> parse(Object raw) {
        List<?> items = raw instanceof List<?> list ? list
                : String.valueOf(raw).isBlank() ? List.of() : Arrays.asList(String.valueOf(raw).split(","));
        List<String> names = new ArrayList<>();
        for (Object item : items) {
            String name = item instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
                    ? Long.toString(number.longValue()) : String.valueOf(item).strip();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("expected " + rule() + ", found an empty name in " + raw);
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    @Override
    public Object toJson(List<String> value) {
        return value;
    }
}
