package dev.facet.extractors.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.facet.spi.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ChannelsLastTest {

    @Test
    void channelsLastAndBackRestoresTheMap() {
        float[] values = new float[2 * 3 * 2 * 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        Tensor nchw = new Tensor(new long[] {2, 3, 2, 4}, values);
        Tensor nhwc = ChannelsLast.toChannelsLast(nchw);
        assertArrayEquals(new long[] {2, 2, 4, 3}, nhwc.shape());
        assertEquals(nchw.get(1, 2, 1, 3), nhwc.get(1, 1, 3, 2));
        assertEquals(nchw.get(0, 1, 0, 2), nhwc.get(0, 0, 2, 1));
        assertEquals(nchw, ChannelsLast.toChannelsFirst(nhwc));
    }
}
