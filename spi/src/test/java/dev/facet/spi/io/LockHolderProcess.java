package dev.facet.spi.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A separate JVM for {@link OutputLockTest}: locks the directory of its first argument, prints
 * {@code locked}, and holds the lock until its standard input ends (or it is killed).
 */
public final class LockHolderProcess {
    private LockHolderProcess() {
    }

    public static void main(String[] args) throws IOException {
        try (OutputLock lock = OutputLock.acquire(Path.of(args[0]), "lock holder test", "a test output")) {
            System.out.println("locked " + lock.file());
            System.out.flush();
            while (System.in.read() >= 0) {
                // holds the lock until stdin is closed
            }
        }
    }
}
