package dev.facet.checks.violations.pipeline;

/** The pipeline-level type that the upward-import fixture uses. */
public record RunSummary(int concepts) {
}
