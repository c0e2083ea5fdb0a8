package dev.facet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.extractors.store.ActivationStore;
import dev.facet.extractors.store.HeldOutSplit;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.Stages;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.spi.ConfigException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.Dictionary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facet train}: learns a dictionary over an activation store, streamed shard by shard, and
 * saves it as a dictionary directory. Checkpoints go to {@code OUT/checkpoint}; running the same
 * command again after a kill resumes from the last one.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains a dictionary (SAE, ...) on an activation store and saves it to a directory.")
final class TrainCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "DIR", description = "Activation store made by facet extract.")
    private Path store;

    @Option(names = "--learner", required = true, paramLabel = "ID",
            description = "Learner id: topk, batchtopk, jumprelu, relu, mp, omp, matryoshka, or a plugin's.")
    private String learner;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Dictionary directory to write.")
    private Path out;

    @Option(names = "--concepts", paramLabel = "C",
            description = "Number of concepts (atoms) (default: the learner's; see facet plugins --settings ID).")
    private Integer concepts;

    @Option(names = "--k", paramLabel = "K",
            description = "Active concepts per sample, TopK family and pursuit (default: the learner's; see facet plugins --settings ID).")
    private Integer k;

    @Option(names = "--epochs", paramLabel = "E",
            description = "Passes over the store (default: the learner's; see facet plugins --settings ID).")
    private Integer epochs;

    @Option(names = "--batch", paramLabel = "ROWS",
            description = "Rows per training step (default: the learner's; see facet plugins --settings ID).")
    private Integer batch;

    @Option(names = "--lr", paramLabel = "LR",
            description = "Base learning rate (default: the learner's; see facet plugins --settings ID).")
    private Double lr;

    @Option(names = "--device", paramLabel = "cpu|gpu",
            description = "Where training runs: cpu or gpu (default: the learner's; see facet plugins --settings ID).")
    private String device;

    @Option(names = "--compute", paramLabel = "auto|sparse|dense",
            description = "Sparse TopK step, the dense reference step, or auto (sparse where it applies)"
                    + " (default: the learner's; see facet plugins --settings ID).")
    private String compute;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Any learner setting (facet plugins --settings ID lists them), e.g. --set encoder=mlp --set prefixes=[64,256,1024]; "
                    + "repeatable (default: none).")
    private List<String> settings = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE",
            description = "JSON object of hyperparameters; options override it (default: none).")
    private Path config;

    @Option(names = "--seed", defaultValue = "0", description = "Root seed of the run (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--holdout", defaultValue = "" + HeldOutSplit.DEFAULT_FRACTION, paramLabel = "FRACTION",
            description = "Fraction of the store's images held out of training (whole images, the same ones in "
                    + "every run; at least 1 when above 0, nothing for a store of 1 image); facet eval scores them "
                    + "apart; 0 for none (default: ${DEFAULT-VALUE}).")
    private double holdout;

    @Option(names = "--allow-incomplete-store", description = IncompleteStores.HELP)
    private boolean allowIncompleteStore;

    @Mixin
    private PluginOptions pluginOptions = new PluginOptions();

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Stages.requireDictionaryOutput(out, "facet train --out");
        if (!(holdout >= 0 && holdout < 1)) {
            throw ConfigException.outOfRange("--holdout", holdout, "[0, 1)");
        }
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("id", learner);
        section.putAll(hyperparameters());
        PipelineConfig.Learner learnerSection = PipelineConfig.Learner.of(ConfigValues.of("facet train", section));
        try (LoadedPlugins plugins = pluginOptions.start()) {
            long started = System.nanoTime();
            try (Dictionary dictionary = ExtractCommand.stages(plugins, stderr)
                    .allowingIncompleteStores(allowIncompleteStore).train(learnerSection, store, out, seed, holdout)) {
                ActivationStore data = ActivationStore.openIncomplete(store);
                JsonNode held = Stages.trainedOn(out).path("holdout");
                long heldOutRows = held.path("held_out_rows").asLong(0);
                stdout.printf(Locale.ROOT, "Trained %s with %d concepts on %d rows x %d%s in %.1f s; saved to %s%n",
                        learner, dictionary.info().concepts(), data.rows() - heldOutRows, data.dim(),
                        heldOutRows == 0 ? "" : String.format(Locale.ROOT, " (%d rows of %d images held out)",
                                heldOutRows, held.path("held_out_images").asLong()),
                        (System.nanoTime() - started) / 1e9, out);
                printMetrics(stdout, out.resolve("provenance.json"), dictionary.info().concepts());
            }
        }
        return 0;
    }

    private Map<String, Object> hyperparameters() {
        Map<String, Object> values = new LinkedHashMap<>();
        if (config != null) {
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> file = JSON.readValue(config.toFile(), Map.class);
                values.putAll(file);
            } catch (IOException e) {
                throw new ConfigException("--config " + config + ": expected a JSON object of hyperparameters ("
                        + e.getMessage() + ")");
            }
        }
        values.putAll(KeyValues.parse(settings));
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("concepts", concepts);
        options.put("k", k);
        options.put("epochs", epochs);
        options.put("batch_size", batch);
        options.put("lr", lr);
        options.put("device", device);
        options.put("compute", compute);
        values.putAll(KeyValues.present(options));
        return values;
    }

    private static void printMetrics(PrintWriter out, Path provenance, int concepts) {
        try {
            var metrics = JSON.readTree(provenance.toFile()).path("metrics");
            for (var epoch : metrics.path("epochs")) {
                out.printf(Locale.ROOT, "  epoch %d: loss %.5g, R2 %.4f, L0 %.1f, dead in the last %d samples %.3f,"
                        + " %.1f s, %.0f samples/s%n", epoch.path("epoch").asInt(), epoch.path("loss").asDouble(),
                        epoch.path("r2").asDouble(), epoch.path("l0").asDouble(), metrics.path("dead_window").asLong(),
                        epoch.path("windowDeadFraction").asDouble(), epoch.path("seconds").asDouble(),
                        epoch.path("samplesPerSecond").asDouble());
            }
            if (metrics.has("dead_count")) {
                out.printf(Locale.ROOT, "Final model on the %d training rows: R2 %.4f, L0 %.2f, dead %d of %d (%.3f)%n",
                        metrics.path("rows").asLong(), metrics.path("r2").asDouble(), metrics.path("l0").asDouble(),
                        metrics.path("dead_count").asInt(), concepts, metrics.path("dead_fraction").asDouble());
            } else if (metrics.has("r2")) {
                // A factorisation (NMF) reports R² alone; other learners what they record.
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "R2 %.4f", metrics.path("r2").asDouble()));
                if (metrics.has("l0")) {
                    line.append(String.format(Locale.ROOT, ", L0 %.1f", metrics.path("l0").asDouble()));
                }
                if (metrics.has("dead_fraction")) {
                    line.append(String.format(Locale.ROOT, ", dead fraction %.3f", metrics.path("dead_fraction").asDouble()));
                }
                if (metrics.has("samples_per_second")) {
                    line.append(String.format(Locale.ROOT, ", %.0f samples/s (last epoch)",
                            metrics.path("samples_per_second").asDouble()));
                }
                out.println(line);
            }
        } catch (IOException e) {
            out.println("(metrics unavailable: " + e.getMessage() + ")");
        }
    }
}
