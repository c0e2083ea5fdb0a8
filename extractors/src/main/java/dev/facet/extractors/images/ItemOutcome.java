package dev.facet.extractors.images;

/** What a worker made of one item: its preprocessed pixels, or the reason it must be skipped. */
sealed interface ItemOutcome {

    /** The item's preprocessed (c, h, w) floats. */
    record Preprocessed(float[] pixels) implements ItemOutcome {
    }

    /** The item cannot be used, and why. */
    record Unreadable(String reason) implements ItemOutcome {
    }
}
