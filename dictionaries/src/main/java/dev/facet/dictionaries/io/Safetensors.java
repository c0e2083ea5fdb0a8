package dev.facet.dictionaries.io;

import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.FacetException;
import dev.facet.spi.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads and writes the Hugging Face <a href="https://github.com/huggingface/safetensors">safetensors</a>
 * format in pure Java, so that Facet's weights open in Python with {@code safetensors.numpy.load_file}
 * and Python-written files open here.
 *
 * <p>Layout: an 8-byte little-endian unsigned header length {@code N}; {@code N} bytes of UTF-8
 * JSON, padded with spaces to a multiple of 8,
 * <pre>{@code
 * {"__metadata__": {"key": "value"}, "name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}, ...}
 * }</pre>
 * then the data buffer. Offsets are relative to the start of the buffer; the tensors tile it with
 * no gaps or overlaps; elements are little-endian in C (row-major) order.
 *
 * <p>{@link #write} writes {@code F32} tensors sorted by name. {@link #read} accepts {@code F32},
 * {@code F16}, {@code BF16} and {@code F64} and converts them to {@code float}; it validates the
 * whole header against the file size before it allocates any tensor, so a damaged or hostile file
 * gives a {@link CorruptArtifactException} naming the file, never an {@link OutOfMemoryError}.
 */
public final class Safetensors {

    /** The reserved header key holding string metadata. */
    public static final String METADATA_KEY = "__metadata__";

    /** The largest header accepted, in bytes (the reference implementation's limit). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    /** The most elements one tensor may have: the largest Java array. */
    public static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private Safetensors() {
    }

    /**
     * Writes {@code tensors} as {@code F32} to {@code file}, sorted by name (by UTF-8 bytes, as
     * the reference implementation does), with {@code metadata} under {@link #METADATA_KEY}
     * (omitted when empty). The file is written to {@code file + ".tmp"}, forced to disk and
     * renamed atomically, so {@code file} is either complete or untouched.
     *
     * @param file     the destination; its directory must exist
     * @param tensors  tensors by name; names are non-empty and not {@value #METADATA_KEY}; rank 0 is allowed
     * @param metadata string metadata; empty or {@code null} for none
     * @throws dev.facet.spi.InvalidDataException for a bad name or a null tensor, key or value
     * @throws FacetException naming the file when it cannot be written
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        SafetensorsWriter.write(file, tensors, metadata);
    }

    /**
     * Reads every tensor of {@code file} as {@code float}.
     *
     * @throws CorruptArtifactException naming the file when it is missing, truncated, has trailing
     *                                  bytes, an oversized or malformed header, an unsupported dtype,
     *                                  or offsets that disagree with the shapes or leave gaps or overlaps
     * @throws FacetException           naming the file when it cannot be read
     */
    public static SafetensorsFile read(Path file) {
        return SafetensorsReader.read(file);
    }
}
