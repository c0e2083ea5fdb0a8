package dev.facet.spi.dictionary;

import dev.facet.spi.ConfigException;

/**
 * What a learned dictionary is.
 *
 * @param learner  id of the learner that made it, e.g. {@code topk}
 * @param concepts number of atoms c
 * @param inputDim dimension d of the activations it encodes
 */
public record DictionaryInfo(String learner, int concepts, int inputDim) {

    public DictionaryInfo {
        if (learner == null || learner.isBlank()) {
            throw new ConfigException("Dictionary info: learner id must not be blank");
        }
        if (concepts < 1 || inputDim < 1) {
            throw ConfigException.outOfRange("dictionary size (concepts x inputDim)", concepts + "x" + inputDim,
                    "both >= 1");
        }
    }
}
