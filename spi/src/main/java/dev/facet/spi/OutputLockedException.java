package dev.facet.spi;

import java.nio.file.Path;

/**
 * Another writer (another process, or another part of this one) holds the lock of an output
 * directory. The message names the directory and the holder: its pid, host, start time and command.
 */
public class OutputLockedException extends FacetException {
    private static final long serialVersionUID = 1L;
    private final transient Path directory;
    private final String holder;

    public OutputLockedException(Path directory, String holder) {
        super("Output directory " + directory + " is being written by another Facet process (" + holder
                + "); wait for it to finish or choose another output directory");
        this.directory = directory;
        this.holder = holder;
    }

    /** The locked output directory. */
    public Path directory() {
        return directory;
    }

    /** Who holds the lock, as read from the lock file. */
    public String holder() {
        return holder;
    }
}
