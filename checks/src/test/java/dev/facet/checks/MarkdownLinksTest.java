package dev.facet.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The link checker itself, on small repositories made in a temporary directory. */
class MarkdownLinksTest {

    @TempDir
    Path tmp;
    private Path root;

    @BeforeEach
    void repository() throws IOException {
        root = tmp.resolve("repo");
        Files.createDirectories(root.resolve(".ci"));
        Files.writeString(root.resolve(".ci/run"), "#!/bin/sh\n");
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/guide.md"), String.join("\n",
                "# Guide", "", "## Reconstruction metrics", "", "```text", "## Not a heading", "```", "",
                "## Setup", "## Setup", "<a name=\"custom-anchor\"></a>", ""));
        Files.createDirectories(root.resolve("samples"));
        Files.writeString(root.resolve("samples/picture.png"), "png");
    }

    private List<MarkdownLinks.Problem> checkReadme(String... lines) throws IOException {
        Files.writeString(root.resolve("README.md"), String.join("\n", lines) + "\n");
        MarkdownLinks links = new MarkdownLinks(root);
        return links.checkMarkdown(links.documentationFiles());
    }

    @Test
    void acceptsLinksThatResolve() throws IOException {
        List<MarkdownLinks.Problem> problems = checkReadme(
                "# Title",
                "See [the guide](docs/guide.md), [metrics](docs/guide.md#reconstruction-metrics),",
                "[the second setup](docs/guide.md#setup-1), [custom](docs/guide.md#custom-anchor),",
                "[this page](#title), [the web](https://example.org/x.md#nothing) and ![a picture](samples/picture.png).",
                "<img src=\"samples/picture.png\" width=\"10\">",
                "[ref]: docs/guide.md#setup",
                "`[code](missing.md)` is code, not a link.",
                "```",
                "[fenced](missing.md)",
                "```");
        assertEquals(List.of(), problems);
    }

    @Test
    void reportsAMissingTargetWithFileAndLine() throws IOException {
        List<MarkdownLinks.Problem> problems = checkReadme("# Title", "", "Read [this](docs/missing.md).");
        assertEquals(1, problems.size(), problems.toString());
        MarkdownLinks.Problem problem = problems.get(0);
        assertEquals("README.md:3: link docs/missing.md: docs/missing.md does not exist", problem.describe(root));
    }

    @Test
    void reportsAnAnchorThatNoHeadingHas() throws IOException {
        List<MarkdownLinks.Problem> problems = checkReadme("[bad](docs/guide.md#not-a-heading)", "[self](#nowhere)");
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).describe(root).startsWith("README.md:1: link docs/guide.md#not-a-heading:"),
                problems.get(0).describe(root));
        assertTrue(problems.get(0).message().contains("reconstruction-metrics"), "lists the anchors: " + problems.get(0));
        assertEquals(2, problems.get(1).line());
    }

    @Test
    void reportsPathsThatLeaveTheRepository() throws IOException {
        Files.writeString(tmp.resolve("outside.md"), "# Outside\n");
        List<MarkdownLinks.Problem> problems = checkReadme(
                "[up](../outside.md)", "[deep](docs/../../outside.md#outside)", "[absolute](/etc/hosts)",
                "[file](file:///etc/hosts)", "Design notes live in " + MarkdownLinks.OUTSIDE_PATH + "/notes.");
        assertEquals(5, problems.size(), problems.toString());
        assertTrue(problems.get(0).message().contains("leaves the repository"), problems.get(0).message());
        assertTrue(problems.get(1).message().contains("leaves the repository"), problems.get(1).message());
        assertTrue(problems.get(2).message().contains("absolute path"), problems.get(2).message());
        assertTrue(problems.get(3).message().contains("scheme file"), problems.get(3).message());
        assertEquals(5, problems.get(4).line());
        assertTrue(problems.get(4).message().contains("outside the repository"), problems.get(4).message());
    }

    @Test
    void checksCitationsInSources() throws IOException {
        Path source = root.resolve("src/Example.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, String.join("\n",
                "/** See docs/guide.md#setup and docs/guide.md. */",
                "/** See docs/guide.md#gone. */",
                "/** See docs/absent.md#setup. */", ""));
        Path fixture = root.resolve("checks/src/Fixture.java");
        Files.createDirectories(fixture.getParent());
        Files.writeString(fixture, "/** docs/absent.md */\n");
        MarkdownLinks links = new MarkdownLinks(root);
        List<Path> sources = links.sourceFiles();
        assertEquals(List.of(root.resolve(".ci/run"), source), sources);
        List<MarkdownLinks.Problem> problems = links.checkCitations(sources);
        assertEquals(2, problems.size(), problems.toString());
        assertEquals("src/Example.java:2", problems.get(0).describe(root).substring(0, 18));
        assertTrue(problems.get(0).message().contains("no such heading"), problems.get(0).message());
        assertTrue(problems.get(1).message().contains("does not exist"), problems.get(1).message());
    }

    @Test
    void slugsHeadingsAsGitHubDoes() {
        assertEquals("reconstruction-metrics", MarkdownLinks.slug("Reconstruction metrics"));
        assertEquals("facet-run-options", MarkdownLinks.slug("`facet run` options"));
        assertEquals("pca-and-truncated-svd", MarkdownLinks.slug("PCA and truncated SVD"));
        assertEquals("k-means", MarkdownLinks.slug("k-means"));
        assertEquals("a--b", MarkdownLinks.slug("A & B"));
        assertEquals("r²-and-fvu", MarkdownLinks.slug("R² and FVU"));
        assertEquals("the-guide", MarkdownLinks.slug("The [guide](docs/guide.md)"));
        assertEquals("snake_case-v20", MarkdownLinks.slug("snake_case v2.0"));
        assertEquals(Set.of("guide", "reconstruction-metrics", "setup", "setup-1", "custom-anchor"),
                new MarkdownLinks(root).anchors(root.resolve("docs/guide.md")));
    }

    @Test
    void findsTheRepositoryRootFromInside() throws IOException {
        Path nested = Files.createDirectories(root.resolve("a/b/c"));
        assertEquals(root.toAbsolutePath().normalize(), MarkdownLinks.repositoryRoot(nested));
        assertThrows(IllegalStateException.class, () -> MarkdownLinks.repositoryRoot(tmp));
    }
}
