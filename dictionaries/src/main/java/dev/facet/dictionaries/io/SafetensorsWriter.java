package dev.facet.dictionaries.io;

import dev.facet.spi.io.AtomicFiles;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Writes {@code F32} safetensors files; see {@link Safetensors#write}. */
final class SafetensorsWriter {

    /** Floats converted per write call. */
    private static final int CHUNK_FLOATS = 1 << 16;

    private SafetensorsWriter() {
    }

    static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        byte[] header = header(tensors, metadata == null ? Map.of() : metadata);
        List<Tensor> ordered = new ArrayList<>();
        sortedNames(tensors).forEach(name -> ordered.add(tensors.get(name)));
        AtomicFiles.write(file, channel -> {
            ByteBuffer prefix = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            prefix.putLong(header.length).flip();
            AtomicFiles.writeFully(channel, prefix);
            AtomicFiles.writeFully(channel, ByteBuffer.wrap(header));
            writeData(channel, ordered);
        });
    }

    /** The header JSON, padded with spaces to a multiple of 8 bytes. */
    static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata) {
        if (tensors == null) {
            throw new InvalidDataException("Tensors to write are null; expected a map of name to tensor");
        }
        ObjectNode root = Json.MAPPER.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(Safetensors.METADATA_KEY);
            for (Map.Entry<String, String> entry : sortedMetadata(metadata).entrySet()) {
                meta.put(entry.getKey(), entry.getValue());
            }
        }
        long offset = 0;
        for (String name : sortedNames(tensors)) {
            Tensor tensor = tensors.get(name);
            if (tensor == null) {
                throw new InvalidDataException("Tensor '" + name + "' is null; expected a tensor");
            }
            long end = offset + (long) tensor.data().length * Float.BYTES;
            ObjectNode entry = root.putObject(name);
            entry.put("dtype", SafetensorsDtype.F32.name());
            ArrayNode shape = entry.putArray("shape");
            Arrays.stream(tensor.shape()).forEach(shape::add);
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = Json.compact(root);
        int padded = (json.length + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(json, padded);
        Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    private static List<String> sortedNames(Map<String, Tensor> tensors) {
        List<String> names = new ArrayList<>(tensors.keySet());
        names.forEach(TensorNames::requireValid);
        names.sort(TensorNames.ORDER);
        return names;
    }

    private static Map<String, String> sortedMetadata(Map<String, String> metadata) {
        Map<String, String> sorted = new TreeMap<>(TensorNames.ORDER);
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            if (entry.getKey() == null || entry.getValue() == null) {
                throw new InvalidDataException("Metadata entry " + entry.getKey() + "=" + entry.getValue()
                        + " holds null; expected string keys and values");
            }
            sorted.put(entry.getKey(), entry.getValue());
        }
        return sorted;
    }

    private static void writeData(FileChannel channel, List<Tensor> tensors) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor tensor : tensors) {
            float[] data = tensor.data();
            for (int from = 0; from < data.length; from += CHUNK_FLOATS) {
                int count = Math.min(CHUNK_FLOATS, data.length - from);
                chunk.clear();
                chunk.asFloatBuffer().put(data, from, count);
                chunk.limit(count * Float.BYTES);
                AtomicFiles.writeFully(channel, chunk);
            }
        }
    }
}
