package dev.facet.pipeline.importance;

import dev.facet.spi.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The classes a request names, resolved against the model's outputs: {@code all}, an index, or a
 * name from the class names (ignoring case).
 *
 * @param indices the chosen classes, in the order named, each once
 * @param names   the name of every output class (the index as text where no names are given)
 */
public record ClassSelection(List<Integer> indices, List<String> names) {
    /** The word that selects every class. */
    public static final String ALL = "all";

    public ClassSelection {
        indices = List.copyOf(indices);
        names = List.copyOf(names);
    }

    /**
     * @param requested  names, indices or {@code all}
     * @param classNames the class names, or empty
     * @param classes    the number of classes of the model's output
     * @param field      where the classes were given, for messages (e.g. {@code --class})
     * @throws ConfigException for a name or index the model does not have, listing its classes, or
     *                         class names that do not match the output
     */
    public static ClassSelection resolve(List<String> requested, List<String> classNames, int classes, String field) {
        if (!classNames.isEmpty() && classNames.size() != classes) {
            throw new ConfigException(field + ": " + classNames.size() + " class names given, but the model's output has "
                    + classes + " classes");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            names.add(classNames.isEmpty() ? Integer.toString(i) : classNames.get(i));
        }
        Set<Integer> chosen = new LinkedHashSet<>();
        for (String name : requested) {
            if (name.equalsIgnoreCase(ALL)) {
                for (int i = 0; i < classes; i++) {
                    chosen.add(i);
                }
                continue;
            }
            chosen.add(indexOf(name, names, field));
        }
        if (chosen.isEmpty()) {
            throw new ConfigException(field + ": no class chosen; name classes or 'all'. Classes: " + listing(names));
        }
        return new ClassSelection(new ArrayList<>(chosen), names);
    }

    private static int indexOf(String name, List<String> names, String field) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        if (name.matches("\\d{1,9}") && Integer.parseInt(name) < names.size()) {
            return Integer.parseInt(name);
        }
        throw new ConfigException(field + ": unknown class '" + name + "'. Classes: " + listing(names));
    }

    private static String listing(List<String> names) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(i);
            if (!names.get(i).equals(Integer.toString(i))) {
                text.append(' ').append(names.get(i));
            }
        }
        return text.toString();
    }

    /** Whether {@code index} was chosen. */
    public boolean contains(int index) {
        return indices.contains(index);
    }
}
