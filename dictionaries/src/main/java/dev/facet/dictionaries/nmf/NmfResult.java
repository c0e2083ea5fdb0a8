package dev.facet.dictionaries.nmf;

import dev.facet.spi.tensor.FloatMatrix;

/**
 * The outcome of an NMF fit.
 *
 * @param codes Z (n × c), or {@code null} after a streamed fit (codes are not kept)
 * @param atoms D (c × d)
 * @param iterations iterations (epochs when streaming) run
 * @param relativeError final ‖X − Z·D‖_F/‖X‖_F (0 for all-zero X)
 * @param converged whether the tolerance stopped the fit before the iteration limit
 */
public record NmfResult(FloatMatrix codes, FloatMatrix atoms, int iterations, double relativeError,
                        boolean converged) {
}
