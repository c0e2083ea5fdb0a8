package dev.facet.spi.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One declared setting of a component: its name, type, default (or that it is required), allowed
 * range or choices, and a one-line description. A {@link Settings} schema is an ordered list of
 * them; validation, the saved hyperparameters, {@code facet plugins --settings ID} and the
 * generated documentation all read the same declaration.
 *
 * <p>Instances are immutable: every modifier returns a copy.
 * <pre>{@code
 * static final Setting<Integer> K = Setting.integer("k", "active codes per sample").required().min(1);
 * static final Setting<Double> LR = Setting.decimal("lr", "base learning rate").defaultValue(5e-4).above(0);
 * }</pre>
 *
 * @param <T> the Java type of the value: Integer, Long, Double, Boolean, String, an enum, List&lt;Integer&gt;,
 *            or the type of a {@link ValueFormat}
 */
public final class Setting<T> {

    /** The kinds of value a setting holds. */
    public enum Type {
        INT("int"), LONG("long"), DOUBLE("double"), BOOLEAN("boolean"), STRING("string"), CHOICE("choice"),
        INT_LIST("int list"), FORMATTED("formatted");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        /** Lowercase name shown in tables. */
        public String label() {
            return label;
        }
    }

    /** Where the value comes from when the configuration does not give it. */
    private enum Presence { REQUIRED, DEFAULT, DERIVED, OPTIONAL, FIXED }

    /** One end of a numeric range. */
    private record Bound(Number value, boolean inclusive) {
    }

    private final String name;
    private final Type type;
    private final String description;
    private final Presence presence;
    private final T value;
    private final Function<Settings.Values, T> rule;
    private final String ruleText;
    private final String owner;
    private final Bound lower;
    private final Bound upper;
    private final List<String> choices;
    private final Function<String, T> fromChoice;
    private final Function<T, String> toChoice;
    private final ValueFormat<T> format;

    private Setting(String name, Type type, String description, Presence presence, T value,
                    Function<Settings.Values, T> rule, String ruleText, String owner, Bound lower, Bound upper,
                    List<String> choices, Function<String, T> fromChoice, Function<T, String> toChoice,
                    ValueFormat<T> format) {
        this.name = name;
        this.type = type;
        this.description = description;
        this.presence = presence;
        this.value = value;
        this.rule = rule;
        this.ruleText = ruleText;
        this.owner = owner;
        this.lower = lower;
        this.upper = upper;
        this.choices = choices;
        this.fromChoice = fromChoice;
        this.toChoice = toChoice;
        this.format = format;
    }

    private static <T> Setting<T> declare(String name, Type type, String description, List<String> choices,
                                          Function<String, T> fromChoice, Function<T, String> toChoice) {
        return declare(name, type, description, choices, fromChoice, toChoice, null);
    }

    private static <T> Setting<T> declare(String name, Type type, String description, List<String> choices,
                                          Function<String, T> fromChoice, Function<T, String> toChoice,
                                          ValueFormat<T> format) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a setting needs a name");
        }
        Objects.requireNonNull(description, "description");
        return new Setting<>(name, type, description.strip(), Presence.REQUIRED, null, null, null, null, null, null,
                choices, fromChoice, toChoice, format);
    }

    /** A 32-bit integer, required until a default is given. */
    public static Setting<Integer> integer(String name, String description) {
        return declare(name, Type.INT, description, List.of(), null, null);
    }

    /** A 64-bit integer, required until a default is given. */
    public static Setting<Long> longInteger(String name, String description) {
        return declare(name, Type.LONG, description, List.of(), null, null);
    }

    /** A finite number, required until a default is given. */
    public static Setting<Double> decimal(String name, String description) {
        return declare(name, Type.DOUBLE, description, List.of(), null, null);
    }

    /** {@code true} or {@code false}, required until a default is given. */
    public static Setting<Boolean> bool(String name, String description) {
        return declare(name, Type.BOOLEAN, description, List.of(), null, null);
    }

    /** Free text, required until a default is given. */
    public static Setting<String> string(String name, String description) {
        return declare(name, Type.STRING, description, List.of(), null, null);
    }

    /**
     * One constant of {@code type}, written as its lowercase name ({@code GEOMETRIC_MEDIAN} is
     * {@code geometric_median}); matched ignoring case, with '-' standing for '_'.
     */
    public static <E extends Enum<E>> Setting<E> choice(String name, Class<E> type, String description) {
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name().toLowerCase(Locale.ROOT));
        }
        return declare(name, Type.CHOICE, description, List.copyOf(names),
                chosen -> type.getEnumConstants()[names.indexOf(chosen)], constant -> constant.name().toLowerCase(Locale.ROOT));
    }

    /** One of {@code choices}, matched ignoring case, with '-' standing for '_'. */
    public static Setting<String> choice(String name, List<String> choices, String description) {
        List<String> copy = List.copyOf(choices);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("setting '" + name + "' needs at least one choice");
        }
        return declare(name, Type.CHOICE, description, copy, Function.identity(), Function.identity());
    }

    /** A list of integers; {@link #min} and friends bound every element. */
    public static Setting<List<Integer>> integers(String name, String description) {
        return declare(name, Type.INT_LIST, description, List.of(), null, null);
    }

    /**
     * A value written in {@code format}'s own spellings (a size as {@code 224} or {@code "224x224"},
     * say); the format checks it, so such a setting takes no {@link #min range}.
     */
    public static <T> Setting<T> formatted(String name, ValueFormat<T> format, String description) {
        return declare(name, Type.FORMATTED, description, List.of(), null, null, Objects.requireNonNull(format, "format"));
    }

    private Setting<T> with(Presence presence, T value, Function<Settings.Values, T> rule, String ruleText,
                            String owner) {
        return new Setting<>(name, type, description, presence, value, rule, ruleText, owner, lower, upper, choices,
                fromChoice, toChoice, format);
    }

    private Setting<T> bounded(Bound lower, Bound upper) {
        if (type == Type.BOOLEAN || type == Type.STRING || type == Type.CHOICE || type == Type.FORMATTED) {
            throw new IllegalArgumentException("setting '" + name + "' of type " + type.label() + " has no range");
        }
        return new Setting<>(name, type, description, presence, value, rule, ruleText, owner, lower, upper, choices,
                fromChoice, toChoice, format);
    }

    /** Used when the configuration does not give the setting. */
    public Setting<T> defaultValue(T fallback) {
        return with(Presence.DEFAULT, Objects.requireNonNull(fallback, "default of " + name), null, null, null);
    }

    /**
     * The default is computed from the other settings: those without a derived default are read
     * first, then the derived ones in declaration order, so a rule may read any of the former and
     * derived ones declared before it.
     *
     * @param explanation how, in a few words, for tables ({@code "lr / 10"})
     * @param computed    the rule; it reads earlier settings through {@link Settings.Values#get}
     */
    public Setting<T> derivedDefault(String explanation, Function<Settings.Values, T> computed) {
        return with(Presence.DERIVED, null, Objects.requireNonNull(computed), Objects.requireNonNull(explanation),
                null);
    }

    /** The configuration must give the setting (the state of a new declaration). */
    public Setting<T> required() {
        return with(Presence.REQUIRED, null, null, null, null);
    }

    /** No default: {@link Settings.Values#get} returns {@code null} when the configuration does not give it. */
    public Setting<T> optional() {
        return with(Presence.OPTIONAL, null, null, null, null);
    }

    /**
     * The component fixes the value; a configuration that gives the setting is refused naming
     * both: {@code learner 'topk' does not take setting 'sparsifier' (its sparsifier is topk)}.
     *
     * @param fixedValue the value the component uses
     * @param fixedBy    who fixes it, as a message names it: {@code learner 'topk'}
     */
    public Setting<T> fixed(T fixedValue, String fixedBy) {
        return with(Presence.FIXED, Objects.requireNonNull(fixedValue), null, null, Objects.requireNonNull(fixedBy));
    }

    /** Values must be {@code >= min}. */
    public Setting<T> min(Number min) {
        return bounded(new Bound(min, true), upper);
    }

    /** Values must be {@code > min}. */
    public Setting<T> above(Number min) {
        return bounded(new Bound(min, false), upper);
    }

    /** Values must be {@code <= max}. */
    public Setting<T> max(Number max) {
        return bounded(lower, new Bound(max, true));
    }

    /** Values must be {@code < max}. */
    public Setting<T> below(Number max) {
        return bounded(lower, new Bound(max, false));
    }

    /** Values must lie in [min, max]. */
    public Setting<T> range(Number min, Number max) {
        return min(min).max(max);
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    public String description() {
        return description;
    }

    /** The type as tables show it: the format's label for a {@link #formatted} setting, else the type's. */
    public String typeLabel() {
        return type == Type.FORMATTED ? format.label() : type.label();
    }

    /** The allowed choices of a {@link Type#CHOICE} setting, canonical spelling; empty otherwise. */
    public List<String> choices() {
        return choices;
    }

    public boolean isRequired() {
        return presence == Presence.REQUIRED;
    }

    /** Whether the component fixes the value (see {@link #fixed}). */
    public boolean isFixed() {
        return presence == Presence.FIXED;
    }

    /** Whether the default is computed from earlier settings (see {@link #derivedDefault}). */
    public boolean isDerived() {
        return presence == Presence.DERIVED;
    }

    /** The default as a table shows it: a value, {@code required}, {@code none}, a rule, or the fixed value. */
    public String defaultText() {
        return switch (presence) {
            case REQUIRED -> "required";
            case OPTIONAL -> "none";
            case DERIVED -> ruleText;
            case DEFAULT -> display(toJson(value));
            case FIXED -> "fixed: " + display(toJson(value));
        };
    }

    /**
     * The range or the choices as a table shows them: {@code [1, 64]}, {@code > 0},
     * {@code relu | topk}; empty when there are none or the setting is fixed.
     */
    public String constraintText() {
        if (presence == Presence.FIXED) {
            return "";
        }
        if (type == Type.CHOICE) {
            return String.join(" | ", choices);
        }
        if (type == Type.FORMATTED) {
            return format.rule();
        }
        String range = rangeText();
        return type == Type.INT_LIST && !range.isEmpty() ? "each " + range : range;
    }

    /** The value of a {@link #fixed} setting. */
    T fixedValue() {
        return value;
    }

    /** This setting with its derived default computed once from the fixed settings, when the rule needs nothing else. */
    Setting<T> resolvedAgainst(Settings.Values fixedValues) {
        if (presence != Presence.DERIVED) {
            return this;
        }
        try {
            return defaultValue(rule.apply(fixedValues));
        } catch (Settings.Unresolved e) {
            return this;
        }
    }

    /** Checks {@code raw} (null when absent) and stores the value in {@code values}, or adds a problem. */
    void resolve(Object raw, Settings.Values values, List<String> problems) {
        if (presence == Presence.FIXED) {
            if (raw != null) {
                problems.add(owner + " does not take setting '" + name + "' (its " + name + " is "
                        + display(toJson(value)) + ")");
            }
            values.put(this, value);
            return;
        }
        if (raw != null) {
            int before = problems.size();
            T parsed = parse(raw, problems);
            if (problems.size() == before) {
                values.put(this, parsed);
            }
            return;
        }
        switch (presence) {
            case REQUIRED -> problems.add("missing required key '" + name + "'");
            case DEFAULT -> values.put(this, value);
            case OPTIONAL -> values.put(this, null);
            case DERIVED -> {
                if (problems.isEmpty()) {
                    values.put(this, rule.apply(values));
                }
            }
            default -> throw new IllegalStateException(presence.name());
        }
    }

    /**
     * This one setting read from {@code values} on its own, for components that read their
     * configuration key by key.
     *
     * @throws dev.facet.spi.ConfigException prefixed with {@code values.source()}
     */
    public T readFrom(ConfigValues values) {
        return Settings.of(this).read(ConfigValues.of(values.source(),
                values.has(name) ? java.util.Map.of(name, values.asMap().get(name)) : java.util.Map.of())).get(this);
    }

    @SuppressWarnings("unchecked")
    private T parse(Object raw, List<String> problems) {
        return switch (type) {
            case INT -> {
                Long whole = whole(raw, problems, "an integer");
                if (whole != null && (whole < Integer.MIN_VALUE || whole > Integer.MAX_VALUE)) {
                    problems.add("invalid " + name + ": " + raw + "; expected a 32-bit integer");
                    yield null;
                }
                yield whole == null || !inRange(name, whole, raw, problems) ? null : (T) Integer.valueOf(whole.intValue());
            }
            case LONG -> {
                Long whole = whole(raw, problems, "an integer");
                yield whole == null || !inRange(name, whole, raw, problems) ? null : (T) whole;
            }
            case DOUBLE -> {
                if (!(raw instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                    problems.add("invalid " + name + ": " + raw + "; expected a finite number");
                    yield null;
                }
                double d = n.doubleValue();
                yield inRange(name, d, raw, problems) ? (T) Double.valueOf(d) : null;
            }
            case BOOLEAN -> {
                if (!(raw instanceof Boolean b)) {
                    problems.add("invalid " + name + ": " + raw + "; expected true or false");
                    yield null;
                }
                yield (T) b;
            }
            case STRING -> {
                if (!(raw instanceof String s)) {
                    problems.add("invalid " + name + ": " + raw + "; expected a string");
                    yield null;
                }
                yield (T) s;
            }
            case CHOICE -> {
                if (!(raw instanceof String s)) {
                    problems.add("invalid " + name + ": " + raw + "; expected a string");
                    yield null;
                }
                String wanted = canonical(s);
                for (String choice : choices) {
                    if (canonical(choice).equals(wanted)) {
                        yield fromChoice.apply(choice);
                    }
                }
                problems.add("invalid " + name + ": '" + s + "'; allowed: " + choices);
                yield null;
            }
            case FORMATTED -> {
                try {
                    yield format.parse(raw);
                } catch (IllegalArgumentException e) {
                    problems.add("invalid " + name + ": " + display(raw) + "; " + e.getMessage());
                    yield null;
                }
            }
            case INT_LIST -> {
                if (!(raw instanceof List<?> list)) {
                    problems.add("invalid " + name + ": " + raw + "; expected a list of integers");
                    yield null;
                }
                List<Integer> out = new ArrayList<>();
                int before = problems.size();
                for (Object item : list) {
                    Long whole = item instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                            && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE ? n.longValue() : null;
                    if (whole == null) {
                        problems.add("invalid " + name + ": " + raw + "; expected a list of integers");
                        yield null;
                    }
                    if (inRange(name + " element", whole, item, problems)) {
                        out.add(whole.intValue());
                    }
                }
                yield problems.size() == before ? (T) List.copyOf(out) : null;
            }
        };
    }

    private Long whole(Object raw, List<String> problems, String expected) {
        if (raw instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d)) {
                return n.longValue();
            }
        }
        problems.add("invalid " + name + ": " + raw + "; expected " + expected);
        return null;
    }

    private boolean inRange(String field, Number number, Object given, List<String> problems) {
        boolean integral = type != Type.DOUBLE;
        if (outside(number, lower, integral, true) || outside(number, upper, integral, false)) {
            problems.add("invalid " + field + ": " + given + "; allowed: " + rangeText());
            return false;
        }
        return true;
    }

    private static boolean outside(Number number, Bound bound, boolean integral, boolean isLower) {
        if (bound == null) {
            return false;
        }
        int order = integral ? Long.compare(number.longValue(), bound.value().longValue())
                : Double.compare(number.doubleValue(), bound.value().doubleValue());
        return isLower ? order < 0 || order == 0 && !bound.inclusive() : order > 0 || order == 0 && !bound.inclusive();
    }

    private String rangeText() {
        if (lower != null && upper != null) {
            return (lower.inclusive() ? "[" : "(") + number(lower.value()) + ", " + number(upper.value())
                    + (upper.inclusive() ? "]" : ")");
        }
        if (lower != null) {
            return (lower.inclusive() ? ">= " : "> ") + number(lower.value());
        }
        if (upper != null) {
            return (upper.inclusive() ? "<= " : "< ") + number(upper.value());
        }
        return "";
    }

    private static String canonical(String choice) {
        return choice.strip().replace('-', '_').toLowerCase(Locale.ROOT);
    }

    /** {@code value} as saved: choices by their canonical name, everything else as is. */
    @SuppressWarnings("unchecked")
    Object toJson(Object typed) {
        if (typed == null) {
            return null;
        }
        return switch (type) {
            case CHOICE -> toChoice.apply((T) typed);
            case FORMATTED -> format.toJson((T) typed);
            default -> typed;
        };
    }

    /** A JSON-like value as tables show it: numbers without trailing zeros, lists in brackets. */
    static String display(Object json) {
        if (json instanceof Number n) {
            return number(n);
        }
        if (json instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(item -> items.add(display(item)));
            return "[" + String.join(", ", items) + "]";
        }
        return String.valueOf(json);
    }

    private static String number(Number n) {
        if (!(n instanceof Double) && !(n instanceof Float)) {
            return n.toString();
        }
        BigDecimal decimal = BigDecimal.valueOf(n.doubleValue()).stripTrailingZeros();
        int exponent = decimal.precision() - decimal.scale() - 1;
        return exponent >= -6 && exponent < 12 ? decimal.toPlainString() : decimal.toString();
    }

    @Override
    public String toString() {
        return name + " (" + typeLabel() + ", default " + defaultText() + ")";
    }
}
