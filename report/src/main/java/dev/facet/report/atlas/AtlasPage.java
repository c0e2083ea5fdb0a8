package dev.facet.report.atlas;

import dev.facet.spi.FacetException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders {@code index.html}: the {@code index.html} template beside this class with the title
 * and the overview filled in, every model string HTML-escaped. The concept grid and the concept
 * view are built in the browser by {@code atlas.js} from {@code concepts.js}.
 */
final class AtlasPage {

    /** Shown for a metric that was not measured. */
    static final String MISSING = "—";

    private static final Pattern SLOT = Pattern.compile("\\{\\{(\\w+)}}");

    private AtlasPage() {
    }

    /** The page for {@code atlas}. */
    static String render(Atlas atlas) {
        AtlasOverview o = atlas.overview();
        Map<String, String> slots = Map.of(
                "title", Html.escape(o.title()),
                "overview", overview(o) + classLinks(atlas.classes()),
                "conceptCount", String.format(Locale.ROOT, "%,d", atlas.concepts().size()));
        return fill(AtlasResources.text("index.html"), slots);
    }

    /**
     * Replaces every {@code {{name}}} of {@code template} in one pass, so a value that itself
     * contains {@code {{…}}} is never expanded again.
     */
    static String fill(String template, Map<String, String> slots) {
        Matcher m = SLOT.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 4096);
        while (m.find()) {
            String value = slots.get(m.group(1));
            if (value == null) {
                throw new FacetException("Atlas template slot '{{" + m.group(1) + "}}' has no value; known slots: "
                        + new java.util.TreeSet<>(slots.keySet()));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String overview(AtlasOverview o) {
        StringBuilder html = new StringBuilder(2048);
        html.append("<dl class=\"metrics\">\n");
        metric(html, "model", o.model());
        metric(html, "layer", o.layer());
        metric(html, "tokens", o.tokens());
        metric(html, "learner", o.learner());
        metric(html, "concepts", String.format(Locale.ROOT, "%,d", o.concepts()));
        metric(html, "dimension", String.format(Locale.ROOT, "%,d", o.dimension()));
        metric(html, "images", String.format(Locale.ROOT, "%,d", o.images()));
        AtlasOverview.HeldOut heldOut = o.heldOut();
        String training = heldOut == null ? "" : " (training)";
        metric(html, "R²" + training, number(o.r2(), "%.4f", 1));
        if (heldOut != null) {
            metric(html, "R² (held-out)", number(heldOut.r2(), "%.4f", 1));
        }
        metric(html, "L0" + training, number(o.l0(), "%.2f", 1));
        if (heldOut != null) {
            metric(html, "L0 (held-out)", number(heldOut.l0(), "%.2f", 1));
        }
        metric(html, "dead" + training, number(o.deadFraction(), "%.1f%%", 100));
        if (heldOut != null) {
            metric(html, "dead (held-out)", number(heldOut.deadFraction(), "%.1f%%", 100));
            metric(html, "held-out rows", String.format(Locale.ROOT, "%,d", heldOut.rows()));
        }
        html.append("</dl>\n");
        if (!o.details().isEmpty()) {
            html.append("<table class=\"details\">\n<caption>Details</caption>\n<tbody>\n");
            for (Map.Entry<String, String> e : o.details().entrySet()) {
                html.append("<tr><th scope=\"row\">").append(Html.escape(e.getKey())).append("</th><td>")
                        .append(Html.escape(e.getValue() == null ? MISSING : e.getValue())).append("</td></tr>\n");
            }
            html.append("</tbody>\n</table>\n");
        }
        html.append("<div class=\"charts\">\n");
        chart(html, o.trainingCurves(), "Training curves");
        chart(html, o.densityHistogram(), "Firing density (log₁₀)");
        html.append("</div>\n");
        return html.toString();
    }

    /** Links to the class pages, when there are any. */
    private static String classLinks(List<AtlasClass> classes) {
        if (classes.isEmpty()) {
            return "";
        }
        StringBuilder html = new StringBuilder("<nav class=\"class-links\" aria-label=\"Classes\">\n"
                + "<h3>Concepts that drive each class</h3>\n<ul>\n");
        for (AtlasClass c : classes) {
            html.append("<li><a href=\"").append(Html.escape(Html.pathUrl(c.page()))).append("\">")
                    .append(Html.escape(c.name())).append("</a></li>\n");
        }
        return html.append("</ul>\n</nav>\n").toString();
    }

    private static void metric(StringBuilder html, String name, String value) {
        html.append("<div><dt>").append(Html.escape(name)).append("</dt><dd>")
                .append(Html.escape(value == null || value.isBlank() ? MISSING : value)).append("</dd></div>\n");
    }

    /** {@code value × scale} formatted, or {@link #MISSING} when absent or not finite. */
    static String number(Double value, String format, double scale) {
        return value == null || !Double.isFinite(value) ? MISSING : String.format(Locale.ROOT, format, value * scale);
    }

    private static void chart(StringBuilder html, String path, String caption) {
        html.append("<figure class=\"chart\">");
        if (path == null) {
            html.append("<div class=\"placeholder\" role=\"img\" aria-label=\"")
                    .append(Html.escape(caption)).append(": no picture\">no picture</div>");
        } else {
            html.append("<img src=\"").append(Html.escape(Html.pathUrl(path))).append("\" alt=\"")
                    .append(Html.escape(caption)).append("\">");
        }
        html.append("<figcaption>").append(Html.escape(caption)).append("</figcaption></figure>\n");
    }
}
