package dev.facet.dictionaries.io;

import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.FacetException;
import dev.facet.spi.tensor.Tensor;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads safetensors files; see {@link Safetensors#read}. The header is validated completely
 * against the file size before any tensor is allocated, and data is converted in bounded chunks,
 * so memory use is the size of the returned tensors plus one chunk.
 */
final class SafetensorsReader {

    /** Bytes read per chunk while converting data. */
    private static final int CHUNK_BYTES = 1 << 20;

    private SafetensorsReader() {
    }

    static SafetensorsFile read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(file, channel);
        } catch (NoSuchFileException e) {
            throw new CorruptArtifactException(file, "missing: no such safetensors file");
        } catch (IOException e) {
            throw new FacetException("Cannot read " + file + ": " + e, e);
        }
    }

    private static SafetensorsFile read(Path file, FileChannel channel) throws IOException {
        long fileSize = channel.size();
        if (fileSize < Long.BYTES) {
            throw new CorruptArtifactException(file, "file is " + fileSize
                    + " bytes; expected at least 8 (the little-endian header length)");
        }
        ByteBuffer prefix = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, prefix, 0);
        long headerSize = prefix.flip().getLong();
        if (Long.compareUnsigned(headerSize, Safetensors.MAX_HEADER_BYTES) > 0) {
            throw new CorruptArtifactException(file, "oversized header: the length prefix says "
                    + Long.toUnsignedString(headerSize) + " bytes; expected at most " + Safetensors.MAX_HEADER_BYTES);
        }
        if (headerSize > fileSize - Long.BYTES) {
            throw new CorruptArtifactException(file, "oversized header: the length prefix says " + headerSize
                    + " bytes but only " + (fileSize - Long.BYTES) + " bytes follow it (file is " + fileSize
                    + " bytes); the file is truncated or not a safetensors file");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerSize);
        readFully(channel, headerBytes, Long.BYTES);
        SafetensorsHeader header = SafetensorsHeader.parse(file, headerBytes.array());

        long dataStart = Long.BYTES + headerSize;
        long actual = fileSize - dataStart;
        long declared = header.bufferSize();
        if (declared > actual) {
            TensorEntry last = header.entries().get(header.entries().size() - 1);
            throw new CorruptArtifactException(file, "truncated: tensor " + last.describe()
                    + " ends at byte " + declared + " of the data buffer, but only " + actual
                    + " bytes follow the header; expected a file of " + (dataStart + declared)
                    + " bytes, found " + fileSize);
        }
        if (declared < actual) {
            throw new CorruptArtifactException(file, (actual - declared) + " trailing bytes: the header describes "
                    + declared + " bytes of tensor data; expected a file of " + (dataStart + declared)
                    + " bytes, found " + fileSize);
        }

        Map<String, Tensor> tensors = new TreeMap<>(TensorNames.ORDER);
        for (TensorEntry entry : header.entries()) {
            tensors.put(entry.name(), new Tensor(entry.shape(), data(channel, dataStart, entry)));
        }
        return new SafetensorsFile(file, new LinkedHashMap<>(tensors), header.metadata());
    }

    private static float[] data(FileChannel channel, long dataStart, TensorEntry entry) throws IOException {
        float[] out = new float[entry.elements()];
        int size = entry.dtype().size();
        int chunkElements = CHUNK_BYTES / size;
        ByteBuffer chunk = ByteBuffer.allocate(Math.min(CHUNK_BYTES, entry.elements() * size))
                .order(ByteOrder.LITTLE_ENDIAN);
        int done = 0;
        while (done < out.length) {
            int count = Math.min(chunkElements, out.length - done);
            chunk.clear().limit(count * size);
            readFully(channel, chunk, dataStart + entry.begin() + (long) done * size);
            chunk.flip();
            done += entry.dtype().decode(chunk, out, done);
        }
        return out;
    }

    /** Fills {@code buffer} from {@code position}; the size checks make a short read an I/O error. */
    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new EOFException("unexpected end of file at byte " + at + " (the file shrank while being read)");
            }
            at += read;
        }
    }
}
