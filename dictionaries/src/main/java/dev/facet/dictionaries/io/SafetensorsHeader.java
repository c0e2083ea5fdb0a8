package dev.facet.dictionaries.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.spi.CorruptArtifactException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A parsed and validated safetensors header: the tensor entries sorted by their position in the
 * data buffer, and the {@code __metadata__} strings. Every problem is a
 * {@link CorruptArtifactException} naming the file and saying what was expected and found.
 *
 * @param entries  the tensors, sorted by data offset; they tile the buffer without gaps or overlaps
 * @param metadata the {@code __metadata__} map sorted by key (empty when absent)
 */
record SafetensorsHeader(List<TensorEntry> entries, Map<String, String> metadata) {

    private static final Set<String> ENTRY_KEYS = Set.of("dtype", "shape", "data_offsets");

    /** Parses {@code header} (the JSON bytes after the length prefix) of {@code file}. */
    static SafetensorsHeader parse(Path file, byte[] header) {
        return new Parser(file).parse(header);
    }

    /**
     * The size of the data buffer the entries describe (the end of the last tensor). The entries
     * are known to be contiguous from offset 0.
     */
    long bufferSize() {
        return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).end();
    }

    /** Decodes one header, naming {@link #file} in every error. */
    private static final class Parser {
        private final Path file;

        Parser(Path file) {
            this.file = file;
        }

        SafetensorsHeader parse(byte[] bytes) {
            JsonNode root = json(bytes);
            Map<String, String> metadata = new TreeMap<>();
            List<TensorEntry> entries = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : root.properties()) {
                if (Safetensors.METADATA_KEY.equals(field.getKey())) {
                    metadata(field.getValue(), metadata);
                } else {
                    entries.add(entry(field.getKey(), field.getValue()));
                }
            }
            entries.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
            requireContiguous(entries);
            return new SafetensorsHeader(List.copyOf(entries), metadata);
        }

        private JsonNode json(byte[] bytes) {
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw corrupt("header is not valid UTF-8 (" + e + "); expected UTF-8 JSON");
            }
            if (text.isBlank()) {
                throw corrupt("header of " + bytes.length + " bytes is empty; expected a JSON object");
            }
            if (text.charAt(0) != '{') {
                throw corrupt("header starts with " + quote(text.charAt(0)) + "; expected a JSON object starting with '{'");
            }
            JsonNode root;
            try {
                root = Json.MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                throw corrupt("header is not valid JSON: " + e.getOriginalMessage() + "; expected a JSON object", e);
            }
            if (root == null || !root.isObject()) {
                throw corrupt("header is " + (root == null ? "empty" : "a JSON " + root.getNodeType())
                        + "; expected a JSON object");
            }
            return root;
        }

        private void metadata(JsonNode node, Map<String, String> into) {
            if (!node.isObject()) {
                throw corrupt("'" + Safetensors.METADATA_KEY + "' is a JSON " + node.getNodeType()
                        + "; expected an object of string values");
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!field.getValue().isTextual()) {
                    throw corrupt("'" + Safetensors.METADATA_KEY + "' key '" + field.getKey() + "' holds "
                            + field.getValue() + "; expected a string");
                }
                into.put(field.getKey(), field.getValue().textValue());
            }
        }

        private TensorEntry entry(String name, JsonNode node) {
            String what = "tensor '" + name + "'";
            if (name.isEmpty()) {
                throw corrupt("a tensor has an empty name; expected a non-empty name");
            }
            if (!node.isObject()) {
                throw corrupt(what + " is a JSON " + node.getNodeType() + "; expected an object with the keys "
                        + new TreeSet<>(ENTRY_KEYS));
            }
            requireKeys(what, node);
            JsonNode dtypeNode = node.get("dtype");
            if (!dtypeNode.isTextual()) {
                throw corrupt(what + ": 'dtype' is " + dtypeNode + "; expected a string such as \"F32\"");
            }
            SafetensorsDtype dtype = SafetensorsDtype.fromHeader(dtypeNode.textValue()).orElseThrow(() -> corrupt(
                    what + ": unsupported dtype '" + dtypeNode.textValue() + "'; expected one of "
                            + SafetensorsDtype.supported()));
            long[] shape = longs(what, "shape", node.get("shape"), -1);
            long[] offsets = longs(what, "data_offsets", node.get("data_offsets"), 2);
            long begin = offsets[0];
            long end = offsets[1];
            if (begin > end) {
                throw corrupt(what + ": data_offsets " + Arrays.toString(offsets)
                        + " end before they begin; expected [begin, end] with begin <= end");
            }
            long elements = 1;
            long bytes;
            try {
                for (long dim : shape) {
                    elements = Math.multiplyExact(elements, dim);
                }
                bytes = Math.multiplyExact(elements, dtype.size());
            } catch (ArithmeticException e) {
                throw corrupt(what + ": shape " + Arrays.toString(shape) + " has more elements than fit in 64 bits");
            }
            if (end - begin != bytes) {
                throw corrupt(what + " of dtype " + dtype + " and shape " + Arrays.toString(shape) + " needs "
                        + bytes + " bytes, but its data_offsets " + Arrays.toString(offsets) + " span "
                        + (end - begin));
            }
            if (elements > Safetensors.MAX_ELEMENTS) {
                throw corrupt(what + " has " + elements + " elements; at most " + Safetensors.MAX_ELEMENTS
                        + " fit in one Java array");
            }
            return new TensorEntry(name, dtype, shape, (int) elements, begin, end);
        }

        private void requireKeys(String what, JsonNode node) {
            Set<String> present = new TreeSet<>();
            node.properties().forEach(field -> present.add(field.getKey()));
            if (!present.equals(ENTRY_KEYS)) {
                Set<String> missing = new TreeSet<>(ENTRY_KEYS);
                missing.removeAll(present);
                Set<String> unknown = new TreeSet<>(present);
                unknown.removeAll(ENTRY_KEYS);
                throw corrupt(what + ": expected the keys " + new TreeSet<>(ENTRY_KEYS) + "; missing " + missing
                        + ", unknown " + unknown);
            }
        }

        /** A JSON array of non-negative integers; {@code length < 0} accepts any length. */
        private long[] longs(String what, String key, JsonNode node, int length) {
            String expected = length < 0 ? "an array of non-negative integers"
                    : "an array of " + length + " non-negative integers";
            if (!node.isArray() || (length >= 0 && node.size() != length)) {
                throw corrupt(what + ": '" + key + "' is " + node + "; expected " + expected);
            }
            long[] values = new long[node.size()];
            for (int i = 0; i < values.length; i++) {
                JsonNode value = node.get(i);
                if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
                    throw corrupt(what + ": '" + key + "' is " + node + "; expected " + expected);
                }
                values[i] = value.longValue();
            }
            return values;
        }

        /** The entries, sorted by offset, must tile [0, end of last) exactly. */
        private void requireContiguous(List<TensorEntry> sorted) {
            long expected = 0;
            TensorEntry previous = null;
            for (TensorEntry entry : sorted) {
                if (entry.begin() > expected) {
                    throw corrupt("gap in the data buffer: bytes [" + expected + ", " + entry.begin()
                            + ") belong to no tensor; expected tensor " + entry.describe() + " to start at "
                            + expected);
                }
                if (entry.begin() < expected) {
                    throw corrupt("tensor " + entry.describe() + " overlaps tensor " + previous.describe()
                            + "; expected it to start at " + expected);
                }
                expected = entry.end();
                previous = entry;
            }
        }

        private static String quote(char c) {
            return c < 0x20 || c == 0x7f ? String.format("U+%04X", (int) c) : "'" + c + "'";
        }

        private CorruptArtifactException corrupt(String problem) {
            return new CorruptArtifactException(file, problem);
        }

        private CorruptArtifactException corrupt(String problem, Throwable cause) {
            return new CorruptArtifactException(file, problem, cause);
        }
    }
}
