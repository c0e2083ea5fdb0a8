package dev.facet.extractors.images;

import dev.facet.spi.CancelledException;
import dev.facet.spi.ConfigException;
import dev.facet.spi.FacetException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.backbone.InputGeometry;
import dev.facet.spi.run.CancellationToken;
import dev.facet.spi.tensor.Tensor;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds an {@link ImageSource} to a backbone as {@link ImageBatch}es, decoding and preprocessing on
 * worker threads while the consumer works on the previous batch.
 *
 * <p><b>Order.</b> Items are submitted to the workers in source order, at most
 * {@link LoaderOptions#batchesInFlight()} batches' worth ahead of the consumer, and taken back in the
 * same order, so batches hold the good images in source order whatever the thread count; every batch
 * but the last holds exactly {@link LoaderOptions#batchSize()} images. Loading starts at
 * {@link LoaderOptions#startIndex()}; earlier items are never decoded.
 *
 * <p><b>Memory.</b> Each image is reduced to the model's input on the worker that decodes it
 * ({@link ImageItem#loadAs}), so a source that bounds decoding ({@link ImageLimits}) holds a decode's
 * memory only until its image is preprocessed; workers wait for budget rather than fail, and waiting
 * changes no result.
 *
 * <p><b>Bad images.</b> An item that cannot be loaded ({@link UnreadableImageException}: missing,
 * empty, not an image, truncated, corrupt, over the image limits) is left out and recorded as a {@link SkippedImage}
 * ({@link #skipped()}), and the batch is filled with the next good images. Any other exception from a
 * worker is a bug or a resource problem: it stops the loader and surfaces as a {@link FacetException}
 * from {@link #hasNext()} / {@link #next()}, naming the item.
 *
 * <p><b>Stopping.</b> The {@link CancellationToken} is checked before each batch; once cancelled,
 * {@link #hasNext()} throws {@link CancelledException}. {@link #close()} cancels queued work, interrupts
 * running work and waits for the worker threads to end; afterwards {@link #hasNext()} is false. A
 * consumer blocked in {@link #hasNext()} on another thread is released with a {@link CancelledException}.
 * Closing early, at any point, never hangs. Iterate from one thread; {@link #close()} and {@link #skipped()} may be called from any thread.
 */
public final class ImageBatchLoader implements Iterator<ImageBatch>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ImageBatchLoader.class);
    private static final long SHUTDOWN_WAIT_SECONDS = 30;

    private final ImageSource source;
    private final ImagePreprocessor preprocessor;
    private final LoaderOptions options;
    private final CancellationToken cancellation;
    private final ExecutorService workers;
    private final Deque<PendingImage> pending = new ConcurrentLinkedDeque<>();
    private final List<SkippedImage> skipped = new ArrayList<>();
    private int pendingCount;
    private int nextToSubmit;
    private ImageBatch ready;
    private FacetException failure;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ImageBatchLoader(ImageSource source, ImagePreprocessor preprocessor, LoaderOptions options,
                             CancellationToken cancellation) {
        this.source = source;
        this.preprocessor = preprocessor;
        this.options = options;
        this.cancellation = cancellation;
        this.nextToSubmit = options.startIndex();
        this.workers = Executors.newFixedThreadPool(options.threads(), new LoaderThreads());
    }

    /**
     * Starts loading {@code source} with a fresh cancellation token.
     *
     * @throws ConfigException if the start index is past the end of the source or a batch would not
     *                         fit in one Java array
     */
    public static ImageBatchLoader open(ImageSource source, ImagePreprocessor preprocessor, LoaderOptions options) {
        return open(source, preprocessor, options, CancellationToken.create());
    }

    /**
     * Starts loading {@code source}; workers begin decoding at once. Close the loader when done.
     *
     * @throws ConfigException if the start index is past the end of the source or a batch would not
     *                         fit in one Java array
     */
    public static ImageBatchLoader open(ImageSource source, ImagePreprocessor preprocessor, LoaderOptions options,
                                        CancellationToken cancellation) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(preprocessor, "preprocessor");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(cancellation, "cancellation");
        if (options.startIndex() > source.size()) {
            throw ConfigException.outOfRange("startIndex", options.startIndex(),
                    "[0, " + source.size() + "] for " + source.name() + " with " + source.size() + " items");
        }
        long batchValues = (long) options.batchSize() * preprocessor.valuesPerImage();
        if (batchValues > Integer.MAX_VALUE - 8) {
            throw ConfigException.outOfRange("batchSize", options.batchSize(), "at most "
                    + (Integer.MAX_VALUE - 8) / preprocessor.valuesPerImage() + " images of "
                    + preprocessor.spec() + " per batch, to fit in one Java array");
        }
        ImageBatchLoader loader = new ImageBatchLoader(source, preprocessor, options, cancellation);
        LOG.debug("Loading {} items of {} from index {} in batches of {} on {} threads",
                source.size() - options.startIndex(), source.name(), options.startIndex(), options.batchSize(),
                options.threads());
        try {
            loader.submitAhead();
        } catch (RuntimeException e) {
            loader.close();
            throw e;
        }
        return loader;
    }

    /**
     * Whether another batch follows; waits until it is assembled.
     *
     * @throws CancelledException if the token was cancelled or the loader was closed while waiting
     * @throws FacetException     if a worker failed unexpectedly
     */
    @Override
    public boolean hasNext() {
        if (closed.get()) {
            ready = null;
            pending.clear();
            return false;
        }
        if (ready != null) {
            return true;
        }
        if (failure != null) {
            throw failure;
        }
        try {
            cancellation.throwIfCancelled("Loading images from " + source.name());
            ready = assembleBatch();
        } catch (CancelledException e) {
            shutdownWorkers();
            throw e;
        } catch (RuntimeException e) {
            failure = e instanceof FacetException facet ? facet
                    : new FacetException("Loading images from " + source.name() + " failed: " + e, e);
            shutdownWorkers();
            throw failure;
        }
        return ready != null;
    }

    /**
     * The next batch.
     *
     * @throws NoSuchElementException if no batch follows
     */
    @Override
    public ImageBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("No more image batches from " + source.name());
        }
        ImageBatch batch = ready;
        ready = null;
        return batch;
    }

    /** The remaining batches as a sequential, ordered stream; closing the stream closes this loader. */
    public Stream<ImageBatch> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this,
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(this::close);
    }

    /** The items skipped so far, in source order. */
    public List<SkippedImage> skipped() {
        synchronized (skipped) {
            return List.copyOf(skipped);
        }
    }

    /** The source being loaded. */
    public ImageSource source() {
        return source;
    }

    /** The options in use. */
    public LoaderOptions options() {
        return options;
    }

    /** Stops the workers and waits for their threads to end. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        shutdownWorkers();
        try {
            if (!workers.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("Image loader threads for {} did not stop within {} s; they are daemon threads and end "
                        + "when their current image is done", source.name(), SHUTDOWN_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ImageBatch assembleBatch() {
        List<PendingImage> images = new ArrayList<>(options.batchSize());
        List<ItemOutcome.Preprocessed> pixels = new ArrayList<>(options.batchSize());
        while (images.size() < options.batchSize()) {
            submitAhead();
            PendingImage head = pending.pollFirst();
            if (head == null) {
                break;
            }
            pendingCount--;
            ItemOutcome outcome = await(head);
            if (outcome instanceof ItemOutcome.Preprocessed preprocessed) {
                images.add(head);
                pixels.add(preprocessed);
            } else if (outcome instanceof ItemOutcome.Unreadable unreadable) {
                recordSkip(head, unreadable.reason());
            }
        }
        if (closed.get()) {
            throw closedWhileWaiting();
        }
        submitAhead();
        return images.isEmpty() ? null : toBatch(images, pixels);
    }

    private void submitAhead() {
        while (!closed.get() && pendingCount < options.imagesInFlight() && nextToSubmit < source.size()) {
            int index = nextToSubmit;
            ImageItem item = source.item(index);
            Future<ItemOutcome> outcome;
            try {
                outcome = workers.submit(() -> loadAndPreprocess(item));
            } catch (RejectedExecutionException e) {
                throw closedWhileWaiting();
            }
            pending.addLast(new PendingImage(index, item, outcome));
            pendingCount++;
            nextToSubmit++;
        }
    }

    /** Runs on a worker thread. */
    private ItemOutcome loadAndPreprocess(ImageItem item) {
        try {
            return item.loadAs(image -> new ItemOutcome.Preprocessed(preprocessor.preprocess(image),
                    preprocessor.geometry(image.getWidth(), image.getHeight())));
        } catch (UnreadableImageException e) {
            return new ItemOutcome.Unreadable(e.getMessage());
        }
    }

    private ItemOutcome await(PendingImage image) {
        try {
            return image.outcome().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("Loading images from " + source.name() + " was interrupted while waiting for '"
                    + image.item().id() + "'");
        } catch (CancellationException e) {
            throw closedWhileWaiting();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String what = "Loading image '" + image.item().id() + "' (item " + image.index() + " of " + source.name() + ")";
            throw cause instanceof FacetException facet ? new FacetException(what + " failed: " + facet.getMessage(), facet)
                    : new FacetException(what + " failed unexpectedly: " + cause, cause);
        }
    }

    private CancelledException closedWhileWaiting() {
        return new CancelledException("Loading images from " + source.name() + " was closed before the batch was complete");
    }

    private void recordSkip(PendingImage image, String reason) {
        LOG.warn("Skipping image '{}' (item {} of {}): {}", image.item().id(), image.index(), source.name(), reason);
        synchronized (skipped) {
            skipped.add(new SkippedImage(image.item().id(), reason));
        }
    }

    private ImageBatch toBatch(List<PendingImage> images, List<ItemOutcome.Preprocessed> pixels) {
        int n = images.size();
        int perImage = preprocessor.valuesPerImage();
        float[] data = new float[n * perImage];
        List<String> ids = new ArrayList<>(n);
        int[] indices = new int[n];
        int[] labels = new int[source.hasLabels() ? n : 0];
        List<InputGeometry> geometries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            PendingImage image = images.get(i);
            System.arraycopy(pixels.get(i).pixels(), 0, data, i * perImage, perImage);
            geometries.add(pixels.get(i).geometry());
            ids.add(image.item().id());
            indices[i] = image.index();
            if (labels.length > 0) {
                labels[i] = image.item().label().orElseThrow(() -> new InvalidDataException("Item '"
                        + image.item().id() + "' of " + source.name() + " has no label, but the source has labels"));
            }
        }
        return new ImageBatch(new Tensor(preprocessor.spec().batchShape(n), data), ids, indices, labels, geometries);
    }

    /** Cancels every queued or running item and stops the executor; does not wait. */
    private void shutdownWorkers() {
        for (PendingImage image : pending) {
            image.outcome().cancel(true);
        }
        pending.clear();
        for (Runnable queued : workers.shutdownNow()) {
            if (queued instanceof Future<?> future) {
                future.cancel(false);
            }
        }
    }

    /** An item handed to the workers and not yet taken back. */
    private record PendingImage(int index, ImageItem item, Future<ItemOutcome> outcome) {
    }
}
