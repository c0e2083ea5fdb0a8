package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/learners.md} is generated from the learners' settings schemas: this test fails while
 * the file differs from what {@code facet plugins --markdown} prints, and rewrites it when run with
 * {@code -Dfacet.docs.write=true}.
 */
class LearnersPageTest {
    private static final Path PAGE = Path.of("..", "docs", "learners.md");

    @Test
    void docsLearnersPageIsUpToDate() throws IOException {
        CliRun run = CliRun.of("plugins", "--markdown");
        assertEquals(0, run.exitCode(), run.err());
        String generated = run.out();
        if (Boolean.getBoolean("facet.docs.write")) {
            Files.createDirectories(PAGE.getParent());
            Files.writeString(PAGE, generated, StandardCharsets.UTF_8);
        }
        assertTrue(Files.isRegularFile(PAGE), PAGE.toAbsolutePath() + " is missing; generate it with "
                + SettingsMarkdown.REGENERATE + " or by running this test with -Dfacet.docs.write=true");
        assertEquals(generated, Files.readString(PAGE, StandardCharsets.UTF_8), PAGE.toAbsolutePath()
                + " is out of date; regenerate it with " + SettingsMarkdown.REGENERATE
                + " or by running this test with -Dfacet.docs.write=true");
    }

    @Test
    void everyRegisteredLearnerHasASectionWithItsSettings() {
        String page = CliRun.of("plugins", "--markdown").out();
        assertTrue(page.startsWith("# Learners\n\n<!-- Generated from the settings each learner declares"), page);
        for (String id : new String[] {"archetypal", "batchtopk", "convex-nmf", "dictionary-learning", "ica",
                "jumprelu", "kmeans", "matryoshka", "mp", "nmf", "omp", "pca", "relu", "semi-nmf", "sparse-pca",
                "svd", "topk"}) {
            assertTrue(page.contains("\n## " + id + "\n"), id);
        }
        assertTrue(page.contains("| `sparsifier` | choice | fixed: topk |  | how the codes are made sparse |"), page);
        assertTrue(page.contains("| `bias_init` | choice | geometric_median | geometric_median \\| mean \\| zero |"),
                page);
        assertTrue(page.contains("| `concepts` | int | required | [1, 65536] | number of atoms c |"), page);
    }
}
