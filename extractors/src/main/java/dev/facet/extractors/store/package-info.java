/**
 * The activation store: token activations of many images on disk, written once by a backbone
 * run and streamed many times by dictionary learners.
 *
 * <p>Layout of a store directory (readable from Python with {@code json} and {@code numpy.load}):
 * <ul>
 *   <li>{@code manifest.json}: format version, {@link dev.facet.extractors.store.StoreMetadata}
 *       (model, hook point, token selection, tokens per image, dim, dtype, rows per shard,
 *       preprocessing), total rows and images, a {@code complete} flag, and per shard its file,
 *       shape, rows, images, first image and SHA-256.</li>
 *   <li>{@code shard-00000.npy}, {@code shard-00001.npy}, ...: NumPy {@code .npy} 1.0,
 *       little-endian, C order, shape {@code (rows, dim)}, dtype {@code <f4} or {@code <f2}.
 *       Rows are tokens; a shard holds whole images, {@code tokensPerImage} consecutive rows
 *       each (format version 2, padding dropped: up to {@code tokensPerImage}, as the sidecar says).</li>
 *   <li>{@code shard-00000.images.txt}, ...: the ids of the shard's images, one per line, in row
 *       order (version 2: the id, a tab and the image's rows).</li>
 * </ul>
 *
 * <p>Every file is written under a {@code .tmp} name, forced to disk and renamed atomically, and
 * a shard is listed in the manifest only after it is complete, so a killed run leaves a
 * consistent store that {@link dev.facet.extractors.store.ActivationStoreWriter#open} resumes.
 * {@link dev.facet.extractors.store.ActivationStore} reads it as an
 * {@link dev.facet.spi.dictionary.ActivationSource}, checking each shard's checksum as it is read.
 */
package dev.facet.extractors.store;
