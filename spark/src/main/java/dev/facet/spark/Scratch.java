package dev.facet.spark;

import dev.facet.spi.FacetException;
import dev.facet.spi.io.DirectoryTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local scratch folders of a task or a driver: inside Spark's working directory of the application when this
 * JVM runs Spark (an executor's work directory, the driver's temporary directory in local mode), which the
 * cluster manager removes with the application, so even a task whose JVM was killed leaves nothing behind for
 * long; in the system's temporary folder otherwise.
 */
public final class Scratch {
    private static final Logger LOG = LoggerFactory.getLogger(Scratch.class);

    private Scratch() {
    }

    /** A new empty folder whose name starts with {@code prefix}. */
    public static Path create(String prefix) {
        try {
            return SparkEnv.get() == null ? Files.createTempDirectory(prefix)
                    : Files.createTempDirectory(Path.of(SparkFiles.getRootDirectory()), prefix);
        } catch (IOException e) {
            throw new FacetException("Cannot create a local scratch folder '" + prefix + "...': " + e.getMessage(), e);
        }
    }

    /** Removes a scratch folder and what it holds; a leftover is only logged. */
    public static void remove(Path folder) {
        try {
            DirectoryTrees.delete(folder);
        } catch (IOException e) {
            LOG.warn("Cannot remove the scratch folder {}: {}", folder, e.toString());
        }
    }
}
