package dev.facet.cli;

import dev.facet.dictionaries.metrics.DensityHistogram;
import dev.facet.dictionaries.metrics.StreamingEvaluator;
import dev.facet.extractors.store.ActivationStore;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.plugins.PluginHost;
import dev.facet.plugins.pipeline.DictionaryEvaluation;
import dev.facet.spi.ConfigException;
import dev.facet.spi.dictionary.Dictionary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facet eval}: the metrics of docs/algorithms.md#metrics for a saved dictionary over an
 * activation store. The store is streamed batch by batch (encode, decode, {@link StreamingEvaluator}),
 * so memory does not grow with the store; the table goes to stdout and the values to {@code
 * metrics.json} (by default inside the dictionary directory). R² uses the per-feature mean of the
 * evaluated rows.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluates a dictionary on an activation store: R², FVU, L0, dead codes, density, collinearity.")
final class EvalCommand implements Callable<Integer> {


    @Spec
    private CommandSpec spec;

    @Option(names = "--dict", required = true, paramLabel = "DIR", description = "Dictionary directory made by facet train.")
    private Path dictionary;

    @Option(names = "--store", required = true, paramLabel = "DIR", description = "Activation store to evaluate on.")
    private Path store;

    @Option(names = "--learner", paramLabel = "ID",
            description = "Learner that loads the dictionary (default: the one named in its config.json).")
    private String learner;

    @Option(names = "--limit-rows", paramLabel = "N", description = "Evaluate only the first N rows of the store.")
    private Long limitRows;

    @Option(names = "--batch", defaultValue = "4096", paramLabel = "ROWS",
            description = "Rows encoded at a time (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the metrics (default: DIR/metrics.json of --dict).")
    private Path out;

    @Option(names = "--plugins-dir", paramLabel = "DIR", description = "Directory of plugin jars; repeatable.")
    private List<Path> pluginDirectories = new ArrayList<>();

    @Override
    public Integer call() {
        if (limitRows != null && limitRows < 1) {
            throw ConfigException.outOfRange("--limit-rows", limitRows, ">= 1");
        }
        if (batch < 1) {
            throw ConfigException.outOfRange("--batch", batch, ">= 1");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        String id = learner != null ? learner : DictionaryEvaluation.learnerOf(dictionary);
        ActivationStore data = ActivationStore.open(store);
        PluginHost.Builder host = PluginHost.builder();
        pluginDirectories.forEach(host::addPluginsDirectory);
        try (LoadedPlugins plugins = host.build().start();
             Dictionary dict = plugins.registry().learner(id).load(dictionary)) {
            DictionaryEvaluation.Result result = DictionaryEvaluation.evaluate(dict, id, data,
                    limitRows == null ? 0 : limitRows, batch);
            Path target = out != null ? out : dictionary.resolve("metrics.json");
            result.write(target, dictionary, store.toAbsolutePath().toString());
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
        out.printf(Locale.ROOT, "Evaluated %s (%d concepts, dim %d) on %d rows of %s in %.1f s%n", id, e.concepts(),
                e.dim(), e.rows(), store, seconds);
        String row = "  %-28s %s%n";
        out.printf(Locale.ROOT, row, "metric", "value");
        out.printf(Locale.ROOT, row, "R2 (per-feature mean)", format(e.r2()));
        out.printf(Locale.ROOT, row, "FVU", format(e.fvu()));
        out.printf(Locale.ROOT, row, "L0 (active codes/sample)", format(e.l0()));
        out.printf(Locale.ROOT, row, "dead codes", e.deadCodes().length + " of " + e.concepts()
                + " (" + format(e.deadFraction()) + ")");
        out.printf(Locale.ROOT, row, "avg L2 loss", format(e.avgL2Loss()));
        out.printf(Locale.ROOT, row, "avg L1 loss", format(e.avgL1Loss()));
        out.printf(Locale.ROOT, row, "relative avg L2 loss", format(e.relativeAvgL2Loss()));
        out.printf(Locale.ROOT, row, "relative avg L1 loss", format(e.relativeAvgL1Loss()));
        out.printf(Locale.ROOT, row, "codes hoyer", format(e.codesHoyer()));
        out.printf(Locale.ROOT, row, "codes kappa4", format(e.codesKappa4()));
        out.printf(Locale.ROOT, row, "dictionary collinearity", format(collinearity));
        out.printf(Locale.ROOT, row, "codes max |correlation|", correlationRows == 0 ? "n/a"
                : format(codesCorrelation) + " (first " + correlationRows + " rows)");
        double maxEnergy = 0;
        double sumEnergy = 0;
        for (double v : energy) {
            maxEnergy = Math.max(maxEnergy, v);
            sumEnergy += v;
        }
        out.printf(Locale.ROOT, row, "code energy max / mean", format(maxEnergy) + " / " + format(sumEnergy / energy.length));
        out.println("  log10 firing density histogram:");
        for (int i = 0; i < histogram.counts().length; i++) {
            out.printf(Locale.ROOT, "    [%5.1f, %5.1f%s %d%n", histogram.edges()[i], histogram.edges()[i + 1],
                    i == histogram.counts().length - 1 ? "]" : ")", histogram.counts()[i]);
        }
        out.printf(Locale.ROOT, "    dead          %d%n", histogram.dead());
    }

    private static String format(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : String.valueOf(v);
    }
}
