/**
 * Image input for Facet: where images come from ({@link dev.facet.extractors.images.ImageSource} over a
 * folder, an IDX file or a list file, opened by {@link dev.facet.extractors.images.ImageSources}), how one
 * image becomes a backbone input ({@link dev.facet.extractors.images.ImagePreprocessor}, driven by an
 * {@link dev.facet.spi.backbone.InputSpec}) and how a whole source is fed to a backbone in batches
 * ({@link dev.facet.extractors.images.ImageBatchLoader}, which decodes on worker threads, skips bad files
 * and delivers batches in source order).
 */
package dev.facet.extractors.images;
