package dev.facet.spark;

import dev.facet.spi.ConfigException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The source indices {@code [start, end)} of the images one task reads.
 *
 * @param start the first source index
 * @param end   the source index after the last
 */
public record SourceRange(int start, int end) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How many source indices the range holds. */
    public int size() {
        return end - start;
    }

    /**
     * Splits {@code [0, items)} into at most {@code parts} contiguous ranges, none empty, each starting at a
     * multiple of {@code unit} and as even as whole units allow: a task's work then begins where the single
     * machine's does (a shard, a batch), so what it writes or computes is the same.
     */
    public static List<SourceRange> aligned(int items, int unit, int parts) {
        if (unit < 1 || parts < 1) {
            throw ConfigException.outOfRange("unit / parts of a split", unit + " / " + parts, ">= 1");
        }
        long units = (items + (long) unit - 1) / unit;
        int count = (int) Math.min(parts, units);
        List<SourceRange> ranges = new ArrayList<>(count);
        for (int p = 0; p < count; p++) {
            ranges.add(new SourceRange((int) Math.min(items, p * units / count * unit),
                    (int) Math.min(items, (p + 1) * units / count * unit)));
        }
        return ranges;
    }
}
