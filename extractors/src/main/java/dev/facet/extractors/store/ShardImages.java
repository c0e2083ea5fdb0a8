package dev.facet.extractors.store;

import java.util.List;

/**
 * The images of one shard, as its sidecar lists them: their ids and the rows each contributes, in row
 * order. Image {@code k} owns the rows from {@code rows[0] + … + rows[k − 1]} on.
 *
 * @param ids  the image ids
 * @param rows the rows of each image: {@code tokensPerImage}, or fewer when padding was dropped
 */
public record ShardImages(List<String> ids, int[] rows) {

    public ShardImages {
        ids = List.copyOf(ids);
        rows = rows.clone();
    }

    @Override
    public int[] rows() {
        return rows.clone();
    }

    /** The image that owns row {@code row} of the shard. */
    public int imageOfRow(int row) {
        int end = 0;
        for (int image = 0; image < rows.length; image++) {
            end += rows[image];
            if (row < end) {
                return image;
            }
        }
        throw new IndexOutOfBoundsException("Row " + row + " is past the shard's " + end + " rows");
    }
}
