package dev.facet.extractors;

import dev.facet.spi.config.ValueFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the preprocessing settings are written: an input size as {@code 224}, {@code "224"},
 * {@code "224x192"} or {@code [224, 192]}; per-channel numbers as {@code 0.5}, {@code "0.5"},
 * {@code "0.485,0.456,0.406"} or {@code [0.485, 0.456, 0.406]}.
 */
final class InputFormats {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,9})(?:\\s*[xX]\\s*(\\d{1,9}))?");

    /** {@code N} (square) or {@code HxW}, each side in [1, {@link InputSize#MAX}]. */
    static final ValueFormat<InputSize> INPUT_SIZE = new ValueFormat<>() {
        @Override
        public String label() {
            return "size";
        }

        @Override
        public String rule() {
            return "N or HxW, each side in [1, " + InputSize.MAX + "]";
        }

        @Override
        public InputSize parse(Object raw) {
            List<Integer> sides = new ArrayList<>();
            if (raw instanceof String text) {
                Matcher matcher = SIZE.matcher(text.strip());
                if (matcher.matches()) {
                    sides.add(Integer.parseInt(matcher.group(1)));
                    sides.add(Integer.parseInt(matcher.group(matcher.group(2) == null ? 1 : 2)));
                }
            } else {
                List<?> items = raw instanceof List<?> list ? list : List.of(raw);
                for (Object item : items) {
                    if (item instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                            && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
                        sides.add(n.intValue());
                    }
                }
                sides = sides.size() == items.size() && items.size() == 1 ? List.of(sides.get(0), sides.get(0)) : sides;
            }
            if (sides.size() != 2 || sides.stream().anyMatch(side -> side < 1 || side > InputSize.MAX)) {
                throw new IllegalArgumentException("expected " + rule() + ", e.g. 224 or 384x512");
            }
            return new InputSize(sides.get(0), sides.get(1));
        }

        @Override
        public Object toJson(InputSize value) {
            return value.height() == value.width() ? (Object) value.height() : value.toString();
        }
    };

    /** Any finite numbers: a per-channel mean. */
    static final ValueFormat<List<Float>> NUMBERS = new ChannelNumbers(false);
    /** Finite numbers above 0: a per-channel standard deviation. */
    static final ValueFormat<List<Float>> POSITIVE_NUMBERS = new ChannelNumbers(true);

    private InputFormats() {
    }

    /** One number for every channel or one per channel. */
    private record ChannelNumbers(boolean positive) implements ValueFormat<List<Float>> {
        @Override
        public String label() {
            return "numbers";
        }

        @Override
        public String rule() {
            return "one value for all channels or one per channel, as 0.5, \"0.485,0.456,0.406\" or a list"
                    + (positive ? "; each > 0" : "");
        }

        @Override
        public List<Float> parse(Object raw) {
            List<?> items = raw instanceof String text ? List.of(text.split(",", -1))
                    : raw instanceof List<?> list ? list : List.of(raw);
            List<Float> values = new ArrayList<>();
            for (Object item : items) {
                Float value = number(item);
                if (value == null || !Float.isFinite(value) || positive && !(value > 0)) {
                    throw new IllegalArgumentException("expected " + rule());
                }
                values.add(value);
            }
            if (values.isEmpty()) {
                throw new IllegalArgumentException("expected " + rule());
            }
            return List.copyOf(values);
        }

        private static Float number(Object item) {
            if (item instanceof Number n) {
                return n.floatValue();
            }
            try {
                return item instanceof String s ? Float.valueOf(s.strip()) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        @Override
        public Object toJson(List<Float> value) {
            return value;
        }
    }
}
