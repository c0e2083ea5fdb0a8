package dev.facet.cli;

import dev.facet.dictionaries.metrics.DensityHistogram;
import dev.facet.dictionaries.metrics.StreamingEvaluator;
import dev.facet.pipeline.DictionaryEvaluation;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.Stages;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.spi.ConfigException;
import dev.facet.spi.config.ConfigValues;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facet eval}: the metrics of docs/algorithms.md#metrics for a saved dictionary over an
 * activation store. The store is streamed batch by batch (encode, decode, {@link StreamingEvaluator}),
 * so memory does not grow with the store; the table goes to stdout and the values to {@code
 * metrics.json} (by default inside the dictionary directory). R² uses the per-feature mean of the
 * evaluated rows. When the dictionary was trained with images of this store held out ({@code facet
 * train --holdout}), the metrics are those of the training rows and a second column scores the
 * held-out rows.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluates a dictionary on an activation store: R², FVU, L0, dead codes, density, collinearity.")
final class EvalCommand implements Callable<Integer> {


    @Spec
    private CommandSpec spec;

    @Mixin
    private SavedDictionaryOptions dictionaryOptions = new SavedDictionaryOptions();

    @Option(names = "--store", required = true, paramLabel = "DIR",
            description = "Activation store to evaluate on; with --spark also a Hadoop URI (hdfs://, s3a://, file://).")
    private String store;

    @Option(names = "--limit-rows", defaultValue = "0", paramLabel = "N",
            description = "Evaluate only the first N rows of the store, 0 = all (default: ${DEFAULT-VALUE}).")
    private long limitRows;

    @Option(names = "--batch", defaultValue = "4096", paramLabel = "ROWS",
            description = "Rows encoded at a time (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the metrics (default: DIR/metrics.json of --dict).")
    private Path out;

    @Option(names = "--allow-incomplete-store", description = IncompleteStores.HELP)
    private boolean allowIncompleteStore;

    @Mixin
    private PluginOptions pluginOptions = new PluginOptions();

    @Mixin
    private SparkOptions sparkOptions = new SparkOptions();

    @Override
    public Integer call() {
        if (limitRows < 0) {
            throw ConfigException.outOfRange("--limit-rows", limitRows, ">= 0");
        }
        if (Stages.isUri(store) && !sparkOptions.isSet()) {
            throw new ConfigException("facet eval --store " + store + ": a file-system URI is read by a Spark "
                    + "evaluation only; add --spark MASTER, or give a directory path");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        Path dictionary = dictionaryOptions.directory;
        PipelineConfig.Evaluate evaluate = PipelineConfig.Evaluate.of(ConfigValues.of("facet eval",
                Map.of("limit_rows", limitRows, "batch", batch)));
        Path target = out != null ? out : dictionary.resolve("metrics.json");
        try (LoadedPlugins plugins = pluginOptions.start()) {
            DictionaryEvaluation.Result result = sparkOptions.apply(ExtractCommand.stages(plugins,
                            spec.commandLine().getErr()), pluginOptions, "facet eval")
                    .allowingIncompleteStores(allowIncompleteStore).evaluate(dictionaryOptions.learner, dictionary, store, evaluate, target);
            printTable(stdout, result);
            stdout.println("Wrote " + target);
        }
        return 0;
    }

    private void printTable(PrintWriter out, DictionaryEvaluation.Result result) {
        StreamingEvaluator.Evaluation e = result.metrics();
        String id = result.learner();
        double collinearity = result.collinearity();
        double codesCorrelation = result.codesCorrelation();
        long correlationRows = result.correlationRows();
        double[] energy = result.energy();
        DensityHistogram histogram = result.histogram();
        double seconds = result.seconds();
        StreamingEvaluator.Evaluation h = result.heldOut();
        if (h == null) {
            out.printf(Locale.ROOT, "Evaluated %s (%d concepts, dim %d) on %d rows of %s in %.1f s%n", id,
                    e.concepts(), e.dim(), e.rows(), store, seconds);
        } else {
            out.printf(Locale.ROOT, "Evaluated %s (%d concepts, dim %d) on %d training rows and %d held-out rows"
                    + " (%s of %s images) of %s in %.1f s%n", id, e.concepts(), e.dim(), e.rows(), h.rows(),
                    result.holdout().get("held_out_images"), result.holdout().get("images"), store, seconds);
        }
        Table table = new Table(out, e, h);
        table.line("metric", h == null ? "value" : "training", "held-out");
        table.row("R2 (per-feature mean)", v -> format(v.r2()));
        table.row("FVU", v -> format(v.fvu()));
        table.row("L0 (active codes/sample)", v -> format(v.l0()));
        table.row("dead codes", v -> v.deadCodes().length + " of " + v.concepts() + " (" + format(v.deadFraction()) + ")");
        table.row("avg L2 loss", v -> format(v.avgL2Loss()));
        table.row("avg L1 loss", v -> format(v.avgL1Loss()));
        table.row("relative avg L2 loss", v -> format(v.relativeAvgL2Loss()));
        table.row("relative avg L1 loss", v -> format(v.relativeAvgL1Loss()));
        table.row("codes hoyer", v -> format(v.codesHoyer()));
        table.row("codes kappa4", v -> format(v.codesKappa4()));
        String row1 = "  %-28s %s%n";
        out.printf(Locale.ROOT, row1, "dictionary collinearity", format(collinearity));
        out.printf(Locale.ROOT, row1, "codes max |correlation|", correlationRows == 0 ? "n/a"
                : format(codesCorrelation) + " (first " + correlationRows + " rows)");
        double maxEnergy = 0;
        double sumEnergy = 0;
        for (double v : energy) {
            maxEnergy = Math.max(maxEnergy, v);
            sumEnergy += v;
        }
        out.printf(Locale.ROOT, row1, "code energy max / mean", format(maxEnergy) + " / " + format(sumEnergy / energy.length));
        out.println("  log10 firing density histogram:");
        for (int i = 0; i < histogram.counts().length; i++) {
            out.printf(Locale.ROOT, "    [%5.1f, %5.1f%s %d%n", histogram.edges()[i], histogram.edges()[i + 1],
                    i == histogram.counts().length - 1 ? "]" : ")", histogram.counts()[i]);
        }
        out.printf(Locale.ROOT, "    dead          %d%n", histogram.dead());
    }

    /** The per-row scores, with a held-out column when images were held out. */
    private record Table(PrintWriter out, StreamingEvaluator.Evaluation training, StreamingEvaluator.Evaluation heldOut) {
        void row(String metric, Function<StreamingEvaluator.Evaluation, String> value) {
            line(metric, value.apply(training), heldOut == null ? "" : value.apply(heldOut));
        }

        void line(String metric, String value, String heldOutValue) {
            if (heldOut == null) {
                out.printf(Locale.ROOT, "  %-28s %s%n", metric, value);
            } else {
                out.printf(Locale.ROOT, "  %-28s %-24s %s%n", metric, value, heldOutValue);
            }
        }
    }

    private static String format(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : String.valueOf(v);
    }
}
