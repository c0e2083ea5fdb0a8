package dev.facet.visualization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.MissingCapabilityException;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.InputSpec;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ObjectiveGradientTest {

    @Test
    void theGradientIsWithRespectToUnitPixels() {
        InputSpec input = LinearBackbone.colour(4, ChannelOrder.RGB);
        float[] weights = random(3 * 16, 1);
        LinearBackbone model = new LinearBackbone(input, weights);
        int count = 7;
        float[] images = random(count * 48, 2);
        float[] gradient = new float[count * 48];
        double[] scores = new ObjectiveGradient(model, Objective.channel(LinearBackbone.HOOK, 0), 3)
                .evaluate(images, count, gradient);
        float[] mean = input.mean();
        float[] std = input.std();
        for (int i = 0; i < count; i++) {
            double expected = 0;
            for (int j = 0; j < 48; j++) {
                int c = j / 16;
                expected += weights[j] * (images[i * 48 + j] - mean[c]) / std[c];
                assertEquals(weights[j] / std[c], gradient[i * 48 + j], 1e-6, "image " + i + ", value " + j);
            }
            assertEquals(expected, scores[i], 1e-4, "score of image " + i);
        }
        float[] oneBatch = new float[count * 48];
        double[] sameScores = new ObjectiveGradient(model, Objective.channel(LinearBackbone.HOOK, 0), count)
                .evaluate(images, count, oneBatch);
        assertArrayEquals(scores, sameScores, "batches of 3 and one batch of 7");
        assertArrayEquals(gradient, oneBatch);
    }

    @Test
    void aBackboneWithoutInputGradientsIsRefusedNamingTheModel() {
        LinearBackbone model = LinearBackbone.region(LinearBackbone.gray(8, 0.5f, 0.5f), 0, 8, 0, 8);
        MissingCapabilityException maco = assertThrows(MissingCapabilityException.class,
                () -> Maco.builder().setBackbone(model.forwardOnly()));
        MissingCapabilityException pixel = assertThrows(MissingCapabilityException.class,
                () -> PixelVisualization.builder().setBackbone(model.forwardOnly()));
        for (MissingCapabilityException refused : new MissingCapabilityException[] {maco, pixel}) {
            assertTrue(refused.getMessage().contains("INPUT_GRADIENTS")
                    && refused.getMessage().contains("linear-forward-only"), refused.getMessage());
        }
        assertTrue(maco.getMessage().contains("'maco'") && pixel.getMessage().contains("'pixel'"));
    }

    static float[] random(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) random.nextDouble();
        }
        return values;
    }
}
