package dev.facet.dictionaries.nmf;

/**
 * How {@link Nmf} starts: {@link #AUTO} picks NNDSVDa when c ≤ min(n, d), else random;
 * {@link #NNDSVDA} is non-negative double SVD (Boutsidis &amp; Gallopoulos 2008) with zeros
 * filled by the mean at the factors' scale, sqrt(mean(X)/c) (scikit-learn fills with mean(X)); {@link #RANDOM} draws |N(0,1)|·sqrt(mean(X)/c) for every entry of Z and D.
 */
public enum NmfInit {
    AUTO, NNDSVDA, RANDOM
}
