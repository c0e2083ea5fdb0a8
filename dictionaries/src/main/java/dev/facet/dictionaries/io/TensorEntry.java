package dev.facet.dictionaries.io;

import java.util.Arrays;

/**
 * One validated tensor entry of a safetensors header.
 *
 * @param name     the tensor's name
 * @param dtype    its element type
 * @param shape    its dimensions, each {@code >= 0}
 * @param elements the product of the dimensions, at most {@link Safetensors#MAX_ELEMENTS}
 * @param begin    first byte in the data buffer
 * @param end      one past the last byte in the data buffer
 */
record TensorEntry(String name, SafetensorsDtype dtype, long[] shape, int elements, long begin, long end) {

    /** The entry as {@code 'name' (F32 [2, 3], bytes [0, 24))} for error messages. */
    String describe() {
        return "'" + name + "' (" + dtype + " " + Arrays.toString(shape) + ", bytes [" + begin + ", " + end + "))";
    }
}
