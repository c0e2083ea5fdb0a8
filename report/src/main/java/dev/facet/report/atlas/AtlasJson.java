package dev.facet.report.atlas;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.facet.spi.FacetException;
import java.io.IOException;
import java.util.List;

/**
 * The atlas as JSON: {@code concepts.json} for machines and {@code concepts.js}, the same data
 * assigned to {@code window.FACET_ATLAS}, for the page (browsers refuse {@code fetch()} of
 * {@code file://} URLs, a script tag is allowed).
 *
 * <p>The document is {@code {"format":"facet-atlas","version":1,"overview":{…},"concepts":[…],"classes":[…]}}
 * with the fields of {@link AtlasOverview}, {@link AtlasConcept} and {@link AtlasClass} under their record
 * component names. Non-finite numbers (NaN, ±∞) are written as {@code null}, which JSON can represent.
 */
final class AtlasJson {

    /** Value of the document's {@code format} field. */
    static final String FORMAT = "facet-atlas";
    /** Version of the document layout. */
    static final int VERSION = 1;
    /** Global variable {@code concepts.js} assigns. */
    static final String GLOBAL = "window.FACET_ATLAS";

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new SimpleModule("facet-atlas")
            .addSerializer(Double.class, new FiniteDoubleSerializer())
            .addSerializer(Double.TYPE, new FiniteDoubleSerializer()));

    /** The JSON document: what {@code concepts.json} holds. */
    record Document(String format, int version, AtlasOverview overview, List<AtlasConcept> concepts,
                    List<AtlasClass> classes) {
    }

    private AtlasJson() {
    }

    /** The atlas as a compact JSON document. */
    static String json(Atlas atlas) {
        try {
            return MAPPER.writeValueAsString(new Document(FORMAT, VERSION, atlas.overview(), atlas.concepts(),
                    atlas.classes()));
        } catch (JsonProcessingException e) {
            throw new FacetException("Cannot serialise the atlas '" + atlas.overview().title() + "' to JSON: " + e, e);
        }
    }

    /**
     * {@code json} as a script assigning {@link #GLOBAL}. Every {@code <} (which only occurs inside
     * strings) and the line separators U+2028/U+2029 are written as {@code \\uXXXX} escapes, so no
     * string from the model can end a script element or break older parsers.
     */
    static String script(String json) {
        StringBuilder out = new StringBuilder(json.length() + 64);
        out.append(GLOBAL).append(" = ");
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> out.append("\\u003c");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> out.append(c);
            }
        }
        return out.append(";\n").toString();
    }

    /** Writes NaN and infinities as {@code null}. */
    private static final class FiniteDoubleSerializer extends JsonSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            if (value == null || !Double.isFinite(value)) {
                gen.writeNull();
            } else {
                gen.writeNumber(value);
            }
        }
    }
}
