package dev.facet.spark;

import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.dictionary.Dictionary;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The components an executor JVM opens for its tasks, pooled per JVM: a task borrows one, and a component is
 * opened only when every one opened so far is in use, so an executor opens at most one per task it runs at
 * once and reuses them for all its later tasks. What the pools opened is closed when the JVM exits.
 */
public final class ExecutorResources {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorResources.class);
    private static final Map<Object, Pool<?>> POOLS = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExecutorResources::closeAll, "facet-executor-resources"));
    }

    private ExecutorResources() {
    }

    /** Borrows an open backbone of {@code spec}, opening one only when every opened one is lent. */
    public static Lease<Backbone> backbone(WorkerSpec spec) {
        return pool(spec, spec::openBackbone).borrow();
    }

    /**
     * Borrows the dictionary saved in {@code dictionaryDirectory} (a path every worker reads), loaded by
     * {@code learner}'s factory of {@code spec}'s registry.
     */
    public static Lease<Dictionary> dictionary(WorkerSpec spec, String learner, String dictionaryDirectory) {
        return pool(new DictionaryKey(spec, learner, dictionaryDirectory),
                () -> spec.registry().learner(learner).load(Path.of(dictionaryDirectory))).borrow();
    }

    /** How many backbones of {@code spec} this JVM opened. */
    public static int opened(WorkerSpec spec) {
        Pool<?> pool = POOLS.get(spec);
        return pool == null ? 0 : pool.opened();
    }

    @SuppressWarnings("unchecked")
    private static <T extends AutoCloseable> Pool<T> pool(Object key, Supplier<T> open) {
        return (Pool<T>) POOLS.computeIfAbsent(key, k -> new Pool<>(k, open));
    }

    private static void closeAll() {
        POOLS.values().forEach(Pool::closeAll);
    }

    private record DictionaryKey(WorkerSpec spec, String learner, String directory) {
    }

    /** A borrowed component; closing the lease returns it to its pool. */
    public static final class Lease<T extends AutoCloseable> implements AutoCloseable {
        private final Pool<T> pool;
        private final T value;
        private boolean returned;

        private Lease(Pool<T> pool, T value) {
            this.pool = pool;
            this.value = value;
        }

        /** The component, for the time of the lease. */
        public T get() {
            if (returned) {
                throw new IllegalStateException("The lease of " + pool.key + " was already returned");
            }
            return value;
        }

        @Override
        public void close() {
            if (!returned) {
                returned = true;
                pool.giveBack(value);
            }
        }
    }

    private static final class Pool<T extends AutoCloseable> {
        private final Object key;
        private final Supplier<T> open;
        private final Deque<T> idle = new ArrayDeque<>();
        private final List<T> all = new ArrayList<>();

        Pool(Object key, Supplier<T> open) {
            this.key = key;
            this.open = open;
        }

        Lease<T> borrow() {
            synchronized (this) {
                T free = idle.pollFirst();
                if (free != null) {
                    return new Lease<>(this, free);
                }
            }
            T made = open.get();
            synchronized (this) {
                all.add(made);
                LOG.info("Opened {} #{} in this JVM", key, all.size());
            }
            return new Lease<>(this, made);
        }

        synchronized void giveBack(T value) {
            idle.addFirst(value);
        }

        synchronized int opened() {
            return all.size();
        }

        synchronized void closeAll() {
            for (T value : all) {
                try {
                    value.close();
                } catch (Exception e) {
                    LOG.debug("Closing {} at exit failed: {}", key, e.toString());
                }
            }
            all.clear();
            idle.clear();
        }
    }
}
