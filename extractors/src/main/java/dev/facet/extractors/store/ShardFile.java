package dev.facet.extractors.store;

import dev.facet.spi.io.AtomicFiles;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.tensor.FloatMatrix;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes one shard ({@code .npy} plus image-id sidecar) atomically, and reads one back with its
 * header and SHA-256 checked against the manifest, so a damaged shard is an error rather than
 * silently wrong data.
 */
final class ShardFile {

    private ShardFile() {
    }

    /**
     * Writes shard {@code index} of {@code dir}: the first {@code imageIds.size() * tokensPerImage}
     * rows of {@code data}, then the sidecar. Returns the entry to add to the manifest.
     */
    static ShardEntry write(Path dir, int index, float[] data, List<String> imageIds, long firstImage,
                            StoreMetadata metadata) {
        int rows = imageIds.size() * metadata.tokensPerImage();
        MessageDigest sha256 = newSha256();
        AtomicFiles.writeStream(dir.resolve(ShardEntry.fileName(index)), out -> {
            DigestOutputStream digesting = new DigestOutputStream(out, sha256);
            Npy.write(digesting, data, rows, metadata.dim(), metadata.dtype());
            digesting.flush();
        });
        String ids = String.join("\n", imageIds) + "\n";
        AtomicFiles.writeStream(dir.resolve(ShardEntry.imageIdsFileName(index)),
                out -> out.write(ids.getBytes(StandardCharsets.UTF_8)));
        return new ShardEntry(ShardEntry.fileName(index), rows, imageIds.size(), firstImage,
                HexFormat.of().formatHex(sha256.digest()));
    }

    /** Reads {@code shard} of {@code dir}, checking its header and checksum against the manifest. */
    static FloatMatrix read(Path dir, ShardEntry shard, StoreMetadata metadata) {
        Path file = dir.resolve(shard.file());
        MessageDigest sha256 = newSha256();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
             InputStream in = new DigestInputStream(
                     new BufferedInputStream(Channels.newInputStream(channel), 1 << 16), sha256)) {
            NpyHeader header = Npy.readHeader(file, in, channel.size());
            NpyHeader expected = new NpyHeader(metadata.dtype(), shard.rows(), metadata.dim());
            if (!header.equals(expected)) {
                throw new CorruptArtifactException(file, "manifest.json lists shape " + expected.shapeText()
                        + " " + expected.dtype().descr() + ", the file header says " + header.shapeText()
                        + " " + header.dtype().descr());
            }
            FloatMatrix matrix = Npy.readData(file, in, header);
            String actual = HexFormat.of().formatHex(sha256.digest());
            if (!actual.equals(shard.sha256())) {
                throw new CorruptArtifactException(file, "checksum mismatch: manifest.json lists sha256 "
                        + shard.sha256() + ", the file hashes to " + actual);
            }
            requireFinite(dir, shard, metadata, matrix);
            return matrix;
        } catch (NoSuchFileException e) {
            throw new CorruptArtifactException(file, "missing: listed in manifest.json but not on disk");
        } catch (IOException e) {
            throw new CorruptArtifactException(file, "cannot read shard: " + e.getMessage(), e);
        }
    }

    /**
     * Throws unless every value of {@code matrix} is finite: the writer stores only finite values,
     * so a NaN or infinity means the shard was altered after it was written. The message names the
     * shard, the row within it, the store-wide row, the image and the column.
     */
    private static void requireFinite(Path dir, ShardEntry shard, StoreMetadata metadata, FloatMatrix matrix) {
        float[] data = matrix.data();
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                int row = i / metadata.dim();
                long globalRow = shard.firstImage() * metadata.tokensPerImage() + row;
                throw new CorruptArtifactException(dir.resolve(shard.file()), "row " + row + " (store row "
                        + globalRow + ", " + imageOf(dir, shard, row / metadata.tokensPerImage()) + "), column "
                        + i % metadata.dim() + " holds " + data[i] + "; the writer stores only finite values,"
                        + " so the shard was altered after it was written: extract the store again");
            }
        }
    }

    /** {@code image 'id'} of the shard's {@code index}-th image, or its store index when the sidecar is unreadable. */
    private static String imageOf(Path dir, ShardEntry shard, int index) {
        try {
            return "image '" + readImageIds(dir, shard).get(index) + "'";
        } catch (CorruptArtifactException e) {
            return "image #" + (shard.firstImage() + index);
        }
    }

    /** The image ids of {@code shard}, checked against its image count. */
    static List<String> readImageIds(Path dir, ShardEntry shard) {
        Path file = dir.resolve(shard.imageIdsFile());
        List<String> ids;
        try {
            ids = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CorruptArtifactException(file, "missing: the image ids of " + shard.file()
                    + " are not on disk");
        } catch (IOException e) {
            throw new CorruptArtifactException(file, "cannot read image ids: " + e.getMessage(), e);
        }
        if (ids.size() != shard.images()) {
            throw new CorruptArtifactException(file, "lists " + ids.size() + " image ids; manifest.json says "
                    + shard.file() + " holds " + shard.images() + " images");
        }
        return List.copyOf(ids);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-256", e);
        }
    }
}
