package dev.facet.dictionaries.factor;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.dictionary.DictionaryInfo;
import dev.facet.spi.tensor.FloatMatrix;

/**
 * The argument checks of {@link dev.facet.spi.dictionary.DifferentiableDictionary#encodeGradient}, shared by
 * every dictionary that implements it: x (n × d) as {@code encode} takes it, upstream (n × c), both finite.
 */
public final class GradientArguments {

    private GradientArguments() {
    }

    /**
     * @throws InvalidDataException naming {@code x} or {@code upstream} when its shape does not match the
     *                              dictionary or it holds NaN or an infinity
     */
    public static void require(DictionaryInfo info, FloatMatrix x, FloatMatrix upstream) {
        String learner = info.learner();
        x.requireCols("x, the input to " + learner + " encodeGradient,", info.inputDim());
        x.requireFinite("x, the input to " + learner + " encodeGradient,");
        if (upstream.rows() != x.rows() || upstream.cols() != info.concepts()) {
            throw new InvalidDataException("upstream, the code weights given to " + learner + " encodeGradient, has shape "
                    + upstream.rows() + "x" + upstream.cols() + "; expected " + x.rows() + "x" + info.concepts()
                    + " (one row per input row, one column per concept)");
        }
        upstream.requireFinite("upstream, the code weights given to " + learner + " encodeGradient,");
    }
}
