package dev.facet.spi.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings a component takes, declared once: an ordered list of {@link Setting}s with
 * unique names. {@link #read} validates a configuration against it (types, ranges, choices,
 * required keys, unknown keys, settings the component fixes) and reports every problem at once
 * in one {@link InvalidSettingsException}; the typed {@link Values} it returns have every default
 * filled in and are what the component saves as its hyperparameters ({@link Values#toMap}).
 * <pre>{@code
 * static final Setting<Integer> WINDOW = Setting.integer("window", "side of the patch, pixels").defaultValue(8).min(1);
 * static final Setting<Integer> STRIDE = Setting.integer("stride", "step between patches, pixels")
 *         .derivedDefault("window / 2", v -> Math.max(1, v.get(WINDOW) / 2)).min(1);
 * static final Settings SETTINGS = Settings.of(WINDOW, STRIDE);
 *
 * Settings.Values values = SETTINGS.read(ConfigValues.of("attribution 'occlusion'", Map.of("window", 16)));
 * int stride = values.get(STRIDE);                       // 8
 * Map<String, Object> saved = values.toMap();           // {window=16, stride=8}
 * }</pre>
 */
public final class Settings {
    private static final Settings EMPTY = new Settings(List.of());

    private final List<Setting<?>> settings;
    private final Map<String, Setting<?>> byName;

    private Settings(List<Setting<?>> settings) {
        Map<String, Setting<?>> names = new LinkedHashMap<>();
        for (Setting<?> setting : settings) {
            if (names.put(setting.name(), setting) != null) {
                throw new IllegalArgumentException("setting '" + setting.name() + "' is declared twice");
            }
        }
        this.settings = List.copyOf(settings);
        this.byName = Collections.unmodifiableMap(names);
    }

    /** No settings: what a component that declares none reports. */
    public static Settings empty() {
        return EMPTY;
    }

    /** The settings in this order; names must be unique. */
    public static Settings of(Setting<?>... settings) {
        return new Settings(List.of(settings));
    }

    /** The settings in this order; names must be unique. */
    public static Settings of(List<? extends Setting<?>> settings) {
        return new Settings(List.copyOf(settings));
    }

    /** These settings followed by {@code more}; names must stay unique. */
    public Settings and(Settings more) {
        List<Setting<?>> all = new ArrayList<>(settings);
        all.addAll(more.settings);
        return new Settings(all);
    }

    /** These settings with the one of the same name replaced by {@code replacement}, in place. */
    public Settings replace(Setting<?> replacement) {
        requireDeclared(replacement.name());
        List<Setting<?>> all = new ArrayList<>(settings);
        all.replaceAll(s -> s.name().equals(replacement.name()) ? replacement : s);
        return new Settings(all);
    }

    /**
     * These settings with {@code setting} fixed to {@code value} by {@code fixedBy} (see
     * {@link Setting#fixed}); derived defaults that depend on fixed settings only become plain
     * defaults, so tables show the value the component really uses.
     */
    @SuppressWarnings("unchecked")
    public <T> Settings fix(Setting<T> setting, T value, String fixedBy) {
        Setting<?> declared = byName.get(setting.name());
        if (declared == null || declared.type() != setting.type()) {
            throw new IllegalArgumentException("no " + setting.type().label() + " setting '" + setting.name()
                    + "' in " + byName.keySet());
        }
        Settings fixed = replace(((Setting<T>) declared).fixed(value, fixedBy));
        Values known = new Values(fixed);
        fixed.settings.stream().filter(Setting::isFixed).forEach(s -> known.put(s, s.fixedValue()));
        List<Setting<?>> all = new ArrayList<>(fixed.settings);
        all.replaceAll(s -> s.resolvedAgainst(known));
        return new Settings(all);
    }

    /** The settings in declaration order. */
    public List<Setting<?>> list() {
        return settings;
    }

    public boolean isEmpty() {
        return settings.isEmpty();
    }

    /** The names in declaration order. */
    public Set<String> names() {
        return byName.keySet();
    }

    /** The names a configuration may give: every name but the fixed ones. */
    public Set<String> allowedNames() {
        Set<String> allowed = new LinkedHashSet<>();
        settings.stream().filter(s -> !s.isFixed()).forEach(s -> allowed.add(s.name()));
        return allowed;
    }

    /**
     * Validates {@code values} and returns the typed values with defaults filled in.
     *
     * @throws InvalidSettingsException listing every unknown key, wrong type, out-of-range value,
     *                                  bad choice, missing required key and fixed setting given
     */
    public Values read(ConfigValues values) {
        List<String> problems = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        Set<String> unknown = new TreeSet<>(values.keys());
        unknown.removeAll(byName.keySet());
        if (!unknown.isEmpty()) {
            problems.add(unknownKeys(unknown, allowedNames()));
            keys.addAll(unknown);
        }
        Values read = new Values(this);
        for (boolean derivedPass : new boolean[] {false, true}) {
            for (Setting<?> setting : settings) {
                Object raw = values.has(setting.name()) ? values.asMap().get(setting.name()) : null;
                if (derivedPass != (setting.isDerived() && raw == null)) {
                    continue;
                }
                int before = problems.size();
                setting.resolve(raw, read, problems);
                if (problems.size() > before) {
                    keys.add(setting.name());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(values.source(), keys, problems);
        }
        return read;
    }

    /** {@link #read(ConfigValues)} of a map, {@code source} prefixing the messages. */
    public Values read(String source, Map<String, ?> values) {
        return read(ConfigValues.of(source, values));
    }

    /** The message for keys a component does not know. */
    static String unknownKeys(Set<String> unknown, Collection<String> allowed) {
        return "unknown key" + (unknown.size() > 1 ? "s " : " ") + unknown + "; allowed: " + new TreeSet<>(allowed);
    }

    private void requireDeclared(String name) {
        if (!byName.containsKey(name)) {
            throw new IllegalArgumentException("no setting '" + name + "' in " + byName.keySet());
        }
    }

    @Override
    public String toString() {
        return settings.toString();
    }

    /** A setting read before it has a value: a derived default that needs more than the fixed settings. */
    static final class Unresolved extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unresolved(String name) {
            super(name, null, false, false);
        }
    }

    /**
     * The typed values of one configuration, by setting, in declaration order. Choices are enum
     * constants or strings, lists unmodifiable; an {@link Setting#optional()} setting not given is
     * {@code null}.
     */
    public static final class Values {
        private final Settings schema;
        private final Map<String, Object> values = new LinkedHashMap<>();

        Values(Settings schema) {
            this.schema = schema;
        }

        void put(Setting<?> setting, Object value) {
            values.put(setting.name(), value);
        }

        /**
         * The value of {@code setting}, looked up by name.
         *
         * @throws IllegalArgumentException when the schema has no such setting or one of another type
         */
        @SuppressWarnings("unchecked")
        public <T> T get(Setting<T> setting) {
            Setting<?> declared = schema.byName.get(setting.name());
            if (declared == null || declared.type() != setting.type()) {
                throw new IllegalArgumentException("no " + setting.type().label() + " setting '" + setting.name()
                        + "' in " + schema.names());
            }
            if (!values.containsKey(setting.name())) {
                throw new Unresolved(setting.name());
            }
            return (T) values.get(setting.name());
        }

        /** The values of the settings of {@code subset} only (matched by name), in this schema's order. */
        public Values select(Settings subset) {
            Values selected = new Values(Settings.of(schema.settings.stream()
                    .filter(s -> subset.byName.containsKey(s.name())).toList()));
            values.forEach((name, value) -> {
                if (subset.byName.containsKey(name)) {
                    selected.values.put(name, value);
                }
            });
            return selected;
        }

        /**
         * The values as saved in a config file and recorded in provenance: declaration order,
         * choices by name, unset optional settings left out.
         */
        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Setting<?> setting : schema.settings) {
                Object value = values.get(setting.name());
                if (value != null) {
                    map.put(setting.name(), setting.toJson(value));
                }
            }
            return map;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Values other && values.equals(other.values);
        }

        @Override
        public int hashCode() {
            return Objects.hash(values);
        }

        @Override
        public String toString() {
            return toMap().toString();
        }
    }
}
