package dev.facet.spark;

import dev.facet.extractors.onnx.OnnxBackboneFactory;
import dev.facet.spi.Capability;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.Plugin;
import dev.facet.spi.PluginDescriptor;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneConfig;
import dev.facet.spi.backbone.BackboneFactory;
import dev.facet.spi.backbone.BackboneInfo;
import dev.facet.spi.config.Settings;
import dev.facet.spi.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;

/**
 * Test backbones that wrap the ONNX backbone, registered on the test class path: {@value #FAILING} fails the
 * first attempt of partition {@value #FAILING_PARTITION} at its third forward pass (after that attempt wrote a
 * shard), {@value #BROKEN} fails every attempt of that partition there, and {@value #SLOW} takes
 * {@value #SLOW_MILLIS} ms per forward pass, so a test can kill a driver mid-job; every one records the
 * {@code threads} option it was last opened with in {@link #LAST_THREADS}.
 */
public final class TestBackbonesPlugin implements Plugin {
    public static final String FAILING = "failing-onnx";
    public static final String SLOW = "slow-onnx";
    public static final String BROKEN = "broken-onnx";
    public static final int FAILING_PARTITION = 1;
    public static final long SLOW_MILLIS = 400;
    /** How many forward passes the failing backbone failed in this JVM. */
    public static final AtomicInteger FAILURES = new AtomicInteger();
    /** The {@code threads} option the last backbone opened in this JVM was given, or -1 when none. */
    public static final AtomicInteger LAST_THREADS = new AtomicInteger(-1);

    @Override
    public PluginDescriptor descriptor() {
        return PluginDescriptor.of("spark-test-backbones", "1.0.0", "Test backbones for the Spark jobs");
    }

    @Override
    public List<BackboneFactory> backbones() {
        return List.of(new Factory(FAILING), new Factory(SLOW), new Factory(BROKEN));
    }

    private static final class Factory implements BackboneFactory {
        private final String id;
        private final OnnxBackboneFactory onnx = new OnnxBackboneFactory();

        Factory(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String description() {
            return "ONNX backbone for tests: " + id;
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of(Capability.FORWARD);
        }

        @Override
        public Settings settings() {
            return onnx.settings();
        }

        @Override
        public Backbone open(BackboneConfig config) {
            Object threads = config.options().asMap().get("threads");
            LAST_THREADS.set(threads == null ? -1 : ((Number) threads).intValue());
            return new Wrapped(id, onnx.open(config));
        }
    }

    private static final class Wrapped implements Backbone {
        private final String id;
        private final Backbone backbone;
        private final Map<Long, AtomicInteger> forwardsByAttempt = new ConcurrentHashMap<>();

        Wrapped(String id, Backbone backbone) {
            this.id = id;
            this.backbone = backbone;
        }

        @Override
        public BackboneInfo info() {
            return backbone.info();
        }

        @Override
        public Map<String, Tensor> forward(Tensor pixels, List<String> hookPoints) {
            TaskContext task = TaskContext.get();
            if ((FAILING.equals(id) || BROKEN.equals(id)) && task != null && task.partitionId() == FAILING_PARTITION
                    && (task.attemptNumber() == 0 || BROKEN.equals(id))
                    && forwardsByAttempt.computeIfAbsent(task.taskAttemptId(), a -> new AtomicInteger())
                    .incrementAndGet() == 3) {
                FAILURES.incrementAndGet();
                throw new InvalidDataException("injected failure of attempt " + task.attemptNumber()
                        + " of partition " + FAILING_PARTITION);
            }
            if (SLOW.equals(id)) {
                try {
                    Thread.sleep(SLOW_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return backbone.forward(pixels, hookPoints);
        }

        @Override
        public void close() {
            backbone.close();
        }
    }
}
