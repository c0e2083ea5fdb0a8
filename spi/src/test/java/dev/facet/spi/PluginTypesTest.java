package dev.facet.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PluginTypesTest {

    @Test
    void descriptorValidatesIdAndVersion() {
        PluginDescriptor d = PluginDescriptor.of("my-plugin.v2", "1.0", "desc");
        assertEquals(SpiVersion.CURRENT, d.spiVersion());
        assertThrows(ConfigException.class, () -> PluginDescriptor.of("My Plugin", "1.0", ""));
        assertThrows(ConfigException.class, () -> PluginDescriptor.of("ok", " ", ""));
        assertThrows(ConfigException.class, () -> new PluginDescriptor("ok", "1", 0, ""));
        assertEquals("", new PluginDescriptor("ok", "1", 1, null).description());
    }

    @Test
    void pluginGettersDefaultToNoFactories() {
        Plugin empty = () -> PluginDescriptor.of("empty", "1", "");
        assertEquals(List.of(), empty.backbones());
        assertEquals(List.of(), empty.learners());
        assertEquals(List.of(), empty.attributions());
        assertEquals(List.of(), empty.visualizers());
    }

    @Test
    void missingCapabilityNamesBothSidesAndWhatIsMissing() {
        MissingCapabilityException e = assertThrows(MissingCapabilityException.class, () ->
                MissingCapabilityException.check("attribution 'saliency'", Set.of(Capability.FORWARD, Capability.INPUT_GRADIENTS),
                        "backbone 'vit.onnx'", Set.of(Capability.FORWARD)));
        assertEquals("attribution 'saliency' requires [FORWARD, INPUT_GRADIENTS] but backbone 'vit.onnx' provides "
                + "[FORWARD]; missing [INPUT_GRADIENTS]", e.getMessage());
        MissingCapabilityException.check("a", Set.of(Capability.FORWARD), "b", Set.of(Capability.FORWARD, Capability.CUDA));
    }

    @Test
    void unknownComponentListsAllOrTheClosest() {
        assertEquals("Unknown backbone 'onx'; available: [onnx, torchscript]",
                new UnknownComponentException("backbone", "onx", List.of("torchscript", "onnx")).getMessage());
        assertEquals("Unknown learner 'x'; none available",
                new UnknownComponentException("learner", "x", List.of()).getMessage());
        assertEquals(List.of("topk", "batchtopk"),
                UnknownComponentException.closest("TopK", List.of("nmf", "batchtopk", "topk", "jumprelu"), 2));
        assertEquals(3, UnknownComponentException.editDistance("kitten", "sitting"));
        assertTrue(new UnknownComponentException("id", "a", List.of("b")).getMessage().contains("[b]"));
    }
}
