package dev.facet.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.json.StrictJson;
import dev.facet.pipeline.importance.ImportanceResult;
import dev.facet.report.atlas.AtlasClass;
import dev.facet.spi.CorruptArtifactException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the classes of an {@code importance.json} (docs/formats.md#concept-importance) for the atlas's class pages. */
final class ImportanceClasses {

    private ImportanceClasses() {
    }

    /**
     * @param concepts the dictionary's concepts, which every listed concept must be one of
     * @throws CorruptArtifactException when the file is not an importance document of this dictionary
     */
    static List<AtlasClass> read(Path file, int concepts) {
        JsonNode root = StrictJson.readArtifact(file, "expected the importance.json written by the importance stage");
        if (!ImportanceResult.FORMAT.equals(root.path("format").asText())) {
            throw new CorruptArtifactException(file, "has format '" + root.path("format").asText() + "'; expected '"
                    + ImportanceResult.FORMAT + "'");
        }
        String score = root.path("ranked_by").asText();
        List<AtlasClass> classes = new ArrayList<>();
        for (JsonNode c : root.path("classes")) {
            List<AtlasClass.Importance> entries = new ArrayList<>();
            for (JsonNode entry : c.path("concepts")) {
                int concept = entry.path("concept").asInt(-1);
                if (concept < 0 || concept >= concepts) {
                    throw new CorruptArtifactException(file, "lists concept " + entry.path("concept")
                            + " for class " + c.path("index") + "; the dictionary has concepts 0.." + (concepts - 1));
                }
                entries.add(new AtlasClass.Importance(concept, entry.path(score).asDouble(Double.NaN),
                        entry.path("share").asDouble(Double.NaN)));
            }
            classes.add(new AtlasClass(c.path("index").asInt(), c.path("name").asText(), c.path("images").asInt(), score,
                    entries));
        }
        return classes;
    }
}
