package dev.facet.cli;

import dev.facet.spi.FacetVersion;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code facet} command. Subcommands are small classes; errors become one {@code error:} line
 * (plus one line per wiring problem) and a non-zero exit code, never a stack trace
 * ({@link Failures}).
 */
@Command(name = "facet",
        mixinStandardHelpOptions = true,
        versionProvider = FacetCli.Version.class,
        description = "Finds human-readable concepts inside vision models.",
        subcommands = {PluginsCommand.class, ExtractCommand.class, TrainCommand.class, EvalCommand.class, ReportCommand.class,
            ExplainCommand.class, ImportanceCommand.class, VisualizeCommand.class, RunCommand.class, DemoCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class FacetCli implements Runnable {
    /** Exit code of a Facet error (bad input, missing file, unknown id). */
    public static final int EXIT_FAILURE = Failures.EXIT_FAILURE;
    /** Exit code of an unexpected exception (a bug), reported in one line with the trace saved to a file. */
    public static final int EXIT_INTERNAL = Failures.EXIT_INTERNAL;
    /** Exit code when the plugins cannot be wired. */
    public static final int EXIT_PLUGINS = Failures.EXIT_PLUGINS;

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
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> Failures.report(e,
                parsed.subcommand() == null ? commandLine.getCommandName() : parsed.subcommand().commandSpec().name(),
                commandLine.getErr()));
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
