package dev.facet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.dictionary.DictionaryInfo;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** {@link DictionaryEvaluation} never returns a NaN or infinite metric where one is defined. */
class DictionaryEvaluationFiniteTest {
    private static final int ROWS = 12;
    private static final int DIM = 3;

    /** A one-concept dictionary whose codes are each row's first value and whose decode is {@code decode}. */
    private static Dictionary dictionary(UnaryOperator<FloatMatrix> decode) {
        return new Dictionary() {
            @Override
            public DictionaryInfo info() {
                return new DictionaryInfo("fake", 1, DIM);
            }

            @Override
            public Codes encode(FloatMatrix x) {
                float[] dense = new float[x.rows()];
                for (int r = 0; r < x.rows(); r++) {
                    dense[r] = x.get(r, 0);
                }
                return Codes.fromDense(new FloatMatrix(x.rows(), 1, dense));
            }

            @Override
            public FloatMatrix decode(Codes codes) {
                return decode.apply(new FloatMatrix(codes.rows(), DIM, new float[codes.rows() * DIM]));
            }

            @Override
            public FloatMatrix atoms() {
                return new FloatMatrix(1, DIM, new float[] {1, 0, 0});
            }

            @Override
            public void save(Path directory) {
                throw new UnsupportedOperationException("not saved in this test");
            }
        };
    }

    private static ActivationSource data(boolean constant) {
        float[] values = new float[ROWS * DIM];
        for (int i = 0; i < values.length; i++) {
            values[i] = constant ? 1f : 1f + i % 7;
        }
        return ActivationSource.of(new FloatMatrix(ROWS, DIM, values));
    }

    @Test
    void aZeroVarianceStoreGivesAnErrorInsteadOfRSquaredMinusInfinity() {
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> DictionaryEvaluation.evaluate(dictionary(m -> m), "fake", data(true), 0, 5));
        assertTrue(e.getMessage().contains("gives r2 = -Infinity over 12 rows"), e.getMessage());
        assertTrue(e.getMessage().contains("zero variance"), e.getMessage());
    }

    @Test
    void aNonFiniteReconstructionIsNamedByStoreRowAndColumn() {
        int[] batches = {0};
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> DictionaryEvaluation.evaluate(dictionary(m -> {
                    if (++batches[0] == 2) {
                        m.data()[2 * DIM + 1] = Float.NaN; // batch 2 (rows 5-9), its third row: store row 7
                    }
                    return m;
                }), "fake", data(false), 0, 5));
        assertTrue(e.getMessage().contains("Dictionary 'fake' reconstructs row 7 of the data as NaN in column 1"),
                e.getMessage());
    }

    @Test
    void finiteOutputsGiveFiniteMetrics() {
        DictionaryEvaluation.Result result = DictionaryEvaluation.evaluate(dictionary(m -> m), "fake", data(false), 0, 5);
        assertEquals(ROWS, result.metrics().rows());
        assertTrue(Double.isFinite(result.metrics().r2()), "r2 " + result.metrics().r2());
    }
}
