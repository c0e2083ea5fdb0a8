package dev.facet.spi.dictionary;

import dev.facet.spi.ConfigException;
import java.util.Locale;

/**
 * Sizes for {@link DictionaryLearner#estimatedBytes} and for the matrices learners allocate.
 * Products are taken with {@link Math#multiplyExact}, so a size beyond a {@code long} or a Java
 * array is a {@link ConfigException} giving the size needed, never a
 * {@link NegativeArraySizeException} or a wrapped-around length.
 */
public final class MemoryEstimate {

    /** The most elements one Java array may hold. */
    public static final long MAX_ARRAY_ELEMENTS = Integer.MAX_VALUE - 8;
    /** Heap kept free for everything that is not the learner's state: the data batches, the engine, the JVM. */
    public static final double HEAP_MARGIN = 0.1;

    private static final long MB = 1L << 20;

    private MemoryEstimate() {
    }

    /**
     * The length of a {@code rows × cols} matrix held in one Java array.
     *
     * @param what names the matrix and its dimensions in the error, e.g. {@code "learner 'topk': concepts × input dim"}
     * @throws ConfigException when the matrix cannot be one Java array
     */
    public static int arrayLength(String what, long rows, long cols) {
        long elements = elements(what, rows, cols);
        if (elements > MAX_ARRAY_ELEMENTS) {
            throw new ConfigException(what + " = " + rows + " × " + cols + " = " + elements + " values ("
                    + format(saturatedTimes(elements, Float.BYTES)) + " as float32) in one matrix, more than the "
                    + MAX_ARRAY_ELEMENTS + " elements a Java array holds; choose fewer concepts");
        }
        return (int) elements;
    }

    /** Bytes of a float32 {@code rows × cols} matrix held in one Java array; see {@link #arrayLength}. */
    public static long floatMatrix(String what, long rows, long cols) {
        return (long) arrayLength(what, rows, cols) * Float.BYTES;
    }

    /** {@code bytes × count}, or {@link Long#MAX_VALUE} when that exceeds a {@code long}. */
    public static long saturatedTimes(long bytes, long count) {
        try {
            return Math.multiplyExact(bytes, count);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** {@code a + b}, or {@link Long#MAX_VALUE} when that exceeds a {@code long}. */
    public static long saturatedPlus(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** The heap a learner's state may use: the JVM's maximum heap less {@link #HEAP_MARGIN}. */
    public static long usableHeap(long maxHeap) {
        return (long) (maxHeap * (1 - HEAP_MARGIN));
    }

    /**
     * Throws unless {@code bytes}, a learner's {@link DictionaryLearner#estimatedBytes estimate}, fits
     * the {@link #usableHeap usable part} of {@code maxHeap}; a negative estimate (unknown) passes.
     *
     * @param what names the learner and its size, e.g. {@code "learner 'topk' at 16777216 concepts × input dim 768"}
     * @throws ConfigException giving the size needed, the heap available and how to change either
     */
    public static void requireHeap(String what, long bytes, long maxHeap) {
        if (bytes < 0 || bytes <= usableHeap(maxHeap)) {
            return;
        }
        throw new ConfigException(what + " needs about " + format(bytes) + " of heap for its parameters and"
                + " training state, but the JVM's heap is " + format(maxHeap) + " (" + format(usableHeap(maxHeap))
                + " usable after a " + Math.round(HEAP_MARGIN * 100) + "% margin); choose fewer concepts"
                + " (--concepts) or give Java a larger heap with -Xmx (java -Xmx"
                + (long) Math.ceil(bytes / (1 - HEAP_MARGIN) / (1L << 30)) + "g -jar facet.jar …)");
    }

    /** {@code 512.0 MB}, {@code 12.0 GB}, or {@code more than 8 EB} for a saturated size. */
    public static String format(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "more than 8 EB";
        }
        double mb = (double) bytes / MB;
        return mb >= 1024 ? String.format(Locale.ROOT, "%.1f GB", mb / 1024) : String.format(Locale.ROOT, "%.1f MB", mb);
    }

    private static long elements(String what, long rows, long cols) {
        if (rows < 0 || cols < 0) {
            throw new ConfigException(what + " = " + rows + " × " + cols + ": expected sizes >= 0");
        }
        try {
            return Math.multiplyExact(rows, cols);
        } catch (ArithmeticException e) {
            throw new ConfigException(what + " = " + rows + " × " + cols + " values exceed a 64-bit count;"
                    + " choose fewer concepts");
        }
    }
}
