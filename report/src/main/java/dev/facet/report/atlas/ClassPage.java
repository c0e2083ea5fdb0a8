package dev.facet.report.atlas;

import java.util.Locale;

/**
 * Renders a class's page {@code class-<index>.html}: "Concepts that drive &lt;class&gt;", its concepts
 * ranked by importance, each with its tile (the concept's thumbnail) linking to the concept's view in
 * {@code index.html} and a bar whose length is its importance relative to the class's most important
 * concept (a negative importance draws a bar of another colour). Plain HTML and the atlas's stylesheet,
 * no script; every model string HTML-escaped.
 */
final class ClassPage {

    private ClassPage() {
    }

    /** The page of {@code c} in {@code atlas}. */
    static String render(Atlas atlas, AtlasClass c) {
        String heading = "Concepts that drive " + c.name();
        double largest = 0;
        for (AtlasClass.Importance entry : c.concepts()) {
            largest = Math.max(largest, Math.abs(entry.importance()));
        }
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(heading + " · " + atlas.overview().title())).append("</title>\n")
                .append("<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"atlas.css\">\n</head>\n<body>\n")
                .append("<header class=\"page-header\">\n<h1>").append(Html.escape(heading)).append("</h1>\n")
                .append("<p class=\"hint\"><a href=\"index.html\">← all concepts</a> · class ").append(c.index())
                .append(" · ").append(c.images()).append(c.images() == 1 ? " image" : " images").append(" · ranked by ")
                .append(Html.escape(c.score())).append(" importance, the mean over the class's images</p>\n</header>\n<main>\n");
        if (c.concepts().isEmpty()) {
            html.append("<p class=\"muted\">No concept changes this class's score on its images.</p>\n");
        }
        html.append("<ol class=\"class-concepts\">\n");
        for (AtlasClass.Importance entry : c.concepts()) {
            AtlasConcept concept = atlas.concepts().get(entry.concept());
            String label = "Concept " + entry.concept();
            double width = largest == 0 ? 0 : 100 * Math.abs(entry.importance()) / largest;
            html.append("<li class=\"class-concept\">\n<a class=\"tile class-tile\" href=\"index.html#concept-")
                    .append(entry.concept()).append("\">");
            if (concept.thumbnail() == null) {
                html.append("<span class=\"thumb placeholder\" role=\"img\" aria-label=\"").append(label)
                        .append(": no picture\">no picture</span>");
            } else {
                html.append("<img class=\"thumb\" src=\"").append(Html.escape(Html.pathUrl(concept.thumbnail())))
                        .append("\" alt=\"").append(label).append("\" loading=\"lazy\">");
            }
            html.append("<span class=\"tile-id\">#").append(entry.concept()).append("</span></a>\n")
                    .append("<div class=\"bar-track\"><div class=\"bar").append(entry.importance() < 0 ? " negative" : "")
                    .append("\" style=\"width: ").append(String.format(Locale.ROOT, "%.1f", width)).append("%\" role=\"img\"")
                    .append(" aria-label=\"").append(label).append(" importance ").append(number(entry.importance()))
                    .append("\"></div></div>\n<span class=\"bar-value\">").append(number(entry.importance()))
                    .append(String.format(Locale.ROOT, " · %.1f%%", 100 * entry.share())).append("</span>\n</li>\n");
        }
        return html.append("</ol>\n</main>\n</body>\n</html>\n").toString();
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4g", value) : AtlasPage.MISSING;
    }
}
