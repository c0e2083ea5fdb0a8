package dev.facet.spark.extract;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.spark.HadoopOutput;
import dev.facet.spi.FacetException;
import dev.facet.spi.OutputLockedException;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock of a store on a file system without operating-system locks (HDFS, an object store): the file
 * {@value #FILE} names the driver that holds it (its Spark application id and host) and the time of its last
 * heartbeat, which the driver refreshes every {@link #REFRESH}. A lock whose heartbeat is older than
 * {@link #STALE} was left by a killed driver and is taken over, with a log line naming it. Best effort: two
 * drivers that start within the same instant may both take it.
 */
final class HeartbeatLock implements AutoCloseable {
    static final String FILE = ".facet-spark-lock";
    /** How often the holder refreshes its heartbeat. */
    static final Duration REFRESH = Duration.ofSeconds(15);
    /** After how long without a heartbeat a lock counts as left by a killed driver. */
    static final Duration STALE = Duration.ofSeconds(120);

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatLock.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HadoopOutput output;
    private final String application;
    private final ScheduledExecutorService heart;

    private HeartbeatLock(HadoopOutput output, String application, Duration refresh) {
        this.output = output;
        this.application = application;
        this.heart = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread thread = new Thread(work, "facet-lock-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        heart.scheduleWithFixedDelay(this::beat, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes the lock of {@code output} for {@code application} with the default timings. */
    static HeartbeatLock acquire(HadoopOutput output, String application) {
        return acquire(output, application, REFRESH, STALE);
    }

    /**
     * Takes the lock of {@code output} for {@code application}.
     *
     * @throws OutputLockedException naming the holder when another driver's heartbeat is younger than {@code stale}
     */
    static HeartbeatLock acquire(HadoopOutput output, String application, Duration refresh, Duration stale) {
        if (output.exists(FILE)) {
            Map<String, Object> holder = read(output);
            long age = System.currentTimeMillis() - ((Number) holder.getOrDefault("heartbeat", 0L)).longValue();
            if (age < stale.toMillis()) {
                throw new OutputLockedException(output.named(""), describe(holder, age));
            }
            LOG.warn("Taking over the lock of {} from {}, whose heartbeat stopped {} s ago", output.root(),
                    holder.get("application"), age / 1000);
        }
        output.writeAtomically(FILE, content(application));
        return new HeartbeatLock(output, application, refresh);
    }

    private void beat() {
        try {
            Map<String, Object> holder = read(output);
            if (!application.equals(holder.get("application"))) {
                LOG.error("The lock of {} was taken over by {}: stopping the heartbeat", output.root(),
                        holder.get("application"));
                heart.shutdown();
                return;
            }
            output.writeAtomically(FILE, content(application));
        } catch (RuntimeException e) {
            LOG.warn("Cannot refresh the lock of {}: {}", output.root(), e.getMessage());
        }
    }

    /** Stops the heartbeat and deletes the lock file if it still names this driver. */
    @Override
    public void close() {
        heart.shutdownNow();
        try {
            if (output.exists(FILE) && application.equals(read(output).get("application"))) {
                output.delete(FILE);
            }
        } catch (RuntimeException e) {
            LOG.warn("Cannot release the lock of {}: {}", output.root(), e.getMessage());
        }
    }

    private static byte[] content(String application) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("application", application);
        map.put("host", host());
        map.put("heartbeat", System.currentTimeMillis());
        try {
            return JSON.writeValueAsBytes(map);
        } catch (IOException e) {
            throw new FacetException("Cannot encode the lock file: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> read(HadoopOutput output) {
        try {
            return JSON.readValue(output.read(FILE), new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            LOG.warn("Unreadable lock file {}: treating it as stale ({})", output.path(FILE), e.getMessage());
            return Map.of();
        }
    }

    private static String describe(Map<String, Object> holder, long ageMillis) {
        return "Spark application " + holder.get("application") + " on " + holder.get("host") + ", last heartbeat "
                + Instant.ofEpochMilli(System.currentTimeMillis() - ageMillis) + ", " + ageMillis / 1000 + " s ago";
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }
}
