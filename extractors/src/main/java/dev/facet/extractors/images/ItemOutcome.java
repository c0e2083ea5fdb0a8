package dev.facet.extractors.images;

import dev.facet.spi.backbone.InputGeometry;

/** What a worker made of one item: its preprocessed pixels, or the reason it must be skipped. */
sealed interface ItemOutcome {

    /** The item's preprocessed (c, h, w) floats and where the image lies in them. */
    record Preprocessed(float[] pixels, InputGeometry geometry) implements ItemOutcome {
    }

    /** The item cannot be used, and why. */
    record Unreadable(String reason) implements ItemOutcome {
    }
}
