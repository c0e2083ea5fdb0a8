package dev.facet.dictionaries.io;

import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;

/** Refuses a weights file holding NaN or infinity: a dictionary computed from it would be silently wrong. */
final class FiniteWeights {

    private FiniteWeights() {
    }

    /**
     * @throws CorruptArtifactException naming the file, the tensor, the value and the index of the
     *                                  first non-finite element
     */
    static void require(SafetensorsFile weights) {
        for (Map.Entry<String, Tensor> entry : weights.tensors().entrySet()) {
            float[] data = entry.getValue().data();
            for (int i = 0; i < data.length; i++) {
                if (!Float.isFinite(data[i])) {
                    throw new CorruptArtifactException(weights.file(), "tensor '" + entry.getKey() + "' "
                            + Arrays.toString(entry.getValue().shape()) + " holds " + data[i] + " at "
                            + entry.getValue().position(i) + "; a dictionary's weights must be finite"
                            + " (training diverged, or the file was altered): train the dictionary again");
                }
            }
        }
    }
}
