package dev.facet.dictionaries.sae.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.facet.dictionaries.sae.HeapInit;
import dev.facet.dictionaries.sae.EngineFixture;
import dev.facet.dictionaries.sae.SaeParameters;
import dev.facet.dictionaries.sae.SaeShape;
import dev.facet.dictionaries.sae.SaeTrainingCheck;
import dev.facet.dictionaries.sae.SparseAutoencoder;
import dev.facet.spi.ConfigException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AttentionEncoderTest extends EngineFixture {

    private static final int D = 8;
    private static final int C = 12;
    private static final int T = 4;


    private AttentionEncoder encoder(int blocks, AttentionEncoder.MlpActivation activation) {
        return new AttentionEncoder(parameters, new SaeShape(D, C), HeapInit.unitRows(new SplittableRandom(1), C, D), T,
                2, blocks, activation, new SplittableRandom(2));
    }

    private static float[] images(long seed, int images) {
        return SaeTrainingCheck.data(seed, images * T, D);
    }

    private float[] encode(AttentionEncoder encoder, float[] rows) {
        return encoder.forward(manager.create(rows, new Shape(rows.length / D, D)), null, true).toFloatArray();
    }

    @Test
    void mapsTokenRowsToConceptsAndRegistersNamedParameters() {
        AttentionEncoder encoder = encoder(2, AttentionEncoder.MlpActivation.GELU);
        assertEquals("attention", encoder.id());
        assertEquals(T, encoder.tokens());
        assertEquals(2, encoder.heads());
        assertEquals(2, encoder.blocks());
        NDArray x = manager.create(images(3, 3), new Shape(3 * T, D));
        assertEquals(new Shape(3 * T, C), encoder.forward(x, null, true).getShape());
        assertEquals(new Shape(3 * T, C), encoder.forward(x, null, false).getShape());
        for (int i = 0; i < 2; i++) {
            String block = "encoder.blocks." + i + ".";
            for (String layer : List.of("attention.query", "attention.key", "attention.value", "attention.output")) {
                assertEquals(new Shape(D, D), parameters.get(block + layer + ".weight").getShape(), layer);
                assertEquals(new Shape(D), parameters.get(block + layer + ".bias").getShape(), layer);
            }
            assertEquals(new Shape(4 * D, D), parameters.get(block + "mlp.hidden.weight").getShape());
            assertEquals(new Shape(D, 4 * D), parameters.get(block + "mlp.output.weight").getShape());
            assertEquals(new Shape(D), parameters.get(block + "mlp.output.bias").getShape());
            for (String norm : List.of("attention_norm", "mlp_norm")) {
                assertArrayEquals(HeapInit.filled(D, 1f), parameters.get(block + norm + ".weight").toFloatArray());
                assertArrayEquals(new float[D], parameters.get(block + norm + ".bias").toFloatArray());
            }
        }
        assertArrayEquals(HeapInit.unitRows(new SplittableRandom(1), C, D),
                parameters.get("encoder.output.weight").toFloatArray());
        assertArrayEquals(new float[C], parameters.get("encoder.output.bias").toFloatArray());
        assertEquals(2 * 16 + 2, parameters.trainable().size());
        assertTrue(parameters.buffers().isEmpty());
    }

    @Test
    void anImagesCodesDoNotDependOnTheOtherImagesInTheBatch() {
        AttentionEncoder encoder = encoder(2, AttentionEncoder.MlpActivation.GELU);
        float[] batch = images(3, 3);
        float[] changed = batch.clone();
        float[] otherImage = images(99, 1);
        System.arraycopy(otherImage, 0, changed, T * D, T * D);

        float[] before = encode(encoder, batch);
        float[] after = encode(encoder, changed);
        int image = T * C;
        assertArrayEquals(Arrays.copyOfRange(before, 0, image), Arrays.copyOfRange(after, 0, image), 1e-5f,
                "image 0 must not see image 1");
        assertArrayEquals(Arrays.copyOfRange(before, 2 * image, 3 * image), Arrays.copyOfRange(after, 2 * image,
                3 * image), 1e-5f, "image 2 must not see image 1");
        assertTrue(maxDifference(Arrays.copyOfRange(before, image, 2 * image),
                Arrays.copyOfRange(after, image, 2 * image)) > 1e-3, "image 1 itself changed");

        float[] alone = encode(encoder, Arrays.copyOfRange(batch, 2 * T * D, 3 * T * D));
        assertArrayEquals(alone, Arrays.copyOfRange(before, 2 * image, 3 * image), 1e-5f,
                "an image encoded alone gives the codes it has in a batch");
    }

    @Test
    void tokensOfOneImageAttendToEachOther() {
        AttentionEncoder encoder = encoder(1, AttentionEncoder.MlpActivation.GELU);
        float[] batch = images(3, 2);
        float[] changed = batch.clone();
        for (int j = 0; j < D; j++) {
            changed[j] += j % 2 == 0 ? 2f : -1f; // not a constant shift, which layer norm would remove
        }
        float[] before = encode(encoder, batch);
        float[] after = encode(encoder, changed);
        assertTrue(maxDifference(Arrays.copyOfRange(before, C, 2 * C), Arrays.copyOfRange(after, C, 2 * C)) > 1e-4,
                "token 1 of image 0 depends on token 0 of image 0");
        assertArrayEquals(Arrays.copyOfRange(before, T * C, 2 * T * C), Arrays.copyOfRange(after, T * C, 2 * T * C),
                1e-5f, "image 1 is unaffected");
    }

    @Test
    void reluVariantEncodes() {
        AttentionEncoder gelu = encoder(1, AttentionEncoder.MlpActivation.GELU);
        float[] rows = images(3, 2);
        float[] geluCodes = encode(gelu, rows);
        parameters.close();
        parameters = new SaeParameters(manager);
        float[] reluCodes = encode(encoder(1, AttentionEncoder.MlpActivation.RELU), rows);
        assertEquals(geluCodes.length, reluCodes.length);
        assertTrue(maxDifference(geluCodes, reluCodes) > 1e-6, "the activation matters");
    }

    @Test
    void rejectsABatchThatIsNotWholeImages() {
        AttentionEncoder encoder = encoder(1, AttentionEncoder.MlpActivation.GELU);
        NDArray x = manager.create(SaeTrainingCheck.data(1, 2 * T + 1, D), new Shape(2 * T + 1, D));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> encoder.forward(x, null, true));
        assertTrue(e.getMessage().contains("9 rows") && e.getMessage().contains("of 4 tokens")
                && e.getMessage().contains("multiple of 4"), e.getMessage());
        NDArray wide = manager.zeros(new Shape(T, D + 1));
        e = assertThrows(IllegalArgumentException.class, () -> encoder.forward(wide, null, true));
        assertTrue(e.getMessage().contains("(4, 9)") && e.getMessage().contains(", 8)"), e.getMessage());
    }

    @Test
    void rejectsHeadsThatDoNotDivideTheWidth() {
        ConfigException e = assertThrows(ConfigException.class, () -> new AttentionEncoder(parameters,
                new SaeShape(D, C), new float[C * D], T, 3, 1, AttentionEncoder.MlpActivation.GELU,
                new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("heads: 3") && e.getMessage().contains("divisor of the input dimension 8"),
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> new AttentionEncoder(parameters, new SaeShape(D, C),
                new float[C * D], 0, 2, 1, AttentionEncoder.MlpActivation.GELU, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("tokens: 0"), e.getMessage());
    }

    @Test
    void assembledModelTrains() {
        int images = 8;
        float[] data = images(11, images);
        for (int blocks : new int[] {1, 2}) {
            Map<String, Object> keys = Map.of("concepts", C, "k", 3, "encoder", "attention", "tokens", T, "heads", 2,
                    "encoder_blocks", blocks);
            try (SparseAutoencoder model = SaeTrainingCheck.model(manager, keys, D, 5)) {
                assertTrue(model.encoder() instanceof AttentionEncoder);
                float[] losses = SaeTrainingCheck.sgd(manager, model, data, images * T, 20, 0.05f, m -> { });
                SaeTrainingCheck.assertDecreases("attention " + keys, losses);
            }
        }
    }

    private static float maxDifference(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
