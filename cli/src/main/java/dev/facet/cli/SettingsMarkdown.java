package dev.facet.cli;

import dev.facet.spi.ComponentFactory;
import dev.facet.spi.config.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The settings of components as text: a plain table for the console and the Markdown of the
 * learners page ({@code docs/learners.md}), both read from the schemas the factories declare.
 */
final class SettingsMarkdown {
    /** How to rebuild the learners page, as its header says. */
    static final String REGENERATE = "java -jar cli/target/facet.jar plugins --markdown > docs/learners.md";

    private static final List<String> HEADINGS = List.of("Setting", "Type", "Default", "Range / choices",
            "Description");
    /** Widest range or choices cell of the plain table; longer ones continue on the next lines. */
    private static final int RANGE_WIDTH = 40;

    private SettingsMarkdown() {
    }

    /** The cells of one row: name, type, default, range or choices, description. */
    private static List<String> cells(Setting<?> setting) {
        return List.of(setting.name(), setting.typeLabel(), setting.defaultText(), setting.constraintText(),
                setting.description());
    }

    /** A plain table of {@code factory}'s settings, one line per setting, columns padded. */
    static String table(String kind, ComponentFactory factory) {
        StringBuilder out = new StringBuilder(kind + " " + factory.id() + ": " + factory.description() + "\n");
        List<? extends Setting<?>> settings = factory.settings().list();
        if (settings.isEmpty()) {
            return out.append("  declares no settings\n").toString();
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADINGS.stream().map(h -> h.toUpperCase(java.util.Locale.ROOT)).toList());
        for (Setting<?> setting : settings) {
            List<String> cells = cells(setting);
            List<String> range = wrap(cells.get(3));
            rows.add(List.of(cells.get(0), cells.get(1), cells.get(2), range.get(0), cells.get(4)));
            range.subList(1, range.size()).forEach(more -> rows.add(List.of("", "", "", more, "")));
        }
        int[] widths = new int[HEADINGS.size() - 1];
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder(" ");
            for (int i = 0; i < widths.length; i++) {
                line.append(' ').append(row.get(i)).append(" ".repeat(widths[i] - row.get(i).length() + 1));
            }
            out.append(line.append(row.get(widths.length)).toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** {@code text} in lines of at most {@link #RANGE_WIDTH} characters, broken at spaces. */
    private static List<String> wrap(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > RANGE_WIDTH) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    /** The Markdown section of one component: heading, description, capabilities and the settings table. */
    static String section(ComponentFactory factory) {
        StringBuilder out = new StringBuilder("## " + factory.id() + "\n\n" + factory.description() + "\n");
        if (!factory.capabilities().isEmpty()) {
            out.append("\nCapabilities: ").append(String.join(", ",
                    new TreeSet<>(factory.capabilities().stream().map(Enum::name).toList()))).append(".\n");
        }
        List<? extends Setting<?>> settings = factory.settings().list();
        if (settings.isEmpty()) {
            return out.append("\nDeclares no settings.\n").toString();
        }
        out.append('\n').append(row(HEADINGS)).append(row(HEADINGS.stream().map(h -> "---").toList()));
        for (Setting<?> setting : settings) {
            List<String> cells = new ArrayList<>(cells(setting));
            cells.set(0, "`" + cells.get(0) + "`");
            out.append(row(cells));
        }
        return out.toString();
    }

    /** The learners page: a generated-file header, then one {@link #section} per learner, in the given order. */
    static String learnersPage(List<? extends ComponentFactory> learners) {
        StringBuilder out = new StringBuilder("""
                # Learners

                <!-- Generated from the settings each learner declares: do not edit by hand. Regenerate with
                     %s
                     (the cli test LearnersPageTest fails while this file is out of date; run it with
                     -Dfacet.docs.write=true to rewrite it). -->

                Every dictionary learner that `facet train --learner ID` and the pipeline's `learner.id` accept,
                with the settings it takes (`--set NAME=VALUE`, or keys of the pipeline's `learner` section).
                Unknown settings, values of the wrong type or outside the range, and settings a learner fixes
                are refused, every problem in one message. `facet plugins --settings ID` prints the same table
                for any component, plugins included.
                """.formatted(REGENERATE));
        for (ComponentFactory learner : learners) {
            out.append('\n').append(section(learner));
        }
        return out.toString();
    }

    private static String row(List<String> cells) {
        return "| " + String.join(" | ", cells.stream().map(c -> c.replace("|", "\\|")).toList()) + " |\n";
    }
}
