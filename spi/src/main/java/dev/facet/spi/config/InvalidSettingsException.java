package dev.facet.spi.config;

import dev.facet.spi.ConfigException;
import java.util.List;
import java.util.Set;

/**
 * A configuration that breaks its {@link Settings} schema, with every problem found: one line
 * when there is one ({@code learner 'topk': invalid k: 0; allowed: >= 1}), else a count and one
 * indented line per problem.
 */
public class InvalidSettingsException extends ConfigException {
    private static final long serialVersionUID = 1L;

    private final Set<String> keys;
    private final List<String> problems;

    /**
     * @param source   where the configuration came from, prefixing the message
     * @param keys     every key named by a problem
     * @param problems one message per problem, without the source
     */
    public InvalidSettingsException(String source, Set<String> keys, List<String> problems) {
        super(source + ": " + (problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems:\n  " + String.join("\n  ", problems)));
        this.keys = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(keys));
        this.problems = List.copyOf(problems);
    }

    /** Every key a problem names. */
    public Set<String> keys() {
        return keys;
    }

    /** One message per problem, without the source. */
    public List<String> problems() {
        return problems;
    }
}
