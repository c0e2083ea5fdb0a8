package dev.facet.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * An id or name (plugin, backbone, learner, hook point, tensor name) that nothing provides.
 * The message lists the closest available names so a typo is obvious:
 * {@code Unknown backbone 'dino-v3'; closest: [dinov2-s, dinov2-b]; 7 available}.
 */
public class UnknownComponentException extends FacetException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_LISTED = 20;
    private static final int CLOSEST = 5;

    public UnknownComponentException(String kind, String requested, Collection<String> available) {
        super(describe(kind, requested, available));
    }

    private static String describe(String kind, String requested, Collection<String> available) {
        if (available.isEmpty()) {
            return "Unknown " + kind + " '" + requested + "'; none available";
        }
        if (available.size() <= MAX_LISTED) {
            return "Unknown " + kind + " '" + requested + "'; available: "
                    + available.stream().sorted().toList();
        }
        return "Unknown " + kind + " '" + requested + "'; closest: "
                + closest(requested, available, CLOSEST) + "; " + available.size() + " available";
    }

    /** The {@code limit} names nearest to {@code requested} by case-insensitive edit distance. */
    public static List<String> closest(String requested, Collection<String> names, int limit) {
        String query = requested.toLowerCase(Locale.ROOT);
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(Comparator.<String, Boolean>comparing(n -> !overlaps(query, n.toLowerCase(Locale.ROOT)))
                .thenComparingInt(n -> editDistance(query, n.toLowerCase(Locale.ROOT)))
                .thenComparing(Comparator.naturalOrder()));
        return List.copyOf(sorted.subList(0, Math.min(limit, sorted.size())));
    }

    /** Whether one name contains the other: such names rank before any edit-distance neighbour. */
    private static boolean overlaps(String query, String name) {
        return name.contains(query) || query.contains(name);
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
