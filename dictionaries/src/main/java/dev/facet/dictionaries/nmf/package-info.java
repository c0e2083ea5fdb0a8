/**
 * Non-negative matrix factorisation (Lee &amp; Seung 1999) and batched non-negative least squares:
 * the {@code nmf} learner ({@link dev.facet.dictionaries.nmf.NmfLearnerFactory}) with HALS, MU,
 * Adam-PGD and ANLS solvers, NNDSVDa initialisation, mini-batch fitting from streams
 * ({@link dev.facet.dictionaries.nmf.OnlineNmf}) and inductive NNLS encoding
 * ({@link dev.facet.dictionaries.linalg.Nnls#encode}).
 */
package dev.facet.dictionaries.nmf;
