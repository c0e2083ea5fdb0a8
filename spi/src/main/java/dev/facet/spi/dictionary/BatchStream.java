package dev.facet.spi.dictionary;

import dev.facet.spi.tensor.FloatMatrix;
import java.util.Iterator;

/** One pass of mini-batches over an {@link ActivationSource}; close it to release files or buffers. */
public interface BatchStream extends Iterator<FloatMatrix>, AutoCloseable {

    @Override
    void close();
}
