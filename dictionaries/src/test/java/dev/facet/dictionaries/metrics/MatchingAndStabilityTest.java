package dev.facet.dictionaries.metrics;

import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.spi.Provenance;
import dev.facet.dictionaries.factor.MatrixDictionary;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.dictionaries.synthetic.PlantedDictionary;
import dev.facet.spi.Capability;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.dictionary.DictionaryLearner;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatchingAndStabilityTest {

    @TempDir
    Path dir;

    private static FloatMatrix permutedRows(FloatMatrix atoms, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] perm = new int[atoms.rows()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        for (int i = perm.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        FloatMatrix out = FloatMatrix.zeros(atoms.rows(), atoms.cols());
        for (int i = 0; i < perm.length; i++) {
            System.arraycopy(atoms.data(), perm[i] * atoms.cols(), out.data(), i * atoms.cols(), atoms.cols());
        }
        return out;
    }

    @Test
    void hungarianCostIsZeroForAPermutedCopy() {
        FloatMatrix atoms = PlantedDictionary.generate(10, 12, 20, 3, 0, 1).atoms();
        FloatMatrix permuted = permutedRows(atoms, 9);
        DictionaryMatching matching = DictionaryMatching.match(atoms, permuted);
        double cost = 0;
        for (double c : matching.cosines()) {
            cost += 1 - c;
        }
        assertEquals(0, cost, 1e-5);
        assertEquals(1, matching.meanCosine(), 1e-6);
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(atoms.row(i), permuted.row(matching.assignment()[i]), "atom " + i);
        }
    }

    /** A learner whose "training" returns the planted atoms permuted by seed, plus seeded noise. */
    private record FakeFactory(FloatMatrix atoms, double noise, List<Long> seenSeeds, List<Path> seenDirs)
            implements DictionaryLearnerFactory {
        @Override
        public String id() {
            return "fake";
        }

        @Override
        public String description() {
            return "returns planted atoms";
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of();
        }

        @Override
        public DictionaryLearner create(ConfigValues hyperparameters) {
            return (data, context) -> {
                seenSeeds.add(context.seed());
                seenDirs.add(context.outputDirectory());
                FloatMatrix out = permutedRows(atoms, context.seedFor("fake-init"));
                SplittableRandom random = new SplittableRandom(context.seedFor("fake-noise"));
                for (int i = 0; i < out.data().length; i++) {
                    out.data()[i] += (float) (noise * (random.nextDouble() - 0.5));
                }
                return new ProjectionFake(out);
            };
        }

        @Override
        public Dictionary load(Path directory) {
            return new ProjectionFake(MatrixDictionary.read(directory, "fake").weights().matrix(MatrixDictionary.ATOMS));
        }
    }

    /** The fake learner's dictionary: codes are projections x·Dᵀ. */
    private static final class ProjectionFake extends MatrixDictionary {
        ProjectionFake(FloatMatrix atoms) {
            super("fake", atoms, null, java.util.Map.of(), Provenance.builder().setLearner("fake").build());
        }

        @Override
        protected FloatMatrix encodeDense(FloatMatrix x) {
            return Matrices.multiply(x, false, atoms(), true);
        }
    }

    @Test
    void stabilityIsOneForALearnerThatOnlyPermutesItsAtoms() {
        PlantedDictionary planted = PlantedDictionary.generate(50, 16, 24, 3, 0, 2);
        List<Long> seeds = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        Stability s = Stability.of(new FakeFactory(planted.atoms(), 0, seeds, dirs), ConfigValues.empty(),
                ActivationSource.of(planted.data()), new long[] {1, 2, 3}, dir);
        assertEquals(List.of(1L, 2L, 3L), seeds);
        assertEquals(List.of(dir.resolve("seed-1"), dir.resolve("seed-2"), dir.resolve("seed-3")), dirs);
        assertEquals(1.0, s.mean(), 1e-6);
        assertEquals(9, s.pairwise().length);
        assertEquals(s.pair(0, 2), s.pair(2, 0), 0);
    }

    @Test
    void noiseLowersStability() {
        PlantedDictionary planted = PlantedDictionary.generate(50, 16, 24, 3, 0, 2);
        Stability noisy = Stability.of(new FakeFactory(planted.atoms(), 0.3, new ArrayList<>(), new ArrayList<>()),
                ConfigValues.empty(), ActivationSource.of(planted.data()), new long[] {7, 8}, dir);
        assertTrue(noisy.mean() < 0.999 && noisy.mean() > 0.5, "noisy stability " + noisy.mean());
        assertEquals(noisy.mean(), noisy.pair(0, 1), 1e-12);
    }

    @Test
    void stabilityNeedsTwoDistinctSeeds() {
        PlantedDictionary planted = PlantedDictionary.generate(10, 4, 4, 1, 0, 2);
        var factory = new FakeFactory(planted.atoms(), 0, new ArrayList<>(), new ArrayList<>());
        var e = assertThrows(InvalidDataException.class, () -> Stability.of(factory, ConfigValues.empty(),
                ActivationSource.of(planted.data()), new long[] {3, 3}, dir));
        assertTrue(e.getMessage().contains("at least 2 distinct seeds"), e.getMessage());
    }
}
