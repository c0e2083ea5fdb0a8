package dev.facet.spark.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spark.HadoopOutput;
import dev.facet.spi.OutputLockedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock of stores on file systems without OS locks, tested on the local one through the Hadoop API. */
class HeartbeatLockTest {
    private static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    Path dir;

    private String lockFile(HadoopOutput output) {
        return new String(output.read(HeartbeatLock.FILE), StandardCharsets.UTF_8);
    }

    @Test
    void aLiveHolderKeepsTheLockUntilItReleasesIt() {
        HadoopOutput output = HadoopOutput.of(dir.toString(), new Configuration());
        try (HeartbeatLock first = HeartbeatLock.acquire(output, "app-1", HOUR, HOUR)) {
            OutputLockedException locked = assertThrows(OutputLockedException.class,
                    () -> HeartbeatLock.acquire(output, "app-2", HOUR, HOUR));
            assertTrue(locked.getMessage().contains("app-1"), locked.getMessage());
        }
        assertFalse(output.exists(HeartbeatLock.FILE), "released");
        try (HeartbeatLock second = HeartbeatLock.acquire(output, "app-2", HOUR, HOUR)) {
            assertTrue(lockFile(output).contains("app-2"));
        }
    }

    @Test
    void aStaleLockOfAKilledDriverIsTakenOver() {
        HadoopOutput output = HadoopOutput.of(dir.toString(), new Configuration());
        output.writeAtomically(HeartbeatLock.FILE,
                "{\"application\":\"killed\",\"host\":\"h\",\"heartbeat\":1}".getBytes(StandardCharsets.UTF_8));
        try (HeartbeatLock lock = HeartbeatLock.acquire(output, "app-3", HOUR, Duration.ofMillis(500))) {
            assertTrue(lockFile(output).contains("app-3"));
        }
    }

    @Test
    void theHolderRefreshesItsHeartbeat() throws InterruptedException {
        HadoopOutput output = HadoopOutput.of(dir.toString(), new Configuration());
        try (HeartbeatLock lock = HeartbeatLock.acquire(output, "app-4", Duration.ofMillis(20), HOUR)) {
            String before = lockFile(output);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (lockFile(output).equals(before) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            String after = lockFile(output);
            assertTrue(after.contains("app-4"));
            assertFalse(after.equals(before), "the heartbeat moved");
        }
        assertEquals(false, output.exists(HeartbeatLock.FILE));
    }
}
