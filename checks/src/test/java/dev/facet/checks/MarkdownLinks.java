package dev.facet.checks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks the links of a repository's Markdown files and the {@code docs/PAGE.md#anchor} citations
 * of its sources: every local target must exist inside the repository, and every {@code #anchor}
 * into a Markdown file must name one of its headings, slugged as GitHub slugs them. Web links
 * ({@code http}, {@code https}, {@code mailto}) are accepted without being fetched.
 */
final class MarkdownLinks {

    /** A path outside the repository that documentation must not point to (spelt so this file does not hold it). */
    static final String OUTSIDE_PATH = String.join("/", "..", "shared");

    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(?:(?!\\1).)+?\\1");
    private static final Pattern INLINE_LINK =
            Pattern.compile("!?\\[(?:[^\\[\\]]|\\[[^\\[\\]]*\\])*\\]\\(\\s*(<[^>]*>|[^()\\s]*)(?:\\s+(?:\"[^\"]*\"|'[^']*'))?\\s*\\)");
    private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*(<[^>]*>|\\S+)");
    private static final Pattern HTML_LINK =
            Pattern.compile("<(?:img|a|source)\\b[^>]*?\\b(?:src|href)\\s*=\\s*[\"']([^\"']*)[\"']", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}\\s+(.*?)(?:\\s+#+)?\\s*$");
    private static final Pattern HTML_ANCHOR =
            Pattern.compile("<a\\b[^>]*?\\b(?:name|id)\\s*=\\s*[\"']([^\"']+)[\"']", Pattern.CASE_INSENSITIVE);
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Set<String> WEB_SCHEMES = Set.of("http", "https", "mailto");
    private static final Pattern CITATION = Pattern.compile("(?<![\\w./-])docs/([A-Za-z0-9_.-]+\\.md)(#[A-Za-z0-9_-]+)?");
    private static final Set<String> SOURCE_EXTENSIONS = Set.of("java", "py", "xml", "sh", "properties", "js", "css", "html");
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", "node_modules");

    /**
     * One broken link or citation.
     *
     * @param file    the file holding it
     * @param line    its line, counted from 1
     * @param message what is wrong
     */
    record Problem(Path file, int line, String message) {
        /** {@code path/relative/to/root:line: message}. */
        String describe(Path root) {
            return root.relativize(file) + ":" + line + ": " + message;
        }
    }

    private final Path root;
    private final Map<Path, Set<String>> anchorCache = new HashMap<>();

    /** A checker of the repository at {@code root}. */
    MarkdownLinks(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The nearest directory at or above {@code start} holding {@code .ci/run}: the repository root. */
    static Path repositoryRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(".ci").resolve("run"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No directory at or above " + start + " holds .ci/run; expected to run inside the repository");
    }

    /** {@code README.md} and every {@code docs/*.md} of the repository, in name order. */
    List<Path> documentationFiles() {
        List<Path> files = new ArrayList<>();
        Path readme = root.resolve("README.md");
        if (Files.isRegularFile(readme)) {
            files.add(readme);
        }
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> list = Files.list(docs)) {
                list.filter(p -> p.getFileName().toString().endsWith(".md") && Files.isRegularFile(p)).sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + docs, e);
            }
        }
        return files;
    }

    /**
     * Text sources that may cite documentation pages: code, scripts, build files and {@code .ci/run},
     * outside build output and outside the {@code checks} module, whose fixtures are broken on purpose.
     */
    List<Path> sourceFiles() {
        List<Path> files = new ArrayList<>();
        Path ci = root.resolve(".ci").resolve("run");
        if (Files.isRegularFile(ci)) {
            files.add(ci);
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> !skipped(root.relativize(p)))
                    .filter(p -> SOURCE_EXTENSIONS.contains(extension(p)))
                    .sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot walk " + root, e);
        }
        return files;
    }

    private static boolean skipped(Path relative) {
        if (relative.getNameCount() > 1 && relative.getName(0).toString().equals("checks")) {
            return true;
        }
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            String name = relative.getName(i).toString();
            if (SKIPPED_DIRECTORIES.contains(name) || (name.startsWith(".") && !name.equals(".ci"))) {
                return true;
            }
        }
        return false;
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** Every broken link of the Markdown {@code files}, in file and line order. */
    List<Problem> checkMarkdown(List<Path> files) {
        List<Problem> problems = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = read(file);
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int number = i + 1;
                if (line.contains(OUTSIDE_PATH)) {
                    problems.add(new Problem(file, number, "mentions " + OUTSIDE_PATH + ", a path outside the repository"));
                }
                if (FENCE.matcher(line).find()) {
                    fenced = !fenced;
                    continue;
                }
                if (fenced) {
                    continue;
                }
                String text = CODE_SPAN.matcher(line).replaceAll("");
                for (String target : targets(text)) {
                    String problem = checkTarget(file, target);
                    if (problem != null) {
                        problems.add(new Problem(file, number, problem));
                    }
                }
            }
        }
        return problems;
    }

    /** Every {@code docs/PAGE.md#anchor} of {@code files} that names a missing page or heading. */
    List<Problem> checkCitations(List<Path> files) {
        List<Problem> problems = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = read(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.contains(OUTSIDE_PATH)) {
                    problems.add(new Problem(file, i + 1, "mentions " + OUTSIDE_PATH + ", a path outside the repository"));
                }
                Matcher m = CITATION.matcher(line);
                while (m.find()) {
                    Path page = root.resolve("docs").resolve(m.group(1));
                    String anchor = m.group(2) == null ? null : m.group(2).substring(1);
                    if (!Files.isRegularFile(page)) {
                        problems.add(new Problem(file, i + 1, "cites docs/" + m.group(1) + ", which does not exist"));
                    } else if (anchor != null && !anchors(page).contains(anchor)) {
                        problems.add(new Problem(file, i + 1, "cites docs/" + m.group(1) + "#" + anchor
                                + ", but that page has no such heading; its anchors: " + anchors(page)));
                    }
                }
            }
        }
        return problems;
    }

    private static List<String> targets(String line) {
        List<String> targets = new ArrayList<>();
        for (Pattern pattern : List.of(INLINE_LINK, REFERENCE_DEFINITION, HTML_LINK)) {
            Matcher m = pattern.matcher(line);
            while (m.find()) {
                String target = m.group(1).trim();
                if (target.startsWith("<") && target.endsWith(">")) {
                    target = target.substring(1, target.length() - 1).trim();
                }
                targets.add(target);
            }
        }
        return targets;
    }

    /** What is wrong with {@code target} as linked from {@code file}, or {@code null} when it resolves. */
    private String checkTarget(Path file, String target) {
        if (target.isEmpty()) {
            return "empty link target";
        }
        Matcher scheme = SCHEME.matcher(target);
        if (scheme.find()) {
            String name = scheme.group().substring(0, scheme.group().length() - 1).toLowerCase(Locale.ROOT);
            return WEB_SCHEMES.contains(name) ? null : "link " + target + " leaves the repository (scheme " + name + ")";
        }
        int hash = target.indexOf('#');
        String pathPart = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : URLDecoder.decode(target.substring(hash + 1), StandardCharsets.UTF_8);
        int query = pathPart.indexOf('?');
        if (query >= 0) {
            pathPart = pathPart.substring(0, query);
        }
        pathPart = URLDecoder.decode(pathPart.replace("+", "%2B"), StandardCharsets.UTF_8);
        Path resolved;
        if (pathPart.isEmpty()) {
            resolved = file;
        } else {
            if (pathPart.startsWith("/") || pathPart.startsWith("\\")) {
                return "link " + target + " is an absolute path; expected a path relative to " + root.relativize(file);
            }
            resolved = file.toAbsolutePath().getParent().resolve(pathPart).normalize();
            if (!resolved.startsWith(root)) {
                return "link " + target + " leaves the repository";
            }
            if (!Files.exists(resolved)) {
                return "link " + target + ": " + root.relativize(resolved) + " does not exist";
            }
        }
        if (anchor != null && !anchor.isEmpty() && resolved.getFileName().toString().endsWith(".md")
                && Files.isRegularFile(resolved)) {
            Set<String> anchors = anchors(resolved);
            if (!anchors.contains(anchor)) {
                return "link " + target + ": " + root.relativize(resolved) + " has no heading with anchor #" + anchor
                        + "; its anchors: " + anchors;
            }
        }
        return null;
    }

    /** The anchors of a Markdown file: its headings' GitHub slugs (with -1, -2 … for repeats) and HTML anchors. */
    Set<String> anchors(Path markdown) {
        return anchorCache.computeIfAbsent(markdown.toAbsolutePath().normalize(), path -> {
            Set<String> anchors = new LinkedHashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            boolean fenced = false;
            for (String line : read(path)) {
                if (FENCE.matcher(line).find()) {
                    fenced = !fenced;
                    continue;
                }
                if (fenced) {
                    continue;
                }
                Matcher heading = HEADING.matcher(line);
                if (heading.matches()) {
                    String slug = slug(heading.group(1));
                    int repeats = seen.merge(slug, 1, Integer::sum) - 1;
                    anchors.add(repeats == 0 ? slug : slug + "-" + repeats);
                }
                Matcher html = HTML_ANCHOR.matcher(line);
                while (html.find()) {
                    anchors.add(html.group(1));
                }
            }
            return anchors;
        });
    }

    /**
     * GitHub's anchor for a heading: the text as rendered (link and image syntax, code backticks and
     * HTML tags removed), lower-cased, every character that is not a letter, a mark, a number, a
     * space, {@code -} or {@code _} dropped, and each space turned into {@code -}.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                .replaceAll("<[^>]+>", "")
                .replace("`", "")
                .trim()
                .toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == ' ') {
                slug.append('-');
            } else if (c == '-' || c == '_' || kept(Character.getType(c))) {
                slug.appendCodePoint(c);
            }
        });
        return slug.toString();
    }

    private static boolean kept(int type) {
        return switch (type) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION -> true;
            default -> false;
        };
    }

    private static List<String> read(Path file) {
        try {
            return List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\r?\n", -1));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
