package dev.facet.cli;

import dev.facet.spi.FacetVersion;
import dev.facet.plugins.PluginWiringException;
import dev.facet.spi.FacetException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code facet} command. Subcommands are small classes; errors Facet raises become one
 * {@code error:} line (plus one line per wiring problem) and a non-zero exit code, never a stack
 * trace.
 */
@Command(name = "facet",
        mixinStandardHelpOptions = true,
        versionProvider = FacetCli.Version.class,
        description = "Finds human-readable concepts inside vision models.",
        subcommands = {PluginsCommand.class, ExtractCommand.class, TrainCommand.class, EvalCommand.class, ReportCommand.class,
            RunCommand.class, DemoCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class FacetCli implements Runnable {
    /** Exit code of a Facet error (bad input, missing file, unknown id). */
    public static final int EXIT_FAILURE = 1;
    /** Exit code when the plugins cannot be wired. */
    public static final int EXIT_PLUGINS = 3;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the CLI with the given streams and returns the exit code (for tests and embedding). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new FacetCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            PrintWriter to = commandLine.getErr();
            if (e instanceof PluginWiringException wiring) {
                to.println("error: plugin wiring failed with " + wiring.problems().size() + " problem(s):");
                wiring.problems().forEach(problem -> to.println("  " + problem));
                return EXIT_PLUGINS;
            }
            if (e instanceof FacetException) {
                to.println("error: " + e.getMessage());
                return EXIT_FAILURE;
            }
            throw e;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reports the build's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"facet " + FacetVersion.get()};
        }
    }
}
