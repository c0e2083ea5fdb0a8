package dev.facet.cli;

import dev.facet.spi.ConfigException;

/**
 * {@code facet report} was asked to run a dictionary with a setting (preprocessing, layer, tokens)
 * other than the one it was trained on; the message names both.
 */
final class TrainingMismatchException extends ConfigException {
    private static final long serialVersionUID = 1L;

    TrainingMismatchException(String message) {
        super(message);
    }
}
