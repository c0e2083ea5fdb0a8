package dev.facet.cli;

import dev.facet.bench.BenchMain;
import dev.facet.bench.BenchmarkReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code facet bench NAME [--option value]...}: runs one benchmark of the {@code bench} module and
 * prints its JSON report, e.g. {@code facet bench sae --d 768 --concepts 8192 --k 32}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Runs a benchmark (sae, nmf, gemm, extraction, report, eigen, explain, visualize, "
                + "visualize-acceptance, spark-extraction) and prints its JSON report.")
final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME",
            description = "sae, nmf, gemm, extraction, report, eigen, explain, visualize, visualize-acceptance or "
                    + "spark-extraction (needs Spark on the class path), followed by its options"
                    + " (e.g. sae --concepts 8192 --k 32).")
    private String name;

    /** The benchmark's own options, e.g. {@code --concepts 8192}, passed through unparsed. */
    @Unmatched
    private List<String> options = new ArrayList<>();

    @Option(names = "--json-out", paramLabel = "FILE", description = "Also write the report to FILE (default: none, stdout only).")
    private Path jsonOut;

    @Override
    public Integer call() {
        List<String> args = new ArrayList<>();
        args.add(name);
        args.addAll(options);
        BenchmarkReport report = BenchMain.run(args.toArray(String[]::new));
        String json = report.toJson();
        PrintWriter out = spec.commandLine().getOut();
        out.println(json);
        if (jsonOut != null) {
            try {
                Files.writeString(jsonOut, json + System.lineSeparator());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + jsonOut, e);
            }
        }
        return 0;
    }
}
