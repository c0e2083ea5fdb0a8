package dev.facet.extractors.store;

import dev.facet.spi.InvalidDataException;
import java.util.regex.Pattern;

/**
 * One complete shard as listed in {@code manifest.json}. The shard's image ids are in the sidecar
 * {@link #imageIdsFile()} beside it.
 *
 * @param file       the {@code .npy} file name, {@code shard-NNNNN.npy}
 * @param rows       token rows in the shard, {@code images * tokensPerImage}, or the sum of the images' rows
 *                   when padding is dropped
 * @param images     whole images in the shard, {@code >= 1}
 * @param firstImage index of the shard's first image in the store, counted from 0
 * @param sha256     lowercase hex SHA-256 of the whole {@code .npy} file
 */
public record ShardEntry(String file, int rows, int images, long firstImage, String sha256) {

    private static final Pattern FILE_NAME = Pattern.compile("shard-\\d{5,}\\.npy");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final String NPY_SUFFIX = ".npy";
    private static final String IMAGE_IDS_SUFFIX = ".images.txt";

    public ShardEntry {
        if (file == null || !FILE_NAME.matcher(file).matches()) {
            throw new InvalidDataException("Invalid shard file name '" + file + "'; expected shard-NNNNN.npy");
        }
        if (rows < 1 || images < 1 || firstImage < 0) {
            throw new InvalidDataException("Shard " + file + " has rows " + rows + ", images " + images
                    + ", firstImage " + firstImage + "; expected rows >= 1, images >= 1, firstImage >= 0");
        }
        if (sha256 == null || !SHA256_HEX.matcher(sha256).matches()) {
            throw new InvalidDataException("Shard " + file + " has sha256 '" + sha256
                    + "'; expected 64 lowercase hex digits");
        }
    }

    /** The {@code .npy} file name of shard {@code index}: {@code shard-00042.npy}. */
    public static String fileName(int index) {
        return String.format("shard-%05d", index) + NPY_SUFFIX;
    }

    /** The image-id sidecar name of shard {@code index}: {@code shard-00042.images.txt}. */
    public static String imageIdsFileName(int index) {
        return String.format("shard-%05d", index) + IMAGE_IDS_SUFFIX;
    }

    /** The name of this shard's image-id sidecar. */
    public String imageIdsFile() {
        return file.substring(0, file.length() - NPY_SUFFIX.length()) + IMAGE_IDS_SUFFIX;
    }

    /** Whether {@code name} looks like a shard or sidecar file, listed or not. */
    static boolean isShardFileName(String name) {
        return name.startsWith("shard-") && (name.endsWith(NPY_SUFFIX) || name.endsWith(IMAGE_IDS_SUFFIX));
    }
}
