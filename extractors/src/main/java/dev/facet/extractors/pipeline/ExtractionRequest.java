package dev.facet.extractors.pipeline;

import dev.facet.extractors.TokenSelection;
import dev.facet.extractors.store.StoreDtype;
import dev.facet.spi.ConfigException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What to extract and where to store it.
 *
 * @param hookPoint     the backbone hook point to read
 * @param tokens        which tokens become rows
 * @param output        the activation store directory (created, or resumed when it exists)
 * @param dtype         element type of the shards
 * @param batchSize     images per forward pass
 * @param rowsPerShard  target rows per shard (shards hold whole images)
 * @param loaderThreads decoding threads, 0 for one per core
 * @param limit         extract only the first {@code limit} images of the source, 0 for all
 * @param keepPadding   store the rows of grid positions wholly in an image's padding too; by default
 *                      they are left out (docs/algorithms.md#input-geometry)
 */
public record ExtractionRequest(String hookPoint, TokenSelection tokens, Path output, StoreDtype dtype, int batchSize,
                                int rowsPerShard, int loaderThreads, int limit, boolean keepPadding) {

    public ExtractionRequest {
        if (hookPoint == null || hookPoint.isBlank()) {
            throw new ConfigException("Extraction: hook point (--layer) must not be blank");
        }
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(dtype, "dtype");
        if (batchSize < 1 || batchSize > 65536) {
            throw ConfigException.outOfRange("extraction batch size", batchSize, "[1, 65536]");
        }
        if (rowsPerShard < 1) {
            throw ConfigException.outOfRange("extraction rows per shard", rowsPerShard, ">= 1");
        }
        if (loaderThreads < 0 || limit < 0) {
            throw ConfigException.outOfRange("extraction loader threads / limit", loaderThreads + " / " + limit, ">= 0");
        }
    }

    /** A request that leaves out the rows of positions wholly in padding. */
    public ExtractionRequest(String hookPoint, TokenSelection tokens, Path output, StoreDtype dtype, int batchSize,
                             int rowsPerShard, int loaderThreads, int limit) {
        this(hookPoint, tokens, output, dtype, batchSize, rowsPerShard, loaderThreads, limit, false);
    }

    /** This request with {@link #keepPadding} set to {@code keep}. */
    public ExtractionRequest withKeepPadding(boolean keep) {
        return new ExtractionRequest(hookPoint, tokens, output, dtype, batchSize, rowsPerShard, loaderThreads, limit, keep);
    }
}
