package dev.facet.spark.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spark.HadoopOutput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit protocol of a partition's task attempts: the first successful attempt wins, others vanish. */
class WorkFolderTest {
    @TempDir
    Path dir;

    /** An attempt that wrote one shard whose bytes are {@code content}. */
    private static PartitionResult attempt(HadoopOutput output, int partition, int number, String content) {
        String attempt = WorkFolder.attempt(partition, number, 100 + number);
        byte[] npy = content.getBytes(StandardCharsets.UTF_8);
        byte[] ids = "image\n".getBytes(StandardCharsets.UTF_8);
        output.writeAtomically(WorkFolder.attemptFolder(attempt) + "/shard-00000.npy", npy);
        output.writeAtomically(WorkFolder.attemptFolder(attempt) + "/shard-00000.images.txt", ids);
        return new PartitionResult(partition, attempt,
                List.of(new PartitionResult.Shard("shard-00000.npy", 1, 1, "0".repeat(64), npy.length, ids.length)),
                List.of(), 1, 0.1);
    }

    @Test
    void aSecondAttemptOfACommittedPartitionIsDeletedAndNeverReplacesTheFirst() {
        HadoopOutput output = HadoopOutput.of(dir.toString(), new Configuration());
        WorkFolder work = new WorkFolder(output);
        PartitionResult first = attempt(output, 3, 1, "first attempt");
        PartitionResult speculative = attempt(output, 3, 2, "speculative copy");

        assertTrue(work.commit(first));
        assertFalse(work.commit(speculative), "a partition is committed once");

        assertEquals(List.of(3), List.copyOf(work.committed().keySet()));
        assertEquals(first.attempt(), work.committed().get(3).attempt());
        assertArrayEquals("first attempt".getBytes(StandardCharsets.UTF_8),
                output.read(WorkFolder.committedFolder(3) + "/shard-00000.npy"));
        assertEquals(List.of(), output.list(WorkFolder.ATTEMPTS), "both attempts' folders are gone");
        assertEquals(null, work.problem(work.committed().get(3)));
    }

    @Test
    void aPartitionRenamedButNotYetRecordedIsALeftoverThatTheNextRunRemoves() {
        HadoopOutput output = HadoopOutput.of(dir.toString(), new Configuration());
        WorkFolder work = new WorkFolder(output);
        PartitionResult done = attempt(output, 0, 0, "committed");
        assertTrue(work.commit(done));
        // a driver killed between the rename of partition 1's attempt and its record, with another attempt running
        PartitionResult renamed = attempt(output, 1, 0, "renamed only");
        output.rename(WorkFolder.attemptFolder(renamed.attempt()), WorkFolder.committedFolder(1));
        attempt(output, 2, 0, "still running");

        assertEquals(List.of(0), List.copyOf(work.committed().keySet()), "only a recorded partition counts");
        assertEquals(2, work.deleteLeftovers(), "the unrecorded folder and the attempts folder");
        assertFalse(output.exists(WorkFolder.committedFolder(1)));
        assertFalse(output.exists(WorkFolder.ATTEMPTS));
        assertTrue(output.exists(WorkFolder.committedFolder(0) + "/shard-00000.npy"));
    }
}
