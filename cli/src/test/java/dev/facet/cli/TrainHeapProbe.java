package dev.facet.cli;

import dev.facet.dictionaries.sae.SaeConfig;
import dev.facet.dictionaries.sae.SaeDictionary;
import dev.facet.dictionaries.sae.SaeLearner;
import dev.facet.dictionaries.sae.SaeLearners;
import dev.facet.dictionaries.sae.train.StepLog;
import dev.facet.dictionaries.sae.train.TrainerConfig;
import dev.facet.dictionaries.sae.train.TrainingListener;
import dev.facet.extractors.store.ActivationStore;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Settings;
import dev.facet.spi.run.RunContext;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Run by {@link TrainStreamingMemoryTest} in a JVM with a small heap: trains a TopK SAE streamed
 * from the store in {@code args[0]}, saves it to {@code args[1]}, and prints the used heap after a
 * full GC every {@link #SAMPLE_EVERY} steps as lines {@code heap <step> <bytes>}.
 */
public final class TrainHeapProbe {
    static final int SAMPLE_EVERY = 50;

    private TrainHeapProbe() {
    }

    public static void main(String[] args) {
        Path store = Path.of(args[0]);
        Path out = Path.of(args[1]);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.out.printf(Locale.ROOT, "max-heap %d%n", Runtime.getRuntime().maxMemory());
        ConfigValues values = ConfigValues.of("probe", Map.of("concepts", 256, "k", 8, "epochs", 1,
                "batch_size", 1024, "checkpoint_every", 0, "log_every", 1));
        TrainingListener sampler = new TrainingListener() {
            @Override
            public void onStep(StepLog log) {
                if (log.step() % SAMPLE_EVERY == 0) {
                    System.out.printf(Locale.ROOT, "heap %d %d%n", log.step(), usedAfterGc(memory));
                }
            }
        };
        Settings.Values settings = SaeLearners.factories().stream().filter(f -> f.id().equals("topk")).findFirst()
                .orElseThrow().settings().read(values);
        SaeLearner learner = SaeLearner.builder().setId("topk").setArchitecture(new SaeConfig(settings))
                .optTrainer(new TrainerConfig(settings)).optListener(sampler).build();
        ActivationStore data = ActivationStore.open(store);
        RunContext context = RunContext.builder().setOutputDirectory(out).optSeed(7).build();
        long started = System.nanoTime();
        try (SaeDictionary dictionary = learner.fit(data, context)) {
            dictionary.save(out);
        }
        System.out.printf(Locale.ROOT, "trained %d rows in %.1f s%n", data.rows(), (System.nanoTime() - started) / 1e9);
        System.out.printf(Locale.ROOT, "heap-end %d%n", usedAfterGc(memory));
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
