package dev.facet.pipeline.importance;

import dev.facet.spi.ConfigException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;
import java.util.EnumSet;
import java.util.Set;

/**
 * Settings of {@link ConceptImportance}, declared once in {@link #SETTINGS}. There is no seed: the
 * Sobol sequence is unscrambled, so the scores are deterministic.
 *
 * @param designs     number N of Sobol designs, a power of two
 * @param scores      which scores to compute
 * @param batchSize   edited activation copies per resumed forward pass
 * @param probability whether the class score is the softmax probability rather than the logit
 * @param output      the output hook point the class score is read from
 */
public record ImportanceSettings(int designs, Set<ImportanceScore> scores, int batchSize, boolean probability,
                                 String output) {

    /** What the class score is. */
    public enum Objective {
        /** The class logit. */
        LOGIT,
        /** The softmax probability of the class. */
        PROBABILITY
    }

    static final Setting<Integer> DESIGNS = Setting.integer("designs", "number N of Sobol designs, a power of two")
            .defaultValue(32).range(2, 1 << 16);
    static final Setting<Set<ImportanceScore>> SCORES = Setting.formatted("scores", new ScoreList(),
            "scores to compute: sobol (total-order index), ablation (drop when the concept is removed), gradient "
                    + "(gradient × concept, where the backbone differentiates a resumed pass)")
            .defaultValue(EnumSet.allOf(ImportanceScore.class));
    static final Setting<Integer> BATCH_SIZE = Setting.integer("batch_size",
            "edited activation copies per resumed forward pass").defaultValue(256).range(1, 65536);
    static final Setting<Objective> OBJECTIVE = Setting.choice("objective", Objective.class,
            "class score y: the logit or the softmax probability").defaultValue(Objective.LOGIT);
    static final Setting<String> OUTPUT = Setting.string("output", "output hook point holding the class logits")
            .defaultValue("logits");
    /** Every setting. */
    public static final Settings SETTINGS = Settings.of(DESIGNS, SCORES, BATCH_SIZE, OBJECTIVE, OUTPUT);

    public ImportanceSettings {
        if (designs < 2 || Integer.bitCount(designs) != 1) {
            throw ConfigException.outOfRange("importance designs", designs, "a power of two >= 2");
        }
        if (scores == null || scores.isEmpty()) {
            throw new ConfigException("importance scores: expected one or more of sobol, ablation, gradient");
        }
        scores = Set.copyOf(scores);
        if (batchSize < 1) {
            throw ConfigException.outOfRange("importance batch_size", batchSize, ">= 1");
        }
        if (output == null || output.isBlank()) {
            throw new ConfigException("importance output: must name an output hook point such as 'logits'");
        }
    }

    /** The defaults. */
    public static ImportanceSettings defaults() {
        return from(ConfigValues.empty());
    }

    /** The settings of {@code values}, validated by {@link #SETTINGS}. */
    public static ImportanceSettings from(ConfigValues values) {
        Settings.Values read = SETTINGS.read(values);
        return new ImportanceSettings(read.get(DESIGNS), read.get(SCORES), read.get(BATCH_SIZE),
                read.get(OBJECTIVE) == Objective.PROBABILITY, read.get(OUTPUT));
    }

    /** The settings as config keys, for provenance. */
    public java.util.Map<String, Object> toMap() {
        java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put("designs", designs);
        map.put("scores", new ScoreList().toJson(EnumSet.copyOf(scores)));
        map.put("batch_size", batchSize);
        map.put("objective", probability ? "probability" : "logit");
        map.put("output", output);
        return map;
    }
}
