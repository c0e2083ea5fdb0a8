/**
 * Classical dictionary learners (docs/algorithms.md#pca-and-truncated-svd and the sections after it):
 * PCA and truncated SVD from a streamed second-moment matrix, k-means (k-means++ seeding, Lloyd or
 * mini-batch), FastICA, sparse PCA and dictionary learning with lasso or OMP coding. Each is a {@link
 * dev.facet.spi.dictionary.DictionaryLearnerFactory} with its learner and a {@link
 * dev.facet.dictionaries.factor.MatrixDictionary} subclass that saves and loads;
 * {@link dev.facet.dictionaries.classical.ClassicalLearners#factories()} lists them.
 */
package dev.facet.dictionaries.classical;
