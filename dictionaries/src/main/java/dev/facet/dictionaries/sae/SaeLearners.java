package dev.facet.dictionaries.sae;

import dev.facet.dictionaries.sae.SaeConfig.SparsifierKind;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import java.util.List;

/** The sparse-autoencoder learners, one per sparsifier, for the built-in plugin to register. */
public final class SaeLearners {

    private SaeLearners() {
    }

    /** {@code relu}, {@code topk}, {@code batchtopk}, {@code jumprelu}, {@code mp}, {@code omp}, {@code matryoshka}. */
    public static List<DictionaryLearnerFactory> factories() {
        return List.of(
                new SaeLearnerFactory("relu", SparsifierKind.RELU, false, "Vanilla SAE: ReLU codes, MSE + L1"),
                new SaeLearnerFactory("topk", SparsifierKind.TOPK, false, "TopK SAE (Gao et al. 2024)"),
                new SaeLearnerFactory("batchtopk", SparsifierKind.BATCHTOPK, false,
                        "BatchTopK SAE (Bussmann et al. 2024)"),
                new SaeLearnerFactory("jumprelu", SparsifierKind.JUMPRELU, false,
                        "JumpReLU SAE (Rajamanoharan et al. 2024)"),
                new SaeLearnerFactory("mp", SparsifierKind.MP, false, "Matching-pursuit SAE"),
                new SaeLearnerFactory("omp", SparsifierKind.OMP, false,
                        "Orthogonal matching-pursuit SAE (non-negative refit)"),
                new SaeLearnerFactory("matryoshka", SparsifierKind.BATCHTOPK, true,
                        "Matryoshka BatchTopK SAE (Bussmann et al. 2025)"));
    }
}
