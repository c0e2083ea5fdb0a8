package dev.facet.dictionaries.metrics;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Stability of a learner (docs/algorithms.md#hungarian-matching-and-stability; Fel et al. 2025,
 * "Archetypal SAE"): train it once per seed on the same data and compare the dictionaries pairwise by
 * the mean cosine of their atoms after Hungarian matching ({@link DictionaryMatching}). 1 means every
 * seed finds the same atoms.
 *
 * @param seeds    the root seeds, in the order given
 * @param pairwise k × k row-major mean matched cosines (symmetric by construction: entry (i, j) for
 *                 i &lt; j is computed and mirrored; the diagonal is 1)
 * @param mean     mean of the k(k − 1)/2 distinct pairs
 */
public record Stability(long[] seeds, double[] pairwise, double mean) {

    /**
     * Trains {@code factory.create(hyper)} on {@code data} once per seed, with a {@link RunContext}
     * of that root seed writing under {@code workDir/seed-<seed>}, and matches the atoms of every pair.
     *
     * @throws InvalidDataException when fewer than two distinct seeds are given
     */
    public static Stability of(DictionaryLearnerFactory factory, ConfigValues hyper, ActivationSource data,
                               long[] seeds, Path workDir) {
        if (seeds.length < 2 || Arrays.stream(seeds).distinct().count() != seeds.length) {
            throw new InvalidDataException("Stability needs at least 2 distinct seeds, found "
                    + Arrays.toString(seeds));
        }
        List<FloatMatrix> atoms = new ArrayList<>();
        for (long seed : seeds) {
            RunContext context = RunContext.builder().setOutputDirectory(workDir.resolve("seed-" + seed))
                    .optSeed(seed).build();
            try (Dictionary dictionary = factory.create(hyper).fit(data, context)) {
                atoms.add(dictionary.atoms());
            }
        }
        return compare(seeds, atoms);
    }

    /** Stability of already-trained dictionaries' atoms, one matrix per seed. */
    public static Stability compare(long[] seeds, List<FloatMatrix> atoms) {
        int k = atoms.size();
        if (seeds.length != k || k < 2) {
            throw new InvalidDataException("Stability needs one atom matrix per seed and at least 2, found "
                    + k + " matrices for " + seeds.length + " seeds");
        }
        double[] pairwise = new double[k * k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            pairwise[i * k + i] = 1;
            for (int j = i + 1; j < k; j++) {
                FloatMatrix a = atoms.get(i);
                FloatMatrix b = atoms.get(j);
                double cos = a.rows() <= b.rows() ? DictionaryMatching.match(a, b).meanCosine()
                        : DictionaryMatching.match(b, a).meanCosine();
                pairwise[i * k + j] = cos;
                pairwise[j * k + i] = cos;
                sum += cos;
            }
        }
        return new Stability(seeds.clone(), pairwise, sum / (k * (k - 1) / 2.0));
    }

    /** The mean matched cosine between the dictionaries of seeds number i and j. */
    public double pair(int i, int j) {
        return pairwise[i * seeds.length + j];
    }
}
