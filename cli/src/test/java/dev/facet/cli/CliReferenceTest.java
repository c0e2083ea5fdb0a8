package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class CliReferenceTest {

    @Test
    void docsCliPageMatchesTheCommands() throws Exception {
        GeneratedDocs.check("cli.md", CliReference.markdown());
    }

    @Test
    void everyOptionsHelpNamesItsDefault() {
        List<String> missing = new ArrayList<>();
        CommandLine root = new CommandLine(new FacetCli());
        root.getSubcommands().forEach((name, command) -> {
            for (OptionSpec option : command.getCommandSpec().options()) {
                boolean flag = option.typeInfo().isBoolean() || option.usageHelp() || option.versionHelp();
                String help = String.join(" ", option.description());
                if (!flag && !option.required() && !help.startsWith("Required") && !help.contains("default")) {
                    missing.add(name + " " + option.longestName());
                }
            }
        });
        assertTrue(missing.isEmpty(), "options whose --help does not name a default: " + missing);
    }

    @Test
    void everyCommandIsDocumented() {
        String page = CliReference.markdown();
        for (String name : new CommandLine(new FacetCli()).getSubcommands().keySet()) {
            assertTrue(name.equals("help") || page.contains("\n## facet " + name + "\n"), name);
        }
    }
}
