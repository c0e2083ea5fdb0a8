package dev.facet.pipeline.explain;

import dev.facet.pipeline.scan.ImageScore;
import dev.facet.spi.ConfigException;
import dev.facet.spi.config.ConfigValues;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What an explanation attributes (docs/usage.md#explaining-predictions): a class of the model's logits
 * ({@link dev.facet.spi.attribution.ClassObjective}), a concept of a dictionary
 * ({@link dev.facet.pipeline.scan.ConceptObjective}) or a channel of a hook point
 * ({@link dev.facet.spi.attribution.ChannelObjective}). {@link TargetResolver} checks it against a
 * backbone and turns it into an objective per image.
 */
public sealed interface ExplainTarget {

    /** Keys of a {@code target} section. */
    Set<String> KEYS = Set.of("class", "probability", "concept", "score", "channel");

    /** The target as written in a config or in {@code scores.json}. */
    Map<String, Object> toMap();

    /**
     * A class: its name (from the model descriptor's {@code class_names}) or its index.
     *
     * @param label       a class name or a logit index
     * @param probability explain the softmax probability rather than the logit
     */
    record ClassTarget(String label, boolean probability) implements ExplainTarget {
        public ClassTarget {
            if (label == null || label.isBlank()) {
                throw new ConfigException("explain target class: expected a class name or index, found '" + label + "'");
            }
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("class", label);
            map.put("probability", probability);
            return map;
        }
    }

    /**
     * A concept of the dictionary: the mean or max of its code over the grid tokens.
     *
     * @param concept the concept's index
     * @param score   how the concept map becomes one number
     */
    record ConceptTarget(int concept, ImageScore score) implements ExplainTarget {
        public ConceptTarget {
            if (concept < 0) {
                throw ConfigException.outOfRange("explain target concept", concept, ">= 0");
            }
            if (score == null) {
                throw new ConfigException("explain target score: expected mean or max");
            }
        }

        @Override
        public Map<String, Object> toMap() {
            return Map.of("concept", concept, "score", score.name().toLowerCase(Locale.ROOT));
        }
    }

    /**
     * The mean of one channel of a hook point.
     *
     * @param hookPoint the hook point
     * @param channel   the channel
     */
    record ChannelTarget(String hookPoint, int channel) implements ExplainTarget {
        public ChannelTarget {
            if (hookPoint == null || hookPoint.isBlank()) {
                throw new ConfigException("explain target channel: expected HOOK:CHANNEL, the hook point is missing");
            }
            if (channel < 0) {
                throw ConfigException.outOfRange("explain target channel", channel, ">= 0");
            }
        }

        /** Parses {@code HOOK:C}, e.g. {@code layer.3:17}. */
        public static ChannelTarget parse(String field, String text) {
            int colon = text == null ? -1 : text.lastIndexOf(':');
            if (colon < 1 || colon == text.length() - 1) {
                throw new ConfigException(field + ": expected HOOK:CHANNEL (e.g. layer.3:17), found '" + text + "'");
            }
            try {
                return new ChannelTarget(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1).trim()));
            } catch (NumberFormatException e) {
                throw new ConfigException(field + ": the channel of '" + text + "' is not an integer", e);
            }
        }

        @Override
        public Map<String, Object> toMap() {
            return Map.of("channel", hookPoint + ":" + channel);
        }
    }

    /**
     * Reads a {@code target} section: exactly one of {@code class} (with {@code probability}),
     * {@code concept} (with {@code score}) or {@code channel}.
     *
     * @throws ConfigException naming the key
     */
    static ExplainTarget of(ConfigValues v) {
        v.rejectUnknown(KEYS);
        long given = Set.of("class", "concept", "channel").stream().filter(v::has).count();
        if (given != 1) {
            throw new ConfigException(v.source() + ": give exactly one of \"class\", \"concept\" or \"channel\", found "
                    + v.keys());
        }
        if (!v.has("class") && v.has("probability")) {
            throw new ConfigException(v.source() + ": \"probability\" applies only to a \"class\" target");
        }
        if (!v.has("concept") && v.has("score")) {
            throw new ConfigException(v.source() + ": \"score\" applies only to a \"concept\" target");
        }
        if (v.has("class")) {
            Object label = v.asMap().get("class");
            String text = label instanceof String name ? name
                    : label instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) ? Long.toString(n.longValue())
                    : null;
            if (text == null) {
                throw new ConfigException(v.source() + ": \"class\" must be a class name or index, found " + label);
            }
            return new ClassTarget(text, v.optBoolean("probability", false));
        }
        if (v.has("concept")) {
            return new ConceptTarget(v.optInt("concept", 0, 0, Integer.MAX_VALUE),
                    v.optEnum("score", ImageScore.class, ImageScore.MEAN));
        }
        return ChannelTarget.parse(v.source() + " \"channel\"", v.requireString("channel"));
    }
}
