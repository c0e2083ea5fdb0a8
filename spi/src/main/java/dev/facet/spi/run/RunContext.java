package dev.facet.spi.run;

import dev.facet.spi.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What every stage of a run shares: the root seed, the output directory, where progress goes and
 * the cancellation token. Built DJL-style: {@code setX} for required values, {@code optX} for
 * optional ones.
 *
 * <p><b>Seeds.</b> Stages never share a random stream. Each asks {@link #seedFor(String)} with its
 * own stable name ({@code "extract.shuffle"}, {@code "train.init"}, ...): the child seed is
 * SplitMix64 of the root seed XOR the 64-bit FNV-1a hash of the name's UTF-8 bytes. Adding a stage
 * therefore never changes the seeds of the others, and the same config and seed give the same
 * results on the same machine.
 */
public final class RunContext {
    private final long seed;
    private final Path outputDirectory;
    private final ProgressListener progress;
    private final CancellationToken cancellation;

    private RunContext(Builder builder) {
        this.seed = builder.seed;
        this.outputDirectory = builder.outputDirectory;
        this.progress = builder.progress;
        this.cancellation = builder.cancellation;
    }

    public static Builder builder() {
        return new Builder();
    }

    public long seed() {
        return seed;
    }

    public Path outputDirectory() {
        return outputDirectory;
    }

    public ProgressListener progress() {
        return progress;
    }

    public CancellationToken cancellation() {
        return cancellation;
    }

    /** The seed of the stage called {@code stage}, derived as described in the class comment. */
    public long seedFor(String stage) {
        return deriveSeed(seed, stage);
    }

    /** SplitMix64(root XOR FNV-1a-64(name)). */
    public static long deriveSeed(long root, String name) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        long z = (root ^ hash) + 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Builder of {@link RunContext}; the output directory is required. */
    public static final class Builder {
        private long seed = 42L;
        private Path outputDirectory;
        private ProgressListener progress = ProgressListener.silent();
        private CancellationToken cancellation = CancellationToken.create();

        private Builder() {
        }

        /** Where this run writes its artifacts (required). */
        public Builder setOutputDirectory(Path outputDirectory) {
            this.outputDirectory = outputDirectory;
            return this;
        }

        /** Root seed of the run; 42 when not set. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optProgress(ProgressListener progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        public Builder optCancellation(CancellationToken cancellation) {
            this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
            return this;
        }

        public RunContext build() {
            if (outputDirectory == null) {
                throw new ConfigException("RunContext: missing required outputDirectory (call setOutputDirectory)");
            }
            return new RunContext(this);
        }
    }
}
