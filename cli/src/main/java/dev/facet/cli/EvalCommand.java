package dev.facet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.dictionaries.io.DictionaryFiles;
import dev.facet.dictionaries.metrics.AtomGeometry;
import dev.facet.dictionaries.metrics.CodeStatistics;
import dev.facet.dictionaries.metrics.DensityHistogram;
import dev.facet.dictionaries.metrics.StreamingEvaluator;
import dev.facet.extractors.store.ActivationStore;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.plugins.PluginHost;
import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.FacetException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.dictionary.BatchStream;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.io.AtomicFiles;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import java.io.IOException;
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
 * {@code facet eval}: the metrics of REFERENCE §3 for a saved dictionary over an activation store.
 * The store is streamed batch by batch (encode, decode, {@link StreamingEvaluator}), so memory
 * does not grow with the store; the table goes to stdout and the values to {@code metrics.json}
 * (by default inside the dictionary directory). R² uses the per-feature mean of the evaluated rows.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluates a dictionary on an activation store: R², FVU, L0, dead codes, density, collinearity.")
final class EvalCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Width of the log₁₀ density histogram's bins, in decades. */
    static final double DENSITY_BIN = 0.5;
    /** Codes correlation is a c × c product: computed on the first batch only, and only up to this many concepts. */
    static final int CORRELATION_MAX_CONCEPTS = 4096;

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
        String id = learner != null ? learner : learnerOf(dictionary);
        ActivationStore data = ActivationStore.open(store);
        PluginHost.Builder host = PluginHost.builder();
        pluginDirectories.forEach(host::addPluginsDirectory);
        long started = System.nanoTime();
        try (LoadedPlugins plugins = host.build().start();
             Dictionary dict = plugins.registry().learner(id).load(dictionary)) {
            int concepts = dict.info().concepts();
            if (dict.info().inputDim() != data.dim()) {
                throw new InvalidDataException("Dictionary " + dictionary + " takes rows of width "
                        + dict.info().inputDim() + " but store " + store + " holds rows of width " + data.dim());
            }
            long limit = limitRows == null ? data.rows() : Math.min(limitRows, data.rows());
            StreamingEvaluator evaluator = new StreamingEvaluator(data.dim(), concepts);
            double codesCorrelation = Double.NaN;
            long correlationRows = 0;
            try (BatchStream batches = data.openBatches((int) Math.min(batch, Math.max(1, limit)), false, 0)) {
                while (evaluator.rows() < limit && batches.hasNext()) {
                    FloatMatrix x = batches.next();
                    long left = limit - evaluator.rows();
                    if (x.rows() > left) {
                        x = x.rows(0, (int) left);
                    }
                    Codes codes = dict.encode(x);
                    FloatMatrix xHat = dict.decode(codes);
                    if (correlationRows == 0 && concepts <= CORRELATION_MAX_CONCEPTS && x.rows() >= 2) {
                        codesCorrelation = CodeStatistics.maxCorrelation(codes);
                        correlationRows = x.rows();
                    }
                    evaluator.add(x, codes, xHat);
                }
            }
            StreamingEvaluator.Evaluation e = evaluator.result();
            FloatMatrix atoms = dict.atoms();
            double collinearity = AtomGeometry.collinearity(atoms);
            double[] energy = e.energy(atoms);
            DensityHistogram histogram = e.densityHistogram(DENSITY_BIN);
            double seconds = (System.nanoTime() - started) / 1e9;
            ObjectNode json = toJson(id, e, collinearity, codesCorrelation, correlationRows, energy, histogram, seconds);
            Path target = out != null ? out : dictionary.resolve("metrics.json");
            try {
                AtomicFiles.write(target.toAbsolutePath(), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
            } catch (IOException ioe) {
                throw new FacetException("Cannot write metrics to " + target + ": " + ioe, ioe);
            }
            printTable(stdout, id, e, collinearity, codesCorrelation, correlationRows, energy, histogram, seconds);
            stdout.println("Wrote " + target);
        }
        return 0;
    }

    /** The learner id in the dictionary's config.json. */
    private static String learnerOf(Path directory) {
        Path config = directory.resolve(DictionaryFiles.CONFIG);
        JsonNode node;
        try {
            node = JSON.readTree(config.toFile());
        } catch (IOException e) {
            throw new CorruptArtifactException(config, "cannot be read as JSON (" + e.getMessage()
                    + "); expected a dictionary directory made by facet train, or pass --learner");
        }
        String id = node == null ? "" : node.path("learner").asText("");
        if (id.isEmpty()) {
            throw new CorruptArtifactException(config, "has no string 'learner'; expected the learner id, or pass --learner");
        }
        return id;
    }

    private ObjectNode toJson(String id, StreamingEvaluator.Evaluation e, double collinearity, double codesCorrelation,
                              long correlationRows, double[] energy, DensityHistogram histogram, double seconds) {
        ObjectNode json = JSON.createObjectNode();
        json.put("learner", id);
        json.put("dictionary", dictionary.toAbsolutePath().toString());
        json.put("store", store.toAbsolutePath().toString());
        json.put("rows", e.rows());
        json.put("dim", e.dim());
        json.put("concepts", e.concepts());
        number(json, "r2", e.r2());
        number(json, "fvu", e.fvu());
        number(json, "l0", e.l0());
        json.put("dead_count", e.deadCodes().length);
        number(json, "dead_fraction", e.deadFraction());
        number(json, "avg_l2_loss", e.avgL2Loss());
        number(json, "avg_l1_loss", e.avgL1Loss());
        number(json, "relative_avg_l2_loss", e.relativeAvgL2Loss());
        number(json, "relative_avg_l1_loss", e.relativeAvgL1Loss());
        number(json, "codes_hoyer", e.codesHoyer());
        number(json, "codes_kappa4", e.codesKappa4());
        number(json, "collinearity", collinearity);
        number(json, "codes_max_correlation", codesCorrelation);
        json.put("codes_correlation_rows", correlationRows);
        number(json, "squared_error", e.squaredError());
        number(json, "total_squares", e.totalSquares());
        number(json, "seconds", seconds);
        ObjectNode h = json.putObject("density_histogram");
        h.put("bin_decades", DENSITY_BIN);
        ArrayNode edges = h.putArray("log10_edges");
        for (double edge : histogram.edges()) {
            edges.add(edge);
        }
        ArrayNode counts = h.putArray("counts");
        for (long count : histogram.counts()) {
            counts.add(count);
        }
        h.put("dead", histogram.dead());
        ArrayNode dead = json.putArray("dead_codes");
        for (int d : e.deadCodes()) {
            dead.add(d);
        }
        ArrayNode density = json.putArray("density");
        for (double p : e.density()) {
            density.add(p);
        }
        ArrayNode energies = json.putArray("energy");
        for (double v : energy) {
            energies.add(v);
        }
        return json;
    }

    /** Non-finite values become JSON null, so Python's json module reads the file. */
    private static void number(ObjectNode json, String key, double value) {
        if (Double.isFinite(value)) {
            json.put(key, value);
        } else {
            json.putNull(key);
        }
    }

    private void printTable(PrintWriter out, String id, StreamingEvaluator.Evaluation e, double collinearity,
                            double codesCorrelation, long correlationRows, double[] energy, DensityHistogram histogram,
                            double seconds) {
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
