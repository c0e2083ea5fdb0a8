package dev.facet.plugins;

/**
 * One thing wrong with the installed plugins, with where it came from.
 *
 * @param source the jar, directory or plugin id at fault
 * @param message what is wrong and what was expected
 */
public record WiringProblem(String source, String message) {

    @Override
    public String toString() {
        return source + ": " + message;
    }
}
