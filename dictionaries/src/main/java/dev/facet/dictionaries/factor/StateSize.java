package dev.facet.dictionaries.factor;

import dev.facet.spi.dictionary.DictionaryLearner;
import dev.facet.spi.dictionary.MemoryEstimate;

/**
 * The {@link DictionaryLearner#estimatedBytes} of the learners that keep their state in Java
 * arrays: some {@code concepts × inputDim} float matrices (atoms and their working copies), and,
 * for those that fit in memory, the data ({@code rows × inputDim}) and its codes
 * ({@code rows × concepts}).
 */
public final class StateSize {

    private StateSize() {
    }

    /**
     * @param learner  the learner id, named in the error
     * @param matrices how many {@code concepts × inputDim} matrices the learner holds at once
     * @param data     whether the learner holds every row in memory
     * @param codes    whether it also holds the codes of every row
     * @throws dev.facet.spi.ConfigException when one {@code concepts × inputDim} matrix cannot be a Java array
     */
    public static long of(String learner, int concepts, int inputDim, long rows, int matrices, boolean data,
                          boolean codes) {
        long atoms = MemoryEstimate.floatMatrix("learner '" + learner + "': concepts × input dim", concepts, inputDim);
        long bytes = MemoryEstimate.saturatedTimes(atoms, matrices);
        if (data) {
            bytes = MemoryEstimate.saturatedPlus(bytes, floats(rows, inputDim));
        }
        if (codes) {
            bytes = MemoryEstimate.saturatedPlus(bytes, floats(rows, concepts));
        }
        return bytes;
    }

    private static long floats(long rows, long cols) {
        return MemoryEstimate.saturatedTimes(MemoryEstimate.saturatedTimes(rows, cols), Float.BYTES);
    }
}
