package dev.facet.cli;

import dev.facet.json.StrictJson;
import dev.facet.spi.ConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code --set KEY=VALUE} options of the commands that take settings. */
final class KeyValues {
    private KeyValues() {
    }

    /** The options as a map, in order; each value is JSON (numbers, booleans, lists) when it is exactly one JSON value, else a string (so {@code k=1 2} is the string "1 2", not 1). */
    static Map<String, Object> parse(List<String> settings) {
        return parse(settings, "--set");
    }

    /** {@link #parse(List)} of the options of {@code option} (e.g. {@code --option}), naming it on error. */
    static Map<String, Object> parse(List<String> settings, String option) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String setting : settings) {
            int equals = setting.indexOf('=');
            if (equals < 1) {
                throw new ConfigException(option + " expects KEY=VALUE, found '" + setting + "'");
            }
            values.put(setting.substring(0, equals).trim(), value(setting.substring(equals + 1).trim()));
        }
        return values;
    }

    static Object value(String text) {
        return StrictJson.valueOr(text, text);
    }

    /** {@code values} without its null entries: the options a user left out fall back to the section's defaults. */
    static Map<String, Object> present(Map<String, Object> values) {
        Map<String, Object> present = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (value != null) {
                present.put(key, value);
            }
        });
        return present;
    }
}
