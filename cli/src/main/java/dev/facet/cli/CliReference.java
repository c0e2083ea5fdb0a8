package dev.facet.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code docs/cli.md}, written from the picocli model of {@link FacetCli}: every command, its
 * description, and every option with its default, so the page cannot drift from {@code --help}.
 */
final class CliReference {

    private CliReference() {
    }

    /** The whole page. */
    static String markdown() {
        CommandLine root = new CommandLine(new FacetCli());
        StringBuilder page = new StringBuilder();
        page.append("# Command line\n\n")
                .append("<!-- Generated from the picocli model by CliReference; do not edit by hand. Regenerate with\n")
                .append("     mvn -pl cli -am package -Dtest=CliReferenceTest -Dsurefire.failIfNoSpecifiedTests=false "
                        + "-Dfacet.docs.write=true -->\n\n")
                .append("`java -jar cli/target/facet.jar COMMAND [OPTIONS]`. ")
                .append(String.join(" ", root.getCommandSpec().usageMessage().description())).append(" ")
                .append("Errors print one `error:` line and exit with code 1 (2 for an unexpected failure, a bug, whose stack trace is saved to a file; 3 when plugins cannot be wired); "
                        + "`facet COMMAND --help` prints the same options as below.\n\n");
        for (Map.Entry<String, CommandLine> entry : root.getSubcommands().entrySet()) {
            if (!entry.getKey().equals("help")) {
                page.append("- [`facet ").append(entry.getKey()).append("`](#facet-").append(entry.getKey()).append(")\n");
            }
        }
        for (Map.Entry<String, CommandLine> entry : root.getSubcommands().entrySet()) {
            if (!entry.getKey().equals("help")) {
                command(page, entry.getKey(), entry.getValue().getCommandSpec());
            }
        }
        return page.toString();
    }

    private static void command(StringBuilder page, String name, CommandSpec spec) {
        page.append("\n## facet ").append(name).append("\n\n")
                .append(String.join(" ", spec.usageMessage().description())).append("\n\n");
        List<PositionalParamSpec> positionals = spec.positionalParameters();
        if (!positionals.isEmpty()) {
            page.append("| argument | description |\n|---|---|\n");
            for (PositionalParamSpec p : positionals) {
                page.append("| `").append(cell(p.paramLabel())).append("` | ").append(cell(description(p.description(), p)))
                        .append(" |\n");
            }
            page.append('\n');
        }
        page.append("| option | default | description |\n|---|---|---|\n");
        for (OptionSpec option : spec.options()) {
            String names = String.join(", ", option.names()) + (option.negatable() ? " / --no-" + option.longestName()
                    .replaceFirst("^--", "") : "");
            String label = option.typeInfo().isBoolean() ? "" : " " + option.paramLabel();
            String fallback = option.required() ? "required"
                    : option.typeInfo().isBoolean() ? ("true".equals(option.defaultValue()) ? "on" : "off")
                    : option.defaultValue() != null ? "`" + option.defaultValue() + "`" : "see description";
            page.append("| `").append(cell(names + label)).append("` | ").append(fallback).append(" | ")
                    .append(cell(description(option.description(), option))).append(" |\n");
        }
    }

    /** The description as {@code --help} prints it, with picocli's variables filled in. */
    private static String description(String[] lines, CommandLine.Model.ArgSpec arg) {
        String text = String.join(" ", lines);
        String fallback = arg.defaultValue() == null ? "" : arg.defaultValue();
        List<String> candidates = new ArrayList<>();
        if (arg.completionCandidates() != null) {
            arg.completionCandidates().forEach(candidates::add);
        }
        return text.replace("${DEFAULT-VALUE}", fallback).replace("${COMPLETION-CANDIDATES}", String.join(", ", candidates));
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
