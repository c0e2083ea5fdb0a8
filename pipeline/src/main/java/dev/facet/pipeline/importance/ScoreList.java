package dev.facet.pipeline.importance;

import dev.facet.spi.config.ValueFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How the {@code scores} setting is written: a list of score names ({@code ["sobol", "ablation"]}) or
 * the same names separated by commas; at least one, each once.
 */
final class ScoreList implements ValueFormat<Set<ImportanceScore>> {

    @Override
    public String label() {
        return "scores";
    }

    @Override
    public String rule() {
        return "one or more of sobol, ablation, gradient";
    }

    @Override
    public Set<ImportanceScore> parse(Object raw) {
        Set<ImportanceScore> scores = EnumSet.noneOf(ImportanceScore.class);
        for (String name : new NameList().parse(raw)) {
            String text = name.toUpperCase(Locale.ROOT);
            ImportanceScore score = Arrays.stream(ImportanceScore.values()).filter(s -> s.name().equals(text)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown score '" + name + "'; expected " + rule()));
            if (!scores.add(score)) {
                throw new IllegalArgumentException("score '" + name + "' is given twice");
            }
        }
        if (scores.isEmpty()) {
            throw new IllegalArgumentException("expected " + rule());
        }
        return scores;
    }

    @Override
    public Object toJson(Set<ImportanceScore> value) {
        List<String> names = new ArrayList<>();
        value.forEach(score -> names.add(score.id()));
        return names;
    }
}
