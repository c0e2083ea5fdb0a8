package dev.facet.dictionaries.nmf;

/** Called after every NMF iteration (epoch when streaming), for progress and benchmarks. */
@FunctionalInterface
public interface NmfListener {

    /** A listener that does nothing. */
    NmfListener NONE = (iteration, relativeError, seconds) -> { };

    /**
     * @param iteration 1-based iteration just finished
     * @param relativeError ‖X − Z·D‖_F/‖X‖_F after it (streaming: summed over the epoch's batches,
     *                      each measured with the atoms it was coded against)
     * @param seconds wall-clock seconds since the fit started (initialisation included)
     */
    void iteration(int iteration, double relativeError, double seconds);
}
