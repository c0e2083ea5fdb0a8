package dev.facet.spark.extract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.facet.spark.HadoopOutput;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.FacetException;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder {@value #WORK} of a store that a Spark extraction writes (docs/spark.md#extraction-on-spark): the
 * partitioning ({@code plan.json}), what each task attempt writes ({@code attempts/part-PPPPP-attempt-N-ID/}),
 * the partitions the driver committed ({@code committed/part-PPPPP/} with their record
 * {@code committed/part-PPPPP.json}, written last), and the marker {@code finalizing} once every partition is
 * committed and their shards move to the store. A partition counts as committed only once its record exists.
 */
final class WorkFolder {
    static final String WORK = "_spark";
    static final String PLAN = WORK + "/plan.json";
    static final String ATTEMPTS = WORK + "/attempts";
    static final String COMMITTED = WORK + "/committed";
    static final String FINALIZING = WORK + "/finalizing";

    private static final Logger LOG = LoggerFactory.getLogger(WorkFolder.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern RECORD = Pattern.compile("part-(\\d{5,})\\.json");

    private final HadoopOutput output;

    WorkFolder(HadoopOutput output) {
        this.output = output;
    }

    HadoopOutput output() {
        return output;
    }

    static String part(int partition) {
        return String.format("part-%05d", partition);
    }

    /** The folder of one task attempt: unique per attempt, as Spark numbers attempts per job. */
    static String attempt(int partition, int attemptNumber, long taskAttemptId) {
        return part(partition) + "-attempt-" + attemptNumber + "-" + taskAttemptId;
    }

    static String attemptFolder(String attempt) {
        return ATTEMPTS + "/" + attempt;
    }

    static String committedFolder(int partition) {
        return COMMITTED + "/" + part(partition);
    }

    private static String committedRecord(int partition) {
        return committedFolder(partition) + ".json";
    }

    boolean exists() {
        return output.exists(WORK);
    }

    /** The partitioning of the run this folder belongs to, or {@code null} before the first run wrote it. */
    Partitioning plan() {
        return output.exists(PLAN) ? read(PLAN, Partitioning.class) : null;
    }

    void writePlan(Partitioning plan) {
        write(PLAN, plan);
    }

    /** The committed partitions by number: those with a record. */
    Map<Integer, PartitionResult> committed() {
        Map<Integer, PartitionResult> committed = new TreeMap<>();
        for (String name : output.list(COMMITTED)) {
            Matcher matcher = RECORD.matcher(name);
            if (matcher.matches()) {
                committed.put(Integer.parseInt(matcher.group(1)), read(COMMITTED + "/" + name, PartitionResult.class));
            }
        }
        return committed;
    }

    /**
     * Commits the first successful attempt of a partition: its folder becomes {@code committed/part-P}, then its
     * record is written. A later attempt of a committed partition is deleted.
     *
     * @return false when the partition was already committed
     */
    boolean commit(PartitionResult result) {
        int partition = result.partition();
        String from = attemptFolder(result.attempt());
        if (output.exists(committedRecord(partition))) {
            LOG.info("Partition {} is already committed: deleting the duplicate attempt {}", partition,
                    result.attempt());
            output.delete(from);
            return false;
        }
        String to = committedFolder(partition);
        output.delete(to); // left by a driver killed between the rename and the record
        if (!output.rename(from, to)) {
            if (!result.shards().isEmpty()) {
                throw new CorruptArtifactException(output.named(from),
                        "missing: task attempt " + result.attempt() + " reported " + result.shards().size()
                                + " shards written there");
            }
            output.mkdirs(to);
        }
        write(committedRecord(partition), result);
        return true;
    }

    /** Why a committed partition's files are unusable (a missing file, a wrong length), or null when they are fine. */
    String problem(PartitionResult committed) {
        String folder = committedFolder(committed.partition());
        for (PartitionResult.Shard shard : committed.shards()) {
            String npy = folder + "/" + shard.file();
            String ids = folder + "/" + idsFile(shard.file());
            if (!output.exists(npy) || !output.exists(ids)) {
                return shard.file() + " or its image ids are missing";
            }
            if (output.length(npy) != shard.bytes() || output.length(ids) != shard.idsBytes()) {
                return shard.file() + " or its image ids do not have the recorded length";
            }
        }
        return null;
    }

    /** Removes a committed partition: its record first, so that it no longer counts, then its folder. */
    void uncommit(int partition) {
        output.delete(committedRecord(partition));
        output.delete(committedFolder(partition));
    }

    /** Deletes every attempt's folder, and committed folders without a record. */
    int deleteLeftovers() {
        int removed = output.list(ATTEMPTS).size();
        output.delete(ATTEMPTS);
        for (String name : output.list(COMMITTED)) {
            if (!name.endsWith(".json") && !output.exists(COMMITTED + "/" + name + ".json")) {
                output.delete(COMMITTED + "/" + name);
                removed++;
            }
        }
        return removed;
    }

    /** Deletes the whole work folder. */
    void deleteAll() {
        output.delete(WORK);
    }

    static String idsFile(String npyFile) {
        return npyFile.substring(0, npyFile.length() - ".npy".length()) + ".images.txt";
    }

    private <T> T read(String relative, Class<T> type) {
        try {
            return JSON.readValue(output.read(relative), type);
        } catch (IOException | RuntimeException e) {
            if (e instanceof FacetException facet) {
                throw facet;
            }
            throw new CorruptArtifactException(output.named(relative),
                    "unreadable record of an interrupted Spark extraction (" + e.getMessage() + "); delete "
                            + WORK + " and the store's shards to start over", e);
        }
    }

    private void write(String relative, Object value) {
        try {
            output.writeAtomically(relative, JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new FacetException("Cannot encode " + relative + ": " + e.getMessage(), e);
        }
    }
}
