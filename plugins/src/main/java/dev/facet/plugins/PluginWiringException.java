package dev.facet.plugins;

import dev.facet.spi.FacetException;
import java.util.List;

/**
 * Every problem found while discovering and validating plugins, reported at once (as Guice and
 * Trino do) so a user fixes them all in one go.
 */
public class PluginWiringException extends FacetException {
    private static final long serialVersionUID = 1L;
    private final transient List<WiringProblem> problems;

    public PluginWiringException(List<WiringProblem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems, one per cause, in discovery order. */
    public List<WiringProblem> problems() {
        return problems;
    }

    private static String describe(List<WiringProblem> problems) {
        StringBuilder text = new StringBuilder("Plugin wiring failed with " + problems.size()
                + (problems.size() == 1 ? " problem:" : " problems:"));
        for (WiringProblem problem : problems) {
            text.append(System.lineSeparator()).append("  ").append(problem);
        }
        return text.toString();
    }
}
