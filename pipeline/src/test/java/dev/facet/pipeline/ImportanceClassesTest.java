package dev.facet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.pipeline.importance.ClassResult;
import dev.facet.pipeline.importance.ImageImportance;
import dev.facet.pipeline.importance.ImportanceRequest;
import dev.facet.pipeline.importance.ImportanceResult;
import dev.facet.pipeline.importance.ImportanceScore;
import dev.facet.report.atlas.AtlasClass;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.config.ConfigValues;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The atlas's class pages read back what the importance stage wrote. */
class ImportanceClassesTest {

    @Test
    void classesComeBackRankedWithTheirImportanceAndShare(@TempDir Path dir) {
        ImageImportance first = new ImageImportance(0, 1, 2.5, Map.of(ImportanceScore.SOBOL, new double[] {0.1, 0, 0.7},
                ImportanceScore.ABLATION, new double[] {0.2, 0, 1.5}), new float[] {1, 2, 3, 4}, 2, 2);
        ImageImportance second = new ImageImportance(1, 1, 2.0, Map.of(ImportanceScore.SOBOL, new double[] {0.3, 0, 0.5},
                ImportanceScore.ABLATION, new double[] {0.4, 0, 1.0}), new float[] {0, 0, 1, 1}, 2, 2);
        ImportanceResult result = new ImportanceResult("layer.3", ImportanceResult.BY_LABEL,
                EnumSet.of(ImportanceScore.SOBOL, ImportanceScore.ABLATION),
                ImportanceRequest.of(ConfigValues.of("test", Map.of("scores", "sobol,ablation"))),
                List.of(new ClassResult(1, "Trouser", List.of("a", "b"), List.of(first, second))));
        Path file = dir.resolve("importance.json");
        result.write(file);

        List<AtlasClass> classes = ImportanceClasses.read(file, 3);
        assertEquals(1, classes.size());
        AtlasClass trouser = classes.get(0);
        assertEquals("Trouser", trouser.name());
        assertEquals("sobol", trouser.score());
        assertEquals(2, trouser.images());
        assertEquals(List.of(2, 0), trouser.concepts().stream().map(AtlasClass.Importance::concept).toList(),
                "ranked by mean Sobol index, concept 1 (never active) left out");
        assertEquals(0.6, trouser.concepts().get(0).importance(), 1e-12);
        assertEquals(0.6 / (0.6 + 0.2), trouser.concepts().get(0).share(), 1e-12);
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> ImportanceClasses.read(file, 2));
        assertTrue(e.getMessage().contains("concept 2"), e.getMessage());
    }
}
