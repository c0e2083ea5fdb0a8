package dev.facet.extractors.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Graph surgery on a small graph with a token concatenated after the cut, as a CLS token would be. */
class ResumeSurgeryTest {
    private static final OnnxMl.ModelProto MODEL = OnnxMl.ModelProto.newBuilder().setIrVersion(8)
            .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(17))
            .setGraph(OnnxMl.GraphProto.newBuilder().setName("cls-after-cut")
                    .addInput(OnnxMl.ValueInfoProto.newBuilder().setName("pixels"))
                    .addInitializer(weight("w_embed"))
                    .addInitializer(weight("w_head"))
                    .addNode(node("Mul", List.of("pixels", "w_embed"), "patches"))
                    .addNode(node("Relu", List.of("patches"), "block"))
                    .addNode(node("Neg", List.of("pixels"), "cls"))
                    .addNode(node("Concat", List.of("cls", "block"), "tokens"))
                    .addNode(node("Mul", List.of("tokens", "w_head"), "logits"))
                    .addNode(node("Mul", List.of("block", "w_head"), "patch_logits"))
                    .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("logits"))
                    .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("patch_logits")))
            .build();

    private static OnnxMl.TensorProto weight(String name) {
        return OnnxMl.TensorProto.newBuilder().setName(name).setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .addFloatData(2f).build();
    }

    private static OnnxMl.NodeProto node(String op, List<String> inputs, String output) {
        return OnnxMl.NodeProto.newBuilder().setOpType(op).addAllInput(inputs).addOutput(output).build();
    }

    @Test
    void aTensorJoinedAfterTheCutIsNamedAndTheCutRefused() {
        ResumeSurgery.Plan plan = new ResumeSurgery(MODEL).plan("block", "logits");
        assertFalse(plan.feasible());
        assertFalse(plan.unrelated());
        assertEquals(List.of("cls"), plan.bypassing());
    }

    @Test
    void aFeasibleCutKeepsOnlyWhatFollowsTheHook() {
        ResumeSurgery surgery = new ResumeSurgery(MODEL);
        ResumeSurgery.Plan plan = surgery.plan("patches", "patch_logits");
        assertTrue(plan.feasible());
        TensorInfo block = new TensorInfo("patches", "Mul", "", new long[] {-1, 4}, "float");
        OnnxMl.GraphProto cut = surgery.model(plan, ResumeSurgery.declaration(block, 0)).getGraph();
        assertEquals(List.of("Relu", "Mul"), cut.getNodeList().stream().map(OnnxMl.NodeProto::getOpType).toList());
        assertEquals(List.of("patches"), cut.getInputList().stream().map(OnnxMl.ValueInfoProto::getName).toList());
        assertEquals("batch", cut.getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
        assertEquals(4, cut.getInput(0).getType().getTensorType().getShape().getDim(1).getDimValue());
        assertEquals(List.of("w_head"), cut.getInitializerList().stream().map(OnnxMl.TensorProto::getName).toList());
        assertEquals(List.of("patch_logits"), cut.getOutputList().stream().map(OnnxMl.ValueInfoProto::getName).toList());
        assertEquals(17, surgery.model(plan, ResumeSurgery.declaration(block, 0)).getOpsetImport(0).getVersion());
    }

    @Test
    void anOutputNotComputedFromTheHookIsUnrelated() {
        ResumeSurgery.Plan plan = new ResumeSurgery(MODEL).plan("patch_logits", "logits");
        assertTrue(plan.unrelated());
        assertFalse(plan.feasible());
    }
}
