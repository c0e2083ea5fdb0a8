package dev.facet.dictionaries.nmf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.dictionaries.metrics.Reconstruction;
import dev.facet.spi.Provenance;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.run.CancellationToken;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encoding the training rows with a fitted NMF dictionary gives back the fit's reconstruction
 * quality: encode solves the NNLS exactly (to its KKT tolerance), whatever the atom norms, so its
 * R² is at least that of the training codes Z, which are a HALS iterate for the same atoms.
 */
class NmfEncodeTest {

    @TempDir
    Path temp;

    /** The fitted factors with atom j multiplied by 1 + 99·j/(c − 1) and code column j divided by it. */
    static FloatMatrix[] rescaled(NmfResult fit) {
        FloatMatrix atoms = new FloatMatrix(fit.atoms().rows(), fit.atoms().cols(), fit.atoms().data().clone());
        FloatMatrix codes = new FloatMatrix(fit.codes().rows(), fit.codes().cols(), fit.codes().data().clone());
        int c = atoms.rows();
        for (int j = 0; j < c; j++) {
            float scale = 1 + 99f * j / (c - 1);
            for (int k = 0; k < atoms.cols(); k++) {
                atoms.set(j, k, atoms.get(j, k) * scale);
            }
            for (int i = 0; i < codes.rows(); i++) {
                codes.set(i, j, codes.get(i, j) / scale);
            }
        }
        return new FloatMatrix[] {codes, atoms};
    }

    static NmfResult fitHals(FloatMatrix x, int concepts) {
        return Nmf.fit(x, NmfOptions.defaults(concepts).withMaxIterations(500).withTolerance(1e-6), 5,
                NmfListener.NONE, CancellationToken.create());
    }

    @Test
    void encodingTheTrainingRowsReachesTheTrainingR2WithAtomNormsFrom1To100() {
        FloatMatrix x = NmfTest.planted(600, 48, 16, 0.05, 21)[0];
        FloatMatrix[] factors = rescaled(fitHals(x, 16));
        double trainingR2 = Reconstruction.r2(x, Matrices.multiply(factors[0], factors[1]));
        NmfDictionary dictionary = new NmfLearnerFactory().create(ConfigValues.of("test", Map.of("concepts", 16)))
                .dictionary(factors[1], Provenance.builder().setLearner(NmfLearnerFactory.ID).build());
        FloatMatrix codes = dictionary.encodeToMatrix(x);
        double encodeR2 = Reconstruction.r2(x, dictionary.decode(codes));
        assertEquals(trainingR2, encodeR2, 1e-3, "R² of encode vs R² of the training codes");
        assertTrue(encodeR2 >= trainingR2 - 1e-6, "exact codes are no worse than the HALS codes: " + encodeR2
                + " vs " + trainingR2);
        for (float v : codes.data()) {
            assertTrue(v >= 0);
        }
    }

    /**
     * {@code fit_r2} is the R² of the last iterate; {@code r2} that of the final dictionary's own codes,
     * which {@code facet eval} reproduces on the same rows, in memory and streamed, converged or not.
     */
    @Test
    void theLearnerRecordsTheR2ThatEncodingReaches() {
        FloatMatrix x = NmfTest.planted(400, 30, 8, 0.1, 22)[0];
        double squaredNorm = 0;
        for (float v : x.data()) {
            squaredNorm += (double) v * v;
        }
        for (Map<String, Object> settings : List.of(Map.<String, Object>of("concepts", 8, "max_iter", 500, "tol", 1e-6),
                Map.<String, Object>of("concepts", 8, "max_iter", 5, "tol", 0.0),
                Map.<String, Object>of("concepts", 8, "max_iter", 50, "batch_size", 64))) {
            NmfDictionary dictionary = new NmfLearnerFactory().create(ConfigValues.of("test", settings))
                    .fit(ActivationSource.of(x), RunContext.builder().setOutputDirectory(temp).optSeed(1).build());
            Map<String, Object> metrics = dictionary.provenance().metrics();
            double relativeError = ((Number) metrics.get("relative_error")).doubleValue();
            double fitR2 = ((Number) metrics.get("fit_r2")).doubleValue();
            double recorded = ((Number) metrics.get("r2")).doubleValue();
            assertEquals(1 - relativeError * relativeError * squaredNorm / Reconstruction.totalSquares(x), fitR2, 1e-9,
                    settings.toString());
            double encoded = Reconstruction.r2(x, dictionary.decode(dictionary.encodeToMatrix(x)));
            assertEquals(encoded, recorded, 1e-6, settings + ": recorded R² against the R² of encode");
            assertTrue(recorded >= fitR2 - 1e-6, settings + ": exact codes " + recorded + " vs the iterate's " + fitR2);
        }
    }
}
