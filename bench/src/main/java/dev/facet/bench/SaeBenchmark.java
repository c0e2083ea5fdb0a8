package dev.facet.bench;

import ai.djl.ndarray.NDManager;
import dev.facet.dictionaries.sae.SaeConfig;
import dev.facet.dictionaries.sae.SparseAutoencoder;
import dev.facet.dictionaries.sae.train.EpochLog;
import dev.facet.dictionaries.sae.train.SaeTrainer;
import dev.facet.dictionaries.sae.train.TrainerConfig;
import dev.facet.dictionaries.sae.train.TrainingHistory;
import dev.facet.dictionaries.sae.train.TrainingListener;
import dev.facet.dictionaries.synthetic.PlantedDictionary;
import dev.facet.djl.PyTorchEngines;
import dev.facet.spi.Device;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TopK SAE training throughput: the sparse TopK step against the dense reference step (the way
 * Python libraries compute it) on the same data, seed and schedule, in one process. Data are
 * planted-dictionary activations ({@link PlantedDictionary}: as many planted atoms as concepts,
 * k per row, noise 0.05), so the R² of both runs is meaningful and comparable. Reports samples/s
 * (whole epochs, data feeding included) and final-epoch R² of each, and their ratio.
 */
public final class SaeBenchmark {

    private final int dim;
    private final int concepts;
    private final int k;
    private final int batch;
    private final int samples;
    private final int epochs;
    private final String sparsifier;

    public SaeBenchmark(int dim, int concepts, int k, int batch, int samples, int epochs, String sparsifier) {
        this.dim = dim;
        this.concepts = concepts;
        this.k = k;
        this.batch = batch;
        this.samples = samples;
        this.epochs = epochs;
        this.sparsifier = sparsifier;
    }

    public BenchmarkReport run() {
        PyTorchEngines.pytorch();
        PlantedDictionary planted = PlantedDictionary.generate(samples, dim, concepts, k, 0.05, 11);
        ActivationSource data = ActivationSource.of(planted.data());
        BenchmarkReport report = new BenchmarkReport("sae")
                .parameter("d", dim).parameter("concepts", concepts).parameter("k", k).parameter("batch", batch)
                .parameter("samples", samples).parameter("epochs", epochs).parameter("sparsifier", sparsifier)
                .parameter("data", "planted dictionary, " + concepts + " unit atoms, k=" + k + " per row, noise 0.05")
                .parameter("engine", "PyTorch " + PyTorchEngines.pytorch().getVersion())
                .parameter("cpus", Runtime.getRuntime().availableProcessors());
        ActivationSource warmup = ActivationSource.of(new FloatMatrix(Math.min(samples, 3 * batch), dim,
                java.util.Arrays.copyOf(planted.data().data(), Math.min(samples, 3 * batch) * dim)));
        train(warmup, TrainerConfig.Compute.SPARSE, 1);
        train(warmup, TrainerConfig.Compute.DENSE, 1);
        report.parameter("warmup", "each path first trains 1 epoch on " + Math.min(samples, 3 * batch)
                + " rows (JIT, allocator), not timed");
        Map<String, Object> sparse = train(data, TrainerConfig.Compute.SPARSE, epochs);
        Map<String, Object> dense = train(data, TrainerConfig.Compute.DENSE, epochs);
        report.result("sparse", sparse).result("dense", dense)
                .result("speedup", (double) sparse.get("samplesPerSecond") / (double) dense.get("samplesPerSecond"))
                .result("r2Difference", Math.abs((double) sparse.get("r2") - (double) dense.get("r2")));
        return report;
    }

    private Map<String, Object> train(ActivationSource data, TrainerConfig.Compute compute, int epochs) {
        SaeConfig config = SaeConfig.from(ConfigValues.of("bench", Map.of("concepts", concepts, "k", k,
                "sparsifier", sparsifier)), null, false);
        TrainerConfig trainer = TrainerConfig.from(ConfigValues.of("bench", Map.of("epochs", epochs,
                "batch_size", batch, "lr", 1e-3, "compute", compute.name().toLowerCase(), "checkpoint_every", 0,
                "log_every", 1_000_000)));
        Path scratch;
        try {
            scratch = Files.createTempDirectory("facet-bench-sae");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RunContext context = RunContext.builder().setOutputDirectory(scratch).optSeed(5).build();
        try (NDManager manager = PyTorchEngines.pytorch().newBaseManager(PyTorchEngines.device(Device.CPU));
             SparseAutoencoder model = SparseAutoencoder.create(manager, config, dim, 5, List.of())) {
            TrainingHistory history = new SaeTrainer(trainer, TrainingListener.NONE).train(model, data, context, null);
            double seconds = 0;
            for (EpochLog epoch : history.epochs()) {
                seconds += epoch.seconds();
            }
            EpochLog last = history.last();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("seconds", seconds);
            result.put("samplesPerSecond", (double) data.rows() * epochs / seconds);
            result.put("r2", last.r2());
            result.put("l0", last.l0());
            result.put("windowDeadFraction", last.windowDeadFraction());
            result.put("epochs", history.epochs());
            return result;
        }
    }
}
