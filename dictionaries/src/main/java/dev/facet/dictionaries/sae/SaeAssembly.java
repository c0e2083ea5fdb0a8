package dev.facet.dictionaries.sae;

import ai.djl.ndarray.NDManager;
import dev.facet.dictionaries.sae.SaeConfig.DictionaryKind;
import dev.facet.dictionaries.sae.dictionary.ArchetypalDictionary;
import dev.facet.dictionaries.sae.dictionary.AtomNorm;
import dev.facet.dictionaries.sae.dictionary.DictionaryLayer;
import dev.facet.dictionaries.sae.dictionary.NormalizedDictionary;
import dev.facet.dictionaries.sae.encoder.AttentionEncoder;
import dev.facet.dictionaries.sae.encoder.Encoder;
import dev.facet.dictionaries.sae.encoder.IdentityEncoder;
import dev.facet.dictionaries.sae.encoder.LinearEncoder;
import dev.facet.dictionaries.sae.encoder.MlpEncoder;
import dev.facet.dictionaries.sae.encoder.TiedEncoder;
import dev.facet.dictionaries.sae.loss.AuxKLoss;
import dev.facet.dictionaries.sae.loss.ElasticPenalty;
import dev.facet.dictionaries.sae.loss.HoyerPenalty;
import dev.facet.dictionaries.sae.loss.JumpL0Penalty;
import dev.facet.dictionaries.sae.loss.Kappa4Penalty;
import dev.facet.dictionaries.sae.loss.L1Penalty;
import dev.facet.dictionaries.sae.loss.MatryoshkaLoss;
import dev.facet.dictionaries.sae.loss.MseLoss;
import dev.facet.dictionaries.sae.loss.SaeLoss;
import dev.facet.dictionaries.sae.sparsifier.BatchTopKSparsifier;
import dev.facet.dictionaries.sae.sparsifier.JumpKernel;
import dev.facet.dictionaries.sae.sparsifier.JumpReluSparsifier;
import dev.facet.dictionaries.sae.sparsifier.MatchingPursuitSparsifier;
import dev.facet.dictionaries.sae.sparsifier.OrthogonalMatchingPursuitSparsifier;
import dev.facet.dictionaries.sae.sparsifier.ReluSparsifier;
import dev.facet.dictionaries.sae.sparsifier.Sparsifier;
import dev.facet.dictionaries.sae.sparsifier.TopKSparsifier;
import dev.facet.spi.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds a {@link SparseAutoencoder} from its config: one place that maps each config kind to the
 * part implementing it, so parts combine freely without a class per combination. Parameters are
 * registered in a fixed order (dictionary, encoder, decoder bias, sparsifier state, input scale)
 * and drawn from one seeded generator, so a seed fixes the initial model.
 */
final class SaeAssembly {

    private SaeAssembly() {
    }

    static SparseAutoencoder assemble(NDManager manager, SaeConfig config, SaeShape shape, long seed,
                                      List<SaeLoss> extraLosses) {
        SaeParameters parameters = new SaeParameters(manager);
        try {
            SplittableRandom random = new SplittableRandom(seed);
            float[] initialAtoms = HeapInit.unitRows(random, shape.concepts(), shape.inputDim());
            DictionaryLayer dictionary = dictionary(config, shape, parameters, initialAtoms, random);
            Encoder encoder = encoder(config, shape, parameters, initialAtoms, random);
            parameters.addTrainable(SparseAutoencoder.DECODER_BIAS, new float[shape.inputDim()], shape.inputDim());
            Sparsifier sparsifier = sparsifier(config, shape, parameters);
            parameters.addBuffer(SparseAutoencoder.INPUT_SCALE, new float[] {1f}, 1);
            return new SparseAutoencoder(config, shape, parameters, encoder, dictionary, sparsifier,
                    losses(config, shape, extraLosses));
        } catch (RuntimeException e) {
            parameters.close();
            throw e;
        }
    }

    private static DictionaryLayer dictionary(SaeConfig config, SaeShape shape, SaeParameters parameters,
                                              float[] initialAtoms, SplittableRandom random) {
        DictionaryKind kind = config.dictionary();
        return switch (kind) {
            case L2, MAX_L2, L1, MAX_L1, IDENTITY -> new NormalizedDictionary(parameters, shape,
                    AtomNorm.valueOf(kind.name()), config.multiplier(), initialAtoms);
            case ARCHETYPAL -> new ArchetypalDictionary(parameters, shape, config.candidates() > 0 ? config.candidates()
                    : ArchetypalDictionary.defaultCandidates(shape.concepts()), config.delta(), config.multiplier(),
                    initialAtoms, random);
            default -> throw unsupported("dictionary", kind);
        };
    }

    private static Encoder encoder(SaeConfig config, SaeShape shape, SaeParameters parameters, float[] initialAtoms,
                                   SplittableRandom random) {
        return switch (config.encoder()) {
            case LINEAR -> new LinearEncoder(parameters, shape, initialAtoms);
            case MLP -> new MlpEncoder(parameters, shape, initialAtoms, config.encoderNorm(), config.encoderBlocks(),
                    config.residual(), random);
            case ATTENTION -> new AttentionEncoder(parameters, shape, initialAtoms, config.tokens(), config.heads(),
                    config.encoderBlocks(), AttentionEncoder.MlpActivation.GELU, random);
            case TIED -> new TiedEncoder(parameters, shape);
            case IDENTITY -> new IdentityEncoder();
            default -> throw unsupported("encoder", config.encoder());
        };
    }

    private static Sparsifier sparsifier(SaeConfig config, SaeShape shape, SaeParameters parameters) {
        return switch (config.sparsifier()) {
            case RELU -> new ReluSparsifier();
            case TOPK -> new TopKSparsifier(config.k(), shape.concepts());
            case BATCHTOPK -> new BatchTopKSparsifier(parameters, config.k(), shape.concepts(),
                    config.thresholdMomentum());
            case JUMPRELU -> new JumpReluSparsifier(parameters, shape.concepts(), JumpKernel.fromId(config.jumpKernel()),
                    config.bandwidth(), config.initialThreshold());
            case MP -> new MatchingPursuitSparsifier(config.k(), shape.concepts());
            case OMP -> new OrthogonalMatchingPursuitSparsifier(config.k(), shape.concepts());
            default -> throw unsupported("sparsifier", config.sparsifier());
        };
    }

    private static List<SaeLoss> losses(SaeConfig config, SaeShape shape, List<SaeLoss> extraLosses) {
        List<SaeLoss> losses = new ArrayList<>();
        losses.add(config.prefixes().isEmpty() ? new MseLoss() : new MatryoshkaLoss(config.prefixes()));
        switch (config.loss()) {
            case MSE -> {
            }
            case MSE_L1 -> losses.add(new L1Penalty(config.lambda()));
            case MSE_HOYER -> losses.add(new HoyerPenalty(config.lambda()));
            case MSE_KAPPA4 -> losses.add(new Kappa4Penalty(config.lambda()));
            case ELASTIC -> losses.add(new ElasticPenalty(config.lambda(), config.alpha()));
            default -> throw unsupported("loss", config.loss());
        }
        if (config.sparsifier() == SaeConfig.SparsifierKind.JUMPRELU) {
            losses.add(new JumpL0Penalty(config.l0Coefficient()));
        }
        if (config.auxK()) {
            int kAux = config.kAux() > 0 ? config.kAux() : Math.max(1, shape.inputDim() / 2);
            losses.add(new AuxKLoss(Math.min(kAux, shape.concepts()), config.auxKAlpha()));
        }
        losses.addAll(extraLosses);
        return losses;
    }

    private static ConfigException unsupported(String field, Enum<?> kind) {
        return new ConfigException("Field '" + field + "' = '" + SaeConfig.id(kind) + "' is not available in this build");
    }
}
