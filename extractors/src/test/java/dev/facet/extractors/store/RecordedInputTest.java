package dev.facet.extractors.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResizeMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordedInputTest {

    @Test
    void theRecordReadsBackAsTheSameInputSpec() {
        InputSpec spec = new InputSpec(3, 32, 320, ChannelOrder.BGR, ResizeMode.FIT_HEIGHT_PAD_RIGHT,
                new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
        Map<String, Object> record = RecordedInput.of(spec, "lines/", 7);
        assertEquals("lines/", record.get("images"));
        assertEquals(7, record.get("imageCount"));
        assertEquals("fit_height_pad_right", record.get("resize"));
        assertEquals(spec, RecordedInput.read(record).orElseThrow());
    }

    @Test
    void aRecordWithoutAnInputSpecReadsAsNone() {
        assertTrue(RecordedInput.read(Map.of()).isEmpty(), "stores written before the spec was recorded");
        Map<String, Object> odd = new LinkedHashMap<>(RecordedInput.of(new InputSpec(1, 28, 28, ChannelOrder.GRAY,
                ResizeMode.STRETCH, new float[1], new float[] {1}), "x", 1));
        odd.put("order", "cmyk");
        assertTrue(RecordedInput.read(odd).isEmpty());
        odd.put("order", "gray");
        odd.put("std", List.of(0.0));
        assertTrue(RecordedInput.read(odd).isEmpty(), "an std of 0 is no input spec");
    }
}
