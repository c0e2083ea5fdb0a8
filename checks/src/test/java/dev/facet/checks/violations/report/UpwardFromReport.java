package dev.facet.checks.violations.report;

import dev.facet.checks.violations.pipeline.RunSummary;

/** Breaks the layering on purpose: the drawing module reaching up into the pipeline. */
public final class UpwardFromReport {
    public int concepts(RunSummary summary) {
        return summary.concepts();
    }
}
