package dev.facet.dictionaries.nmf;

import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import java.util.List;

/**
 * The learners of the convex / semi-non-negative family: archetypal analysis (Cutler and Breiman
 * 1994), Semi-NMF and Convex-NMF (Ding, Li and Jordan 2010, "Convex and semi-nonnegative matrix
 * factorizations", IEEE TPAMI 32(1)). All fit in memory and encode unseen rows (inductive).
 */
public final class ConvexLearners {

    private ConvexLearners() {
    }

    /** The factories of this family, sorted by id. */
    public static List<DictionaryLearnerFactory> factories() {
        return List.of(new ArchetypalAnalysisFactory(), new ConvexNmfFactory(), new SemiNmfFactory());
    }
}
