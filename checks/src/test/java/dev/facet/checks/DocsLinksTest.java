package dev.facet.checks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The repository's documentation holds together: every link of {@code README.md} and
 * {@code docs/*.md} resolves inside the repository, and every {@code docs/PAGE.md#anchor} that code,
 * scripts and build files cite names an existing heading.
 */
class DocsLinksTest {

    private final Path root = MarkdownLinks.repositoryRoot(Path.of(""));
    private final MarkdownLinks links = new MarkdownLinks(root);

    @Test
    void everyDocumentationLinkResolvesInsideTheRepository() {
        List<Path> files = links.documentationFiles();
        assertTrue(files.contains(root.resolve("README.md")), "README.md is checked: " + files);
        assertTrue(files.stream().anyMatch(f -> f.getParent().equals(root.resolve("docs"))), "docs/*.md are checked: " + files);
        List<MarkdownLinks.Problem> problems = links.checkMarkdown(files);
        assertTrue(problems.isEmpty(), report(problems));
    }

    @Test
    void everyCitedDocumentationAnchorExists() {
        List<Path> sources = links.sourceFiles();
        assertTrue(sources.stream().anyMatch(f -> f.toString().endsWith(".java")), "sources are scanned: " + sources.size());
        List<MarkdownLinks.Problem> problems = links.checkCitations(sources);
        assertTrue(problems.isEmpty(), report(problems));
    }

    private String report(List<MarkdownLinks.Problem> problems) {
        return problems.size() + " broken link(s):\n" + problems.stream().map(p -> p.describe(root))
                .collect(Collectors.joining("\n"));
    }
}
