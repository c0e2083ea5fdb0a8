package dev.facet.extractors.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.facet.extractors.OrtSessions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cut models of one ONNX backbone ({@link ResumeSurgery}) and their ONNX Runtime sessions: each
 * (cut tensor, output tensor) pair is planned once and gets one session, built the first time it runs
 * and closed with the backbone. Safe for concurrent use; sessions themselves run concurrently.
 */
final class ResumeSessions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResumeSessions.class);

    private final OnnxGraph graph;
    private final OrtSession.SessionOptions options;
    private final Map<List<String>, ResumeSurgery.Plan> plans = new HashMap<>();
    private final Map<List<String>, OrtSession> sessions = new HashMap<>();
    private ResumeSurgery surgery;
    private boolean closed;

    ResumeSessions(OnnxGraph graph, OrtSession.SessionOptions options) {
        this.graph = graph;
        this.options = options;
    }

    /** The cut at tensor {@code from} for output tensor {@code to}. */
    synchronized ResumeSurgery.Plan plan(String from, String to) {
        if (surgery == null) {
            surgery = graph.surgery();
        }
        return plans.computeIfAbsent(List.of(from, to), key -> surgery.plan(from, to));
    }

    /**
     * The session of a feasible plan, whose only input is the cut tensor declared by {@code tensor}.
     *
     * @param fixedBatch the batch size the pixel input fixes, or 0 when it is symbolic
     */
    synchronized OrtSession session(ResumeSurgery.Plan plan, TensorInfo tensor, int fixedBatch) {
        if (closed) {
            throw new IllegalStateException("the backbone of " + graph.source() + " is closed");
        }
        List<String> key = List.of(plan.from(), plan.to());
        OrtSession session = sessions.get(key);
        if (session == null) {
            byte[] model = surgery.model(plan, ResumeSurgery.declaration(tensor, fixedBatch)).toByteArray();
            session = OrtSessions.open(model, graph.source(), options);
            sessions.put(key, session);
            LOG.debug("ONNX session for {} resumes from {} to {} ({} nodes)", graph.source(), plan.from(), plan.to(),
                    plan.kept().size());
        }
        return session;
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (OrtSession session : sessions.values()) {
            try {
                session.close();
            } catch (OrtException e) {
                LOG.warn("Closing an ONNX Runtime session failed: {}", e.getMessage());
            }
        }
        sessions.clear();
    }
}
