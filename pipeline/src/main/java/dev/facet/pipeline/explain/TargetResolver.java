package dev.facet.pipeline.explain;

import dev.facet.pipeline.scan.ConceptObjective;
import dev.facet.spi.ConfigException;
import dev.facet.spi.attribution.ChannelObjective;
import dev.facet.spi.attribution.ClassObjective;
import dev.facet.spi.backbone.BackboneInfo;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.dictionary.Dictionary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks an {@link ExplainTarget} against a backbone, before any forward pass: a class must be one of
 * the logits (by index, or by a name of the descriptor's {@code class_names}, case-insensitively), a
 * concept one of the dictionary's at a hook point of matching width, a channel one of its hook point's.
 *
 * @param backbone   the opened backbone's description
 * @param classNames the model's class names in logit order, empty when the descriptor gives none
 * @param dictionary the dictionary of concept targets, or {@code null}
 * @param conceptHook the hook point the dictionary reads, or {@code null}
 */
public record TargetResolver(BackboneInfo backbone, List<String> classNames, Dictionary dictionary, String conceptHook) {

    /** The hook point class targets read. */
    public static final String LOGITS = "logits";

    public TargetResolver {
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
    }

    /**
     * @throws ConfigException naming the target and what it may be
     */
    public ResolvedTarget resolve(ExplainTarget target) {
        if (target instanceof ExplainTarget.ClassTarget c) {
            return resolveClass(c);
        }
        if (target instanceof ExplainTarget.ConceptTarget c) {
            return resolveConcept(c);
        }
        ExplainTarget.ChannelTarget channel = (ExplainTarget.ChannelTarget) target;
        HookPoint hook = backbone.hookPoint(channel.hookPoint());
        int channels = hook.layout().channels();
        if (channel.channel() >= channels) {
            throw ConfigException.outOfRange("explain target channel of hook point '" + hook.name() + "'",
                    channel.channel(), "[0, " + (channels - 1) + "]");
        }
        ChannelObjective objective = new ChannelObjective(hook.name(), channel.channel());
        return new ResolvedTarget(channel.toMap(), geometry -> objective);
    }

    private ResolvedTarget resolveClass(ExplainTarget.ClassTarget target) {
        if (backbone.hookPoints().stream().noneMatch(h -> h.name().equals(LOGITS))) {
            throw new ConfigException("explain target class: model '" + backbone.model()
                    + "' has no 'logits' hook point (its descriptor gives no classifier); explain a channel instead");
        }
        int classes = backbone.hookPoint(LOGITS).layout().channels();
        int index = classIndex(target.label(), classes);
        ClassObjective objective = new ClassObjective(LOGITS, index, target.probability());
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("class", index);
        if (!classNames.isEmpty()) {
            description.put("class_name", classNames.get(index));
        }
        description.put("score", target.probability() ? "probability" : "logit");
        return new ResolvedTarget(description, geometry -> objective);
    }

    private int classIndex(String label, int classes) {
        String text = label.trim();
        if (text.matches("\\d+")) {
            int index;
            try {
                index = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                index = Integer.MAX_VALUE;
            }
            if (index >= classes) {
                throw new ConfigException("explain target class " + text + " is out of range: model '" + backbone.model()
                        + "' has " + classes + " classes" + listing());
            }
            return index;
        }
        return nameIndex(text, classNames, backbone.model(), "[0, " + (classes - 1) + "]");
    }

    /**
     * Checks a class target's name against a model's class names without opening the model, so that a
     * pipeline refuses a typo before its first stage; an index is checked once the model is open.
     */
    public static void requireKnownClass(ExplainTarget.ClassTarget target, List<String> classNames, String model) {
        String text = target.label().trim();
        if (!text.matches("\\d+")) {
            nameIndex(text, classNames, model, "the range of its logits");
        }
    }

    private static int nameIndex(String text, List<String> classNames, String model, String indices) {
        for (int i = 0; i < classNames.size(); i++) {
            if (classNames.get(i).toLowerCase(Locale.ROOT).equals(text.toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        throw new ConfigException("explain target class '" + text + "' is not a class of model '" + model + "'"
                + (classNames.isEmpty() ? "; its descriptor names no classes, give an index in " + indices
                : listing(classNames)));
    }

    private String listing() {
        return listing(classNames);
    }

    private static String listing(List<String> classNames) {
        if (classNames.isEmpty()) {
            return "";
        }
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < classNames.size(); i++) {
            entries.add(i + " " + classNames.get(i));
        }
        return "; classes: " + String.join(", ", entries);
    }

    private ResolvedTarget resolveConcept(ExplainTarget.ConceptTarget target) {
        if (dictionary == null || conceptHook == null) {
            throw new ConfigException("explain target concept " + target.concept() + " needs a dictionary");
        }
        HookPoint hook = backbone.hookPoint(conceptHook);
        // checks the concept's range and the widths now, before any image is run
        ConceptObjective.of(hook, dictionary, target.concept(), target.score());
        Map<String, Object> description = new LinkedHashMap<>(target.toMap());
        description.put("hook_point", hook.name());
        return new ResolvedTarget(description,
                geometry -> ConceptObjective.of(hook, dictionary, target.concept(), target.score(), geometry));
    }
}
