package dev.facet.extractors.images;

import java.nio.charset.StandardCharsets;

/**
 * Checks the chunk structure of a PNG held in memory: every chunk fits in the file and an IEND chunk
 * is present. ImageIO decodes a PNG that lost only its tail without complaint, so this check is what
 * turns such a file into a skipped image instead of a silently incomplete one. CRCs are not verified.
 */
final class PngIntegrity {
    private static final int SIGNATURE_LENGTH = 8;
    /** Length (4 bytes) and type (4 bytes) before the data, CRC (4 bytes) after it. */
    private static final int CHUNK_HEADER_LENGTH = 8;
    private static final int CHUNK_CRC_LENGTH = 4;

    private PngIntegrity() {
    }

    /**
     * Walks the chunks of {@code png}.
     *
     * @throws UnreadableImageException naming the chunk and byte offset where the file stops making sense
     */
    static void requireComplete(byte[] png) {
        if (png.length < SIGNATURE_LENGTH) {
            throw truncated("expected an 8-byte signature, found " + png.length + " bytes");
        }
        long position = SIGNATURE_LENGTH;
        String lastChunk = null;
        while (position < png.length) {
            long remaining = png.length - position;
            if (remaining < CHUNK_HEADER_LENGTH) {
                throw truncated("file ends inside the header of the chunk at byte " + position
                        + " (expected 8 header bytes, found " + remaining + ")");
            }
            int at = (int) position;
            long dataLength = readUnsignedInt(png, at);
            String type = new String(png, at + 4, 4, StandardCharsets.ISO_8859_1);
            long needed = CHUNK_HEADER_LENGTH + dataLength + CHUNK_CRC_LENGTH;
            if (needed > remaining) {
                throw truncated("chunk '" + type + "' at byte " + position + " needs " + needed
                        + " bytes (data and CRC), found " + remaining);
            }
            if (type.equals("IEND")) {
                return;
            }
            lastChunk = type;
            position += needed;
        }
        throw truncated(lastChunk == null ? "file ends after the signature, before any chunk"
                : "file ends after chunk '" + lastChunk + "' without an IEND chunk");
    }

    private static long readUnsignedInt(byte[] bytes, int at) {
        return ((bytes[at] & 0xFFL) << 24) | ((bytes[at + 1] & 0xFFL) << 16)
                | ((bytes[at + 2] & 0xFFL) << 8) | (bytes[at + 3] & 0xFFL);
    }

    private static UnreadableImageException truncated(String detail) {
        return new UnreadableImageException("truncated PNG: " + detail);
    }
}
