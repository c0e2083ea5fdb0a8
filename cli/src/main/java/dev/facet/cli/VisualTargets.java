package dev.facet.cli;

import dev.facet.pipeline.explain.ExplainTarget;
import dev.facet.pipeline.explain.ResolvedTarget;
import dev.facet.pipeline.explain.TargetResolver;
import dev.facet.pipeline.scan.ConceptObjective;
import dev.facet.pipeline.scan.ImageScore;
import dev.facet.spi.ConfigException;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.HookPoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The targets of {@code facet visualize}, resolved against the opened backbone exactly as {@code facet explain}
 * resolves its own ({@link TargetResolver}): a class logit or probability, concepts of a dictionary (each the
 * mean of its code over the grid tokens, ascended through the gradient passed straight through the sparsifier,
 * {@link ConceptObjective#straightThrough()}), a channel, or a direction read from a file
 * ({@link dev.facet.spi.attribution.DirectionObjective}). Each gets the folder its pictures go to.
 */
final class VisualTargets {

    /**
     * One thing to visualize.
     *
     * @param folder      the folder of its pictures inside the output directory, e.g. {@code concept-00012}
     * @param description what {@code visualize.json} records about it
     * @param objective   what the visualization maximises
     */
    record Target(String folder, Map<String, Object> description, Objective objective) {
    }

    private VisualTargets() {
    }

    /**
     * The concepts a {@code --concept} list names: comma-separated indices, or {@code all}; checked against
     * the dictionary's size once it is open.
     *
     * @throws ConfigException for an entry that is not a non-negative integer
     */
    static List<Integer> concepts(String list, int concepts) {
        if (list.trim().equalsIgnoreCase("all")) {
            List<Integer> all = new ArrayList<>();
            for (int c = 0; c < concepts; c++) {
                all.add(c);
            }
            return all;
        }
        Set<Integer> chosen = new LinkedHashSet<>();
        for (String entry : list.split(",", -1)) {
            String text = entry.trim();
            if (!text.matches("\\d{1,9}")) {
                throw new ConfigException("facet visualize --concept: expected comma-separated concept indices or all, "
                        + "found '" + entry + "' in '" + list + "'");
            }
            chosen.add(Integer.parseInt(text));
        }
        return List.copyOf(chosen);
    }

    /** The class target: its logit (or probability), folder {@code class-INDEX-NAME}. */
    static Target ofClass(TargetResolver resolver, String label, boolean probability) {
        ResolvedTarget resolved = resolver.resolve(new ExplainTarget.ClassTarget(label, probability));
        Object name = resolved.description().get("class_name");
        return target("class-" + resolved.description().get("class") + (name == null ? "" : "-" + name), resolved);
    }

    /** One target per concept, the mean of its code over the grid tokens, folder {@code concept-00012}. */
    static List<Target> ofConcepts(TargetResolver resolver, List<Integer> concepts) {
        List<Target> targets = new ArrayList<>();
        for (int concept : concepts) {
            ResolvedTarget resolved = resolver.resolve(new ExplainTarget.ConceptTarget(concept, ImageScore.MEAN));
            ConceptObjective straight = ((ConceptObjective) resolved.objective(null)).straightThrough();
            targets.add(new Target(safe(String.format(Locale.ROOT, "concept-%05d", concept)), resolved.description(),
                    straight));
        }
        return targets;
    }

    /** The mean of channel {@code HOOK:C}, folder {@code channel-HOOK-C}. */
    static Target ofChannel(TargetResolver resolver, String channel) {
        ExplainTarget.ChannelTarget parsed = ExplainTarget.ChannelTarget.parse("facet visualize --channel", channel);
        ResolvedTarget resolved = resolver.resolve(parsed);
        return target("channel-" + resolved.objective(null).hookPoint() + "-" + parsed.channel(), resolved);
    }

    /** The direction of {@code file} at {@code hook}, folder {@code direction}. */
    static Target ofDirection(HookPoint hook, Path file) {
        float[] direction = DirectionFile.read(file, hook.layout().channels(), "facet visualize --direction");
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("direction", file.toAbsolutePath().normalize().toString());
        description.put("hook_point", hook.name());
        return new Target("direction", description, Objective.direction(hook.name(), direction));
    }

    private static Target target(String folder, ResolvedTarget resolved) {
        return new Target(safe(folder), resolved.description(), resolved.objective(null));
    }

    /** {@code name} with every character but letters, digits, '.', '_' and '-' replaced by '_'. */
    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
