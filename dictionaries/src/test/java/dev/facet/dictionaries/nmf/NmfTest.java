package dev.facet.dictionaries.nmf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.dictionaries.metrics.DictionaryMatching;
import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.run.CancellationToken;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NmfTest {

    @TempDir
    Path temp;

    /** X = Z·D + small non-negative noise, Z sparse non-negative (n × c), D non-negative with disjoint-ish supports. */
    static FloatMatrix[] planted(int n, int d, int c, double noise, long seed) {
        Random random = new Random(seed);
        float[] atoms = new float[c * d];
        for (int j = 0; j < c; j++) {
            for (int t = 0; t < d; t++) {
                atoms[j * d + t] = random.nextFloat() < 0.3 ? random.nextFloat() + 0.2f : 0f;
            }
        }
        float[] codes = new float[n * c];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = random.nextFloat() < 0.4 ? random.nextFloat() * 2 : 0f;
        }
        FloatMatrix z = new FloatMatrix(n, c, codes);
        FloatMatrix dm = new FloatMatrix(c, d, atoms);
        FloatMatrix x = Matrices.multiply(z, dm);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] += (float) (noise * random.nextFloat());
        }
        return new FloatMatrix[] {x, z, dm};
    }


    private RunContext context() {
        return RunContext.builder().setOutputDirectory(temp).optSeed(3).build();
    }

    private static NmfLearner learner(Map<String, Object> config) {
        return new NmfLearnerFactory().create(ConfigValues.of("test", config));
    }

    private static double directError(FloatMatrix x, FloatMatrix z, FloatMatrix d) {
        FloatMatrix r = Matrices.multiply(z, d);
        double num = 0;
        double den = 0;
        for (int i = 0; i < r.data().length; i++) {
            double diff = x.data()[i] - r.data()[i];
            num += diff * diff;
            den += (double) x.data()[i] * x.data()[i];
        }
        return Math.sqrt(num / den);
    }

    @Test
    void everySolverGivesNonNegativeFactorsAndReportsItsError() {
        FloatMatrix x = UniformMatrices.of(120, 30, 1);
        for (NmfSolver solver : NmfSolver.values()) {
            NmfResult result = Nmf.fit(x, NmfOptions.defaults(5).withSolver(solver).withMaxIterations(60), 7,
                    NmfListener.NONE, CancellationToken.create());
            for (float v : result.codes().data()) {
                assertTrue(v >= 0 && Float.isFinite(v), solver + " code " + v);
            }
            for (float v : result.atoms().data()) {
                assertTrue(v >= 0 && Float.isFinite(v), solver + " atom " + v);
            }
            double direct = directError(x, result.codes(), result.atoms());
            assertEquals(direct, result.relativeError(), 1e-3, solver + " reported error");
            assertTrue(direct < 0.5, solver + " error " + direct);
        }
    }

    @Test
    void errorDecreasesEveryIterationForHalsAndMu() {
        FloatMatrix x = UniformMatrices.of(200, 40, 2);
        for (NmfSolver solver : List.of(NmfSolver.HALS, NmfSolver.MU)) {
            for (NmfInit init : List.of(NmfInit.NNDSVDA, NmfInit.RANDOM)) {
                List<Double> errors = new ArrayList<>();
                Nmf.fit(x, NmfOptions.defaults(6).withSolver(solver).withInit(init).withMaxIterations(80)
                        .withTolerance(0), 5, (it, err, s) -> errors.add(err), CancellationToken.create());
                assertEquals(80, errors.size());
                for (int i = 1; i < errors.size(); i++) {
                    assertTrue(errors.get(i) <= errors.get(i - 1) * (1 + 1e-5) + 1e-7,
                            solver + "/" + init + " error rose at iteration " + (i + 1) + ": " + errors.get(i - 1)
                                    + " -> " + errors.get(i));
                }
                assertTrue(errors.get(79) < errors.get(0), solver + " made progress");
            }
        }
    }

    @Test
    void recoversAPlantedFactorisation() {
        FloatMatrix[] p = planted(800, 40, 6, 0.0, 11);
        for (NmfSolver solver : List.of(NmfSolver.HALS, NmfSolver.ANLS)) {
            NmfResult result = Nmf.fit(p[0], NmfOptions.defaults(6).withSolver(solver).withMaxIterations(400)
                    .withTolerance(1e-7).withInnerIterations(50), 3, NmfListener.NONE, CancellationToken.create());
            double cosine = DictionaryMatching.match(p[2], result.atoms()).meanCosine();
            assertTrue(cosine >= 0.95, solver + " matched cosine " + cosine);
            assertTrue(result.relativeError() < 0.05, solver + " error " + result.relativeError());
        }
    }

    @Test
    void learnerRecoversPlantedAtomsAndRecordsProvenance() {
        FloatMatrix[] p = planted(800, 40, 6, 0.01, 12);
        NmfDictionary dictionary = learner(Map.of("concepts", 6, "max_iter", 300, "tol", 1e-6))
                .fit(ActivationSource.of(p[0]), context());
        assertTrue(DictionaryMatching.match(p[2], dictionary.atoms()).meanCosine() >= 0.95);
        assertTrue(dictionary.provenance().metrics().containsKey("relative_error"));
        assertTrue(dictionary.provenance().metrics().containsKey("iterations"));
        FloatMatrix codes = dictionary.encodeToMatrix(p[0].rows(0, 50));
        for (float v : codes.data()) {
            assertTrue(v >= 0);
        }
    }

    @Test
    void refusesNegativeInputNamingTheEntry() {
        FloatMatrix x = UniformMatrices.of(20, 5, 3);
        x.set(4, 2, -0.25f);
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> learner(Map.of("concepts", 2)).fit(ActivationSource.of(x), context()));
        assertTrue(e.getMessage().contains("row 4, column 2"), e.getMessage());
        assertTrue(e.getMessage().contains("-0.25"), e.getMessage());
        assertThrows(InvalidDataException.class,
                () -> learner(Map.of("concepts", 2, "batch_size", 8)).fit(ActivationSource.of(x), context()));
        x.set(4, 2, Float.NaN);
        assertThrows(InvalidDataException.class,
                () -> learner(Map.of("concepts", 2)).fit(ActivationSource.of(x), context()));
    }

    @Test
    void zeroInputGivesZeroFactors() {
        FloatMatrix x = FloatMatrix.zeros(30, 8);
        for (NmfSolver solver : NmfSolver.values()) {
            NmfResult result = Nmf.fit(x, NmfOptions.defaults(3).withSolver(solver), 1, NmfListener.NONE,
                    CancellationToken.create());
            for (float v : result.codes().data()) {
                assertEquals(0f, v);
            }
            for (float v : result.atoms().data()) {
                assertEquals(0f, v);
            }
            assertEquals(0, result.relativeError());
        }
        NmfDictionary streamed = learner(Map.of("concepts", 3, "batch_size", 7)).fit(ActivationSource.of(x), context());
        for (float v : streamed.atoms().data()) {
            assertEquals(0f, v);
        }
        for (float v : streamed.encodeToMatrix(x).data()) {
            assertEquals(0f, v);
        }
    }

    @Test
    void saveLoadRoundTripEncodesIdentically() {
        FloatMatrix x = UniformMatrices.of(100, 20, 4);
        NmfDictionary dictionary = learner(Map.of("concepts", 4, "max_iter", 30, "encode_iterations", 200))
                .fit(ActivationSource.of(x), context());
        Path dir = temp.resolve("nmf");
        dictionary.save(dir);
        NmfDictionary loaded = new NmfLearnerFactory().load(dir);
        assertArrayEquals(dictionary.atoms().data(), loaded.atoms().data());
        assertArrayEquals(dictionary.encodeToMatrix(x).data(), loaded.encodeToMatrix(x).data());
        assertNull(loaded.offset());
        assertEquals(dictionary.provenance().metrics(), loaded.provenance().metrics());
    }

    @Test
    void miniBatchFitComesCloseToTheFullBatchFit() {
        FloatMatrix[] p = planted(3000, 40, 6, 0.02, 13);
        for (String solver : List.of("hals", "mu")) {
            NmfDictionary full = learner(Map.of("concepts", 6, "solver", solver, "max_iter", 200))
                    .fit(ActivationSource.of(p[0]), context());
            Map<String, Object> config = new HashMap<>(Map.of("concepts", 6, "solver", solver, "max_iter", 30,
                    "inner_iterations", solver.equals("mu") ? 50 : 10,
                    "batch_size", 256));
            NmfDictionary mini = learner(config).fit(ActivationSource.of(p[0]), context());
            double fullError = ((Number) full.provenance().metrics().get("relative_error")).doubleValue();
            double miniError = ((Number) mini.provenance().metrics().get("relative_error")).doubleValue();
            assertTrue((Boolean) mini.provenance().metrics().get("streamed"));
            assertFalse((Boolean) full.provenance().metrics().get("streamed"));
            assertTrue(miniError <= fullError * 1.15 + 0.01, solver + ": mini-batch " + miniError + " vs full "
                    + fullError);
        }
        // a source over the in-memory limit streams even without batch_size
        NmfDictionary forced = learner(Map.of("concepts", 6, "max_iter", 5, "max_in_memory_values", 1000))
                .fit(ActivationSource.of(p[0]), context());
        assertTrue((Boolean) forced.provenance().metrics().get("streamed"));
        assertThrows(InvalidDataException.class,
                () -> learner(Map.of("concepts", 6, "solver", "pgd", "max_in_memory_values", 1000))
                        .fit(ActivationSource.of(p[0]), context()));
    }

    @Test
    void isDeterministicForASeed() {
        FloatMatrix x = UniformMatrices.of(80, 12, 5);
        NmfDictionary a = learner(Map.of("concepts", 3, "max_iter", 20)).fit(ActivationSource.of(x), context());
        NmfDictionary b = learner(Map.of("concepts", 3, "max_iter", 20)).fit(ActivationSource.of(x), context());
        assertArrayEquals(a.atoms().data(), b.atoms().data());
    }

    @Test
    void rejectsBadConfiguration() {
        NmfLearnerFactory factory = new NmfLearnerFactory();
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> factory.create(ConfigValues.of("cfg", Map.of("concepts", 3, "sovler", "mu"))));
        assertTrue(unknown.getMessage().contains("sovler"));
        assertThrows(ConfigException.class, () -> factory.create(ConfigValues.of("cfg", Map.of())));
        assertThrows(ConfigException.class, () -> factory.create(ConfigValues.of("cfg", Map.of("concepts", 0))));
        ConfigException solver = assertThrows(ConfigException.class,
                () -> factory.create(ConfigValues.of("cfg", Map.of("concepts", 3, "solver", "cd"))));
        assertTrue(solver.getMessage().contains("solver"), solver.getMessage());
        assertThrows(ConfigException.class,
                () -> factory.create(ConfigValues.of("cfg", Map.of("concepts", 3, "solver", "anls", "batch_size", 10))));
        assertThrows(InvalidDataException.class, () -> factory.create(ConfigValues.of("cfg",
                Map.of("concepts", 30, "init", "nndsvda"))).fit(ActivationSource.of(UniformMatrices.of(10, 5, 1)), context()));
        assertEquals(List.of(factory.id()), NmfLearners.factories().stream().map(f -> f.id()).toList());
    }

    @Test
    void truncatedSvdFindsTheLeadingSingularValues() {
        // X = U·diag(5, 3, 1)·Vᵀ built from orthonormal rows
        FloatMatrix u = UniformMatrices.of(3, 50, 6);
        TruncatedSvd.orthonormalizeRows(u);
        FloatMatrix v = UniformMatrices.of(3, 20, 7);
        TruncatedSvd.orthonormalizeRows(v);
        float[] s = {5, 3, 1};
        float[] us = u.transpose().data();
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 3; j++) {
                us[i * 3 + j] *= s[j];
            }
        }
        FloatMatrix x = Matrices.multiply(new FloatMatrix(50, 3, us), v);
        for (FloatMatrix m : List.of(x, x.transpose())) {
            TruncatedSvd svd = TruncatedSvd.compute(m, 2, 1);
            assertEquals(5, svd.sigma()[0], 1e-3);
            assertEquals(3, svd.sigma()[1], 1e-3);
        }
    }
}
