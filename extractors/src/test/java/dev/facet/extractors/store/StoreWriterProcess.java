package dev.facet.extractors.store;

import java.nio.file.Path;

/**
 * A separate JVM that writes (or resumes) a store of {@link #IMAGES} images and prints one line
 * per appended image, so {@link ActivationStoreKillTest} can SIGKILL it mid-write.
 */
public final class StoreWriterProcess {

    static final int IMAGES = 200;
    static final int TOKENS = 4;
    static final int DIM = 16;
    /** Two images per shard, so shards are written (and can be interrupted) often. */
    static final StoreMetadata METADATA = StoreFixtures.metadata(StoreDtype.FLOAT32, TOKENS, DIM, 2 * TOKENS);

    private StoreWriterProcess() {
    }

    /** Arguments: the store directory. */
    public static void main(String[] args) {
        try (ActivationStoreWriter writer = ActivationStoreWriter.open(Path.of(args[0]), METADATA)) {
            for (long image = writer.imagesDone(); image < IMAGES; image++) {
                writer.append(StoreFixtures.imageId(image), StoreFixtures.tokens(image, TOKENS, DIM));
                System.out.println("appended " + image);
                System.out.flush();
            }
            writer.finish();
        }
    }
}
