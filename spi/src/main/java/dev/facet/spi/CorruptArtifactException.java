package dev.facet.spi;

import java.nio.file.Path;

/** A file Facet wrote or reads (shard, dictionary, model, plugin jar) is truncated or malformed. */
public class CorruptArtifactException extends FacetException {
    private static final long serialVersionUID = 1L;
    private final transient Path artifact;

    public CorruptArtifactException(Path artifact, String problem) {
        super(artifact + ": " + problem);
        this.artifact = artifact;
    }

    public CorruptArtifactException(Path artifact, String problem, Throwable cause) {
        super(artifact + ": " + problem, cause);
        this.artifact = artifact;
    }

    /** The file or directory that is damaged. */
    public Path artifact() {
        return artifact;
    }
}
