package dev.facet.extractors;

import dev.facet.spi.ConfigException;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.ResizeMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The names people write for the preprocessing choices: every {@link ResizeMode} and
 * {@link ChannelOrder} constant in lowercase words joined by '-' ({@code shorter-side-center-crop}),
 * matched ignoring case with '-' and '_' alike, plus {@code center-crop} and {@code centre-crop} for
 * {@link ResizeMode#SHORTER_SIDE_CENTER_CROP}. Descriptors, backbone settings, {@code --help} and
 * error messages all take their lists from here, so a new constant is accepted and listed as it is
 * added to the enum.
 */
public final class InputNames {
    private static final Map<String, ResizeMode> RESIZE_ALIASES = aliases();

    private InputNames() {
    }

    private static Map<String, ResizeMode> aliases() {
        Map<String, ResizeMode> aliases = new LinkedHashMap<>();
        aliases.put("center-crop", ResizeMode.SHORTER_SIDE_CENTER_CROP);
        aliases.put("centre-crop", ResizeMode.SHORTER_SIDE_CENTER_CROP);
        return aliases;
    }

    /** {@code constant} as written: lowercase words joined by '-'. */
    public static String of(Enum<?> constant) {
        return canonical(constant.name());
    }

    /** The name of every resize mode, then the aliases. */
    public static List<String> resizeModes() {
        List<String> names = names(ResizeMode.class);
        names.addAll(RESIZE_ALIASES.keySet());
        return List.copyOf(names);
    }

    /** The name of every channel order. */
    public static List<String> channelOrders() {
        return List.copyOf(names(ChannelOrder.class));
    }

    /**
     * The resize mode {@code value} names.
     *
     * @param field where the value was given, for the message ({@code input.resize})
     * @throws ConfigException naming the field, the value and every name allowed
     */
    public static ResizeMode resize(String value, String field) {
        return parse(ResizeMode.class, RESIZE_ALIASES, value, field, resizeModes());
    }

    /**
     * The channel order {@code value} names.
     *
     * @param field where the value was given, for the message ({@code input.order})
     * @throws ConfigException naming the field, the value and every name allowed
     */
    public static ChannelOrder order(String value, String field) {
        return parse(ChannelOrder.class, Map.of(), value, field, channelOrders());
    }

    private static <E extends Enum<E>> E parse(Class<E> type, Map<String, E> aliases, String value, String field,
                                               List<String> allowed) {
        String wanted = value == null ? "" : canonical(value);
        for (E constant : type.getEnumConstants()) {
            if (of(constant).equals(wanted)) {
                return constant;
            }
        }
        E alias = aliases.get(wanted);
        if (alias == null) {
            throw ConfigException.outOfRange(field, "'" + value + "'", String.join(", ", allowed));
        }
        return alias;
    }

    private static <E extends Enum<E>> List<String> names(Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(of(constant));
        }
        return names;
    }

    private static String canonical(String name) {
        return name.strip().replace('_', '-').toLowerCase(Locale.ROOT);
    }
}
