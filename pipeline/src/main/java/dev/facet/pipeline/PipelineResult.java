package dev.facet.pipeline;

import java.nio.file.Path;

/**
 * Where a pipeline run left its artifacts.
 *
 * @param output     the output directory
 * @param store      the activation store
 * @param dictionary the dictionary directory
 * @param metrics    the evaluation's {@code metrics.json}
 * @param atlas      the atlas directory
 * @param index      the atlas's {@code index.html}
 */
public record PipelineResult(Path output, Path store, Path dictionary, Path metrics, Path atlas, Path index) {
}
