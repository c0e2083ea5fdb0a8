package dev.facet.dictionaries.nmf;

/**
 * How {@link Nmf} alternates between the codes Z and the atoms D (docs/algorithms.md#nmf).
 * <ul>
 *   <li>{@link #HALS}: hierarchical alternating least squares (Cichocki &amp; Phan 2009; Gillis &amp;
 *       Glineur 2012), exact coordinate minimisation column by column;</li>
 *   <li>{@link #MU}: multiplicative updates (Lee &amp; Seung 2001);</li>
 *   <li>{@link #PGD}: Adam (Kingma &amp; Ba 2015) on the mean squared error, both factors at once,
 *       clamped at zero after each step;</li>
 *   <li>{@link #ANLS}: alternating non-negative least squares, each half solved by
 *       {@link dev.facet.dictionaries.linalg.Nnls#solveGram} with a warm start (Kim &amp; Park 2008).</li>
 * </ul>
 */
public enum NmfSolver {
    HALS, MU, PGD, ANLS;

    /** Whether this solver can fit from a stream of mini-batches. */
    public boolean streams() {
        return this == HALS || this == MU;
    }
}
