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
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes one shard ({@code .npy} plus image-id sidecar) atomically, and reads one back with its
 * header and SHA-256 checked against the manifest, so a damaged shard is an error rather than
 * silently wrong data.
 */
final class ShardFile {
    /** Separates an image's id from its rows in the sidecar of a store that dropped padding. */
    private static final char ROWS_SEPARATOR = '\t';

    private ShardFile() {
    }

    /**
     * Writes shard {@code index} of {@code dir}: the first {@code sum(imageRows)} rows of {@code data}, image
     * {@code k} owning {@code imageRows[k]} of them, then the sidecar. Returns the entry to add to the manifest.
     */
    static ShardEntry write(Path dir, int index, float[] data, List<String> imageIds, int[] imageRows, long firstImage,
                            StoreMetadata metadata) {
        int rows = 0;
        StringBuilder ids = new StringBuilder();
        for (int k = 0; k < imageIds.size(); k++) {
            rows += imageRows[k];
            ids.append(imageIds.get(k));
            if (metadata.dropsPadding()) {
                ids.append(ROWS_SEPARATOR).append(imageRows[k]);
            }
            ids.append('\n');
        }
        int shardRows = rows;
        MessageDigest sha256 = newSha256();
        AtomicFiles.writeStream(dir.resolve(ShardEntry.fileName(index)), out -> {
            DigestOutputStream digesting = new DigestOutputStream(out, sha256);
            Npy.write(digesting, data, shardRows, metadata.dim(), metadata.dtype());
            digesting.flush();
        });
        AtomicFiles.writeStream(dir.resolve(ShardEntry.imageIdsFileName(index)),
                out -> out.write(ids.toString().getBytes(StandardCharsets.UTF_8)));
        return new ShardEntry(ShardEntry.fileName(index), rows, imageIds.size(), firstImage,
                HexFormat.of().formatHex(sha256.digest()));
    }

    /** Reads {@code shard} of {@code dir}, checking its header and checksum against the manifest. */
    static FloatMatrix read(Path dir, ShardEntry shard, StoreMetadata metadata, long firstRow) {
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
            requireFinite(dir, shard, metadata, firstRow, matrix);
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
    private static void requireFinite(Path dir, ShardEntry shard, StoreMetadata metadata, long firstRow,
            FloatMatrix matrix) {
        float[] data = matrix.data();
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                int row = i / metadata.dim();
                throw new CorruptArtifactException(dir.resolve(shard.file()), "row " + row + " (store row "
                        + (firstRow + row) + ", " + imageOf(dir, shard, metadata, row) + "), column "
                        + i % metadata.dim() + " holds " + data[i] + "; the writer stores only finite values,"
                        + " so the shard was altered after it was written: extract the store again");
            }
        }
    }

    /** {@code image 'id'} of the image owning shard row {@code row}, or {@code a row of shard ...} when the sidecar is unreadable. */
    private static String imageOf(Path dir, ShardEntry shard, StoreMetadata metadata, int row) {
        try {
            ShardImages images = readImages(dir, shard, metadata);
            return "image '" + images.ids().get(images.imageOfRow(row)) + "'";
        } catch (CorruptArtifactException e) {
            return metadata.dropsPadding() ? "an image of shard " + shard.file()
                    : "image #" + (shard.firstImage() + row / metadata.tokensPerImage());
        }
    }

    /**
     * The images of {@code shard} as its sidecar lists them: one id per line, or, when padding was
     * dropped, {@code ID<TAB>ROWS} per line (split at the last tab), the rows adding up to the shard's.
     */
    static ShardImages readImages(Path dir, ShardEntry shard, StoreMetadata metadata) {
        Path file = dir.resolve(shard.imageIdsFile());
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CorruptArtifactException(file, "missing: the image ids of " + shard.file()
                    + " are not on disk");
        } catch (IOException e) {
            throw new CorruptArtifactException(file, "cannot read image ids: " + e.getMessage(), e);
        }
        if (lines.size() != shard.images()) {
            throw new CorruptArtifactException(file, "lists " + lines.size() + " image ids; manifest.json says "
                    + shard.file() + " holds " + shard.images() + " images");
        }
        if (!metadata.dropsPadding()) {
            int[] rows = new int[lines.size()];
            Arrays.fill(rows, metadata.tokensPerImage());
            return new ShardImages(lines, rows);
        }
        String[] ids = new String[lines.size()];
        int[] rows = new int[lines.size()];
        long total = 0;
        for (int k = 0; k < lines.size(); k++) {
            String line = lines.get(k);
            int tab = line.lastIndexOf(ROWS_SEPARATOR);
            ids[k] = tab < 0 ? line : line.substring(0, tab);
            rows[k] = tab < 0 ? -1 : parseRows(line.substring(tab + 1));
            if (tab <= 0 || rows[k] < 1 || rows[k] > metadata.tokensPerImage()) {
                throw new CorruptArtifactException(file, "line " + (k + 1) + " is '" + line + "'; expected an image id, a"
                        + " tab and its rows, 1 to " + metadata.tokensPerImage() + " (tokensPerImage)");
            }
            total += rows[k];
        }
        if (total != shard.rows()) {
            throw new CorruptArtifactException(file, "gives its images " + total + " rows; manifest.json says "
                    + shard.file() + " holds " + shard.rows());
        }
        return new ShardImages(List.of(ids), rows);
    }

    private static int parseRows(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-256", e);
        }
    }
}
