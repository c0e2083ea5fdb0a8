package dev.facet.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON every benchmark prints: its name, the machine it ran on, its parameters and its
 * results. Speed targets are checked against these numbers, never inside unit tests.
 */
public final class BenchmarkReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, Object> root = new LinkedHashMap<>();
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final Map<String, Object> results = new LinkedHashMap<>();

    public BenchmarkReport(String benchmark) {
        root.put("benchmark", benchmark);
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        machine.put("java", System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        root.put("machine", machine);
        root.put("parameters", parameters);
        root.put("results", results);
    }

    public BenchmarkReport parameter(String name, Object value) {
        parameters.put(name, value);
        return this;
    }

    public BenchmarkReport result(String name, Object value) {
        results.put(name, value);
        return this;
    }

    /** Adds median, min and mean seconds of {@code timings} under {@code name}. */
    public BenchmarkReport timings(String name, Timings timings) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("medianSeconds", timings.median());
        t.put("minSeconds", timings.min());
        t.put("meanSeconds", timings.mean());
        t.put("runs", timings.seconds().length);
        results.put(name, t);
        return this;
    }

    public Map<String, Object> results() {
        return results;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
