package dev.facet.spi.dictionary;

import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;

/**
 * A learned overcomplete basis: activations X (n x d) are encoded into codes Z (n x c) and decoded
 * back as X̂ = Z·D (+ bias), where the rows of D (c x d) are the concept atoms. The same contract
 * covers sparse autoencoders (Bricken et al. 2023; Gao et al. 2024), the NMF family (Lee and Seung
 * 1999) and classical methods, with the API shape of the Python {@code overcomplete} library.
 *
 * <p>A dictionary backed by native memory releases it in {@link #close()}.
 */
public interface Dictionary extends AutoCloseable {

    DictionaryInfo info();

    /**
     * Codes of each row of {@code x}.
     *
     * @throws dev.facet.spi.InvalidDataException when {@code x} has the wrong width or non-finite values
     */
    Codes encode(FloatMatrix x);

    /** Reconstruction (n x d) of codes made by {@link #encode}. */
    FloatMatrix decode(Codes codes);

    /** The atoms, one per row (c x d), as used by {@link #decode}. */
    FloatMatrix atoms();

    /** Writes the dictionary to a directory ({@code config.json}, weights, {@code provenance.json}). */
    void save(Path directory);

    @Override
    default void close() {
    }
}
