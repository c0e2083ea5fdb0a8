/**
 * Sparse autoencoders (docs/algorithms.md#sparse-autoencoder) on DJL's PyTorch engine, composed from
 * parts: an {@link dev.facet.dictionaries.sae.encoder.Encoder}, a {@link
 * dev.facet.dictionaries.sae.dictionary.DictionaryLayer}, a {@link
 * dev.facet.dictionaries.sae.sparsifier.Sparsifier} and {@link dev.facet.dictionaries.sae.loss.SaeLoss}
 * terms, assembled by {@link dev.facet.dictionaries.sae.SparseAutoencoder#create} from a validated
 * {@link dev.facet.dictionaries.sae.SaeConfig}. {@link dev.facet.dictionaries.sae.SaeLearner} trains
 * one with {@link dev.facet.dictionaries.sae.train.SaeTrainer}; {@link
 * dev.facet.dictionaries.sae.SaeDictionary} is the trained model behind Facet's {@code Dictionary}
 * contract.
 */
package dev.facet.dictionaries.sae;
