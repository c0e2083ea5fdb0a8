package dev.facet.spi.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ChannelObjectiveTest {

    private static Tensor counting(long... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = i;
        }
        return t;
    }

    @Test
    void vectorHookReadsOneEntry() {
        Objective logit = Objective.channel("logits", 2);
        Tensor logits = counting(2, 4);
        assertArrayEquals(new double[] {2, 6}, logit.scores(logits));
        assertArrayEquals(new float[] {0, 0, 1, 0, 0, 0, 1, 0}, logit.gradient(logits).data());
    }

    @Test
    void tokenHookAveragesOverTokens() {
        Objective objective = Objective.channel("blocks.3", 1);
        Tensor tokens = counting(1, 3, 2);
        assertArrayEquals(new double[] {(1 + 3 + 5) / 3.0}, objective.scores(tokens), 1e-9);
        float third = 1f / 3;
        assertArrayEquals(new float[] {0, third, 0, third, 0, third}, objective.gradient(tokens).data());
    }

    @Test
    void spatialHookAveragesOverPositions() {
        Objective objective = Objective.channel("features", 1);
        Tensor maps = counting(1, 2, 2, 2);
        assertArrayEquals(new double[] {(4 + 5 + 6 + 7) / 4.0}, objective.scores(maps), 1e-9);
        assertArrayEquals(new float[] {0, 0, 0, 0, .25f, .25f, .25f, .25f}, objective.gradient(maps).data());
    }

    @Test
    void channelOutsideTheHookOrWrongRankIsAnError() {
        assertThrows(InvalidDataException.class, () -> Objective.channel("logits", 4).scores(counting(1, 4)));
        assertThrows(InvalidDataException.class, () -> Objective.channel("x", 0).scores(counting(4)));
        assertThrows(ConfigException.class, () -> Objective.channel("x", -1));
    }
}
