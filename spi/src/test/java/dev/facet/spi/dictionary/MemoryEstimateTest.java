package dev.facet.spi.dictionary;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import org.junit.jupiter.api.Test;

class MemoryEstimateTest {

    private static final long GB = 1L << 30;

    @Test
    void aMatrixBeyondAJavaArrayIsAConfigErrorWithItsSize() {
        assertEquals(4L * 1024 * 768, MemoryEstimate.floatMatrix("m", 1024, 768));
        // 16777216 × 128 = 2^31: an int product would wrap to a negative array size
        ConfigException e = assertThrows(ConfigException.class,
                () -> MemoryEstimate.arrayLength("learner 'topk': concepts × input dim", 16_777_216, 128));
        assertTrue(e.getMessage().contains("learner 'topk': concepts × input dim = 16777216 × 128 = 2147483648 values"
                + " (8.0 GB as float32) in one matrix, more than the 2147483639 elements a Java array holds"),
                e.getMessage());
        ConfigException overflow = assertThrows(ConfigException.class,
                () -> MemoryEstimate.arrayLength("m", Long.MAX_VALUE / 2, 3));
        assertTrue(overflow.getMessage().contains("exceed a 64-bit count"), overflow.getMessage());
    }

    @Test
    void sumsAndProductsSaturateInsteadOfWrapping() {
        assertEquals(Long.MAX_VALUE, MemoryEstimate.saturatedTimes(Long.MAX_VALUE / 2, 3));
        assertEquals(Long.MAX_VALUE, MemoryEstimate.saturatedPlus(Long.MAX_VALUE, 1));
        assertEquals(12, MemoryEstimate.saturatedTimes(4, 3));
        assertEquals("more than 8 EB", MemoryEstimate.format(Long.MAX_VALUE));
        assertEquals("512.0 MB", MemoryEstimate.format(512L << 20));
        assertEquals("12.5 GB", MemoryEstimate.format(12 * GB + GB / 2));
    }

    @Test
    void anEstimateOverTheUsableHeapIsRefusedWithBothSizesAndTheOption() {
        assertDoesNotThrow(() -> MemoryEstimate.requireHeap("x", -1, GB), "unknown estimates pass");
        assertDoesNotThrow(() -> MemoryEstimate.requireHeap("x", GB / 2, GB));
        ConfigException e = assertThrows(ConfigException.class,
                () -> MemoryEstimate.requireHeap("Learner 'topk' on 100 rows of width 32", 20 * GB, 4 * GB));
        assertTrue(e.getMessage().startsWith("Learner 'topk' on 100 rows of width 32 needs about 20.0 GB of heap"),
                e.getMessage());
        assertTrue(e.getMessage().contains("the JVM's heap is 4.0 GB (3.6 GB usable after a 10% margin)"), e.getMessage());
        assertTrue(e.getMessage().contains("--concepts") && e.getMessage().contains("java -Xmx23g"), e.getMessage());
        assertThrows(ConfigException.class, () -> MemoryEstimate.requireHeap("x", (long) (0.95 * GB), GB),
                "the margin is kept free");
    }
}
