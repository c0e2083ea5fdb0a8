package dev.facet.spi.config;

/**
 * How the value of a {@link Setting#formatted formatted} setting is written, for values the plain
 * types cannot say: an image size written {@code 224} or {@code "224x224"}, per-channel numbers
 * written {@code 0.5}, {@code [0.485, 0.456, 0.406]} or {@code "0.485,0.456,0.406"}. The format
 * reads every spelling it accepts from the JSON-like value a configuration gives and writes the
 * value back as one spelling it reads.
 *
 * @param <T> the Java type of the value
 */
public interface ValueFormat<T> {

    /** The type as setting tables show it, e.g. {@code size}. */
    String label();

    /** What may be written, as the range column of setting tables shows it, e.g. {@code N or HxW, each in [1, 4096]}. */
    String rule();

    /**
     * The value {@code raw} stands for.
     *
     * @param raw a String, Number, Boolean or List as a configuration gives it, never null
     * @throws IllegalArgumentException saying what was expected, e.g. {@code expected N or HxW}
     */
    T parse(Object raw);

    /** {@code value} as a JSON-like value (String, Number, Boolean or List) that {@link #parse} reads back. */
    Object toJson(T value);
}
