package dev.facet.extractors.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.extractors.images.ImageBatch;
import dev.facet.extractors.images.ImageBatchLoader;
import dev.facet.extractors.images.ImagePreprocessor;
import dev.facet.extractors.images.ImageSource;
import dev.facet.extractors.images.LoaderOptions;
import dev.facet.extractors.images.SkippedImage;
import dev.facet.extractors.store.ActivationStore;
import dev.facet.extractors.store.ActivationStoreWriter;
import dev.facet.extractors.store.RecordedInput;
import dev.facet.extractors.store.StoreMetadata;
import dev.facet.spi.CancelledException;
import dev.facet.spi.FacetException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.Provenance;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.io.AtomicFiles;
import dev.facet.spi.backbone.BackboneInfo;
import dev.facet.spi.backbone.HookLayout;
import dev.facet.spi.run.ProgressTask;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a backbone's activations at one hook point for every image of a source and writes them to
 * an activation store. Decoding and preprocessing run on loader threads, overlapped with the
 * forward passes; unreadable images are skipped and listed in {@code skipped.json}. For a model that
 * pads images, the grid positions wholly in an image's padding are left out unless the request keeps
 * them (docs/formats.md#padding-left-out). A run that finds a store with the same settings resumes
 * after the last complete shard, so a killed extraction loses at most one shard of work and never
 * duplicates an image. A run that ends with no
 * image stored (an empty source, or every image skipped) fails with the first skip reasons and leaves
 * the store incomplete.
 */
public final class Extraction {
    private static final Logger LOG = LoggerFactory.getLogger(Extraction.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The provenance file of a store. */
    public static final String PROVENANCE = "provenance.json";
    /** How many skip reasons the error of a run that stored nothing quotes. */
    private static final int FIRST_REASONS = 3;

    private Extraction() {
    }

    public static ExtractionResult run(Backbone backbone, ImageSource images, ExtractionRequest request,
                                       RunContext context) {
        long started = System.nanoTime();
        ImageSource source = request.limit() > 0 ? new LimitedImageSource(images, request.limit()) : images;
        StoreMetadata metadata = metadata(backbone.info(), request, source);
        try (ActivationStoreWriter writer = ActivationStoreWriter.open(request.output(), metadata)) {
            List<SkippedImage> earlierSkips = SkippedImagesFile.read(request.output());
            int start = resumeIndex(writer, source);
            Pass pass = extractRange(backbone, source, start, source.size(), request, writer, context, () -> { });
            List<SkippedImage> skipped = SkippedImagesFile.write(request.output(), earlierSkips, pass.skipped());
            if (writer.imagesDone() == 0) {
                throw storedNothing(source, skipped);
            }
            writer.finish();
            long stored = writer.imagesDone();
            long storedRows = writer.manifest().totalRows();
            double seconds = (System.nanoTime() - started) / 1e9;
            writeProvenance(request.output(), provenance(metadata, request.keepPadding(), stored, storedRows,
                    skipped.size(), seconds, Map.of()));
            skipped.forEach(s -> LOG.warn("Skipped {}: {}", s.id(), s.reason()));
            return new ExtractionResult(request.output(), stored, pass.extracted(), storedRows, skipped, seconds);
        }
    }

    /**
     * The metadata of the store that {@code request} writes for a backbone described by {@code info} over
     * {@code source} (the images as limited by the request): the one place that derives it, for every
     * extraction that writes a store, on one machine or in parts.
     */
    public static StoreMetadata metadata(BackboneInfo info, ExtractionRequest request, ImageSource source) {
        HookLayout layout = info.hookPoint(request.hookPoint()).layout();
        int rowsPerImage = request.tokens().rowsPerImage(layout);
        boolean dropPadding = !request.keepPadding() && info.input().resize().pads()
                && request.tokens().selectsPositions(layout);
        return new StoreMetadata(info.model(), request.hookPoint(), request.tokens().name().toLowerCase(Locale.ROOT),
                rowsPerImage, layout.channels(), request.dtype(), Math.max(request.rowsPerShard(), rowsPerImage),
                RecordedInput.of(info.input(), source.name(), source.size()), dropPadding);
    }

    /**
     * What one pass of the extraction loop did.
     *
     * @param extracted images whose rows were handed to the writer
     * @param skipped   images skipped as unreadable, in source order
     */
    public record Pass(long extracted, List<SkippedImage> skipped) {
        public Pass {
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * The extraction loop: the activations of the source's images {@code [start, end)} appended to
     * {@code writer} in source order, unreadable images skipped. Decoding runs on loader threads and the
     * writes on a store thread, overlapped with the forward passes. The caller finishes or closes the writer;
     * an empty range is no error here (only a whole store with no image is).
     *
     * @param afterBatch runs on the store thread after each batch's images were appended (and any shard they
     *                   completed was written), e.g. to ship finished shards elsewhere
     */
    public static Pass extractRange(Backbone backbone, ImageSource source, int start, int end,
                                    ExtractionRequest request, ActivationStoreWriter writer, RunContext context,
                                    Runnable afterBatch) {
        StoreMetadata metadata = writer.manifest().metadata();
        HookLayout layout = backbone.info().hookPoint(request.hookPoint()).layout();
        int rowsPerImage = metadata.tokensPerImage();
        boolean dropPadding = metadata.dropsPadding();
        ImageSource range = end < source.size() ? new LimitedImageSource(source, end) : source;
        int threads = request.loaderThreads() > 0 ? request.loaderThreads()
                : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        LoaderOptions options = LoaderOptions.withBatchSize(request.batchSize()).withStartIndex(start)
                .withThreads(threads);
        long extracted = 0;
        ExecutorService storeThread = Executors.newSingleThreadExecutor(Extraction::storeThread);
        Future<?> pending = null;
        try (ImageBatchLoader loader = ImageBatchLoader.open(range, new ImagePreprocessor(backbone.info().input()),
                options, context.cancellation());
             ProgressTask task = context.progress().start("extract", range.size() - start, "images")) {
            int position = start;
            while (loader.hasNext()) {
                ImageBatch batch = loader.next();
                Tensor activations = backbone.forward(batch.pixels(), List.of(request.hookPoint()))
                        .get(request.hookPoint());
                FloatMatrix rows = request.tokens().select(activations, layout);
                await(pending);
                // Shard encoding, hashing and writing overlap the next forward; at most one batch waits.
                pending = storeThread.submit(() -> {
                    for (int i = 0; i < batch.size(); i++) {
                        FloatMatrix image = rows.rows(i * rowsPerImage, (i + 1) * rowsPerImage);
                        writer.append(batch.ids().get(i), dropPadding
                                ? request.tokens().withoutPadding(image, layout, batch.geometries().get(i)) : image);
                    }
                    afterBatch.run();
                });
                extracted += batch.size();
                task.advance(batch.nextStartIndex() - position);
                position = batch.nextStartIndex();
            }
            await(pending);
            pending = null;
            return new Pass(extracted, loader.skipped());
        } finally {
            // A write already handed over completes before the writer closes: never two threads on it.
            if (pending != null) {
                awaitQuietly(pending);
            }
            storeThread.shutdown();
        }
    }

    /** Why a run that stored no image fails: the source was empty, or every image was skipped. */
    public static FacetException storedNothing(ImageSource source, List<SkippedImage> skipped) {
        if (source.size() == 0) {
            return new InvalidDataException("Extraction stored no images: " + source.name() + " holds no images");
        }
        StringBuilder reasons = new StringBuilder();
        for (SkippedImage skip : skipped.subList(0, Math.min(FIRST_REASONS, skipped.size()))) {
            reasons.append(reasons.length() == 0 ? "" : "; ").append(skip.id()).append(": ").append(skip.reason());
        }
        return new InvalidDataException("Extraction stored no images: " + skipped.size() + " of " + source.size()
                + " images of " + source.name() + " skipped (first reasons: " + reasons + "); the store is left "
                + "incomplete, see " + SkippedImagesFile.FILE);
    }

    /**
     * The provenance of a store (docs/formats.md#provenance): what made it and what it holds.
     *
     * @param engine more entries of its {@code source}, e.g. the cluster that extracted it; empty for one machine
     */
    public static Provenance provenance(StoreMetadata metadata, boolean keepPadding, long images, long rows,
                                        int skipped, double seconds, Map<String, Object> engine) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("model", metadata.model());
        source.put("hook_point", metadata.hookPoint());
        source.put("tokens", metadata.tokens());
        source.put("dtype", metadata.dtype().jsonName());
        source.put("keep_padding", keepPadding);
        source.put("padding", metadata.padding());
        source.put("preprocessing", metadata.preprocessing());
        source.putAll(engine);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("images", images);
        metrics.put("rows", rows);
        metrics.put("skipped", skipped);
        metrics.put("seconds_last_run", seconds);
        return Provenance.builder().optArtifact(Provenance.ACTIVATION_STORE).optSource(source)
                .optMetrics(metrics).build();
    }

    /** The bytes of {@code provenance.json} for {@code provenance}. */
    public static byte[] provenanceJson(Provenance provenance) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(provenance.toMap());
        } catch (IOException e) {
            throw new FacetException("Cannot encode the provenance of an activation store: " + e, e);
        }
    }

    /** Writes {@code provenance.json} beside the manifest. */
    private static void writeProvenance(Path store, Provenance provenance) {
        AtomicFiles.write(store.resolve(PROVENANCE), provenanceJson(provenance));
    }

    private static Thread storeThread(Runnable work) {
        Thread thread = new Thread(work, "facet-store-writer");
        thread.setDaemon(true);
        return thread;
    }

    /** Waits for the previous batch's store writes; their failure becomes this thread's. */
    private static void await(Future<?> pending) {
        if (pending == null) {
            return;
        }
        try {
            pending.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new FacetException("Writing the activation store failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("extraction was interrupted while writing the store");
        }
    }

    /** Lets a handed-over write finish before the writer closes; its failure was or will be reported. */
    private static void awaitQuietly(Future<?> pending) {
        try {
            pending.get();
        } catch (ExecutionException e) {
            LOG.debug("Store write abandoned after a failure: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The source index after the last image already stored, or 0 for a new store. */
    private static int resumeIndex(ActivationStoreWriter writer, ImageSource source) {
        if (writer.imagesDone() == 0) {
            return 0;
        }
        ActivationStore stored = ActivationStore.openIncomplete(writer.directory());
        List<String> lastIds = stored.imageIds(stored.shards().size() - 1);
        String last = lastIds.get(lastIds.size() - 1);
        int index = source.ids().indexOf(last);
        if (index < 0) {
            throw new InvalidDataException("Activation store " + writer.directory() + " ends with image '" + last
                    + "', which " + source.name() + " does not list; resume with the same images or a new --out");
        }
        LOG.info("Resuming {} after {} stored images (source index {})", writer.directory(), writer.imagesDone(), index + 1);
        return index + 1;
    }

    /** Whether {@code store} holds a manifest (used by callers to report "resuming"). */
    public static boolean storeExists(java.nio.file.Path store) {
        return Files.isRegularFile(store.resolve("manifest.json"));
    }
}
