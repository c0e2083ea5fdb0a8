package dev.facet.dictionaries.sae.sparse;

/**
 * MSE loss and upstream gradients of a sparse selection, with nested Matryoshka prefixes (one
 * level, all c concepts, for a plain MSE). For prefix level p the partial reconstruction is
 * x̂ₚ = Σ_{atom &lt; mₚ} v·D_atom + b_dec and the loss Σₚ ‖x̂ₚ − x‖²/(n·d). A selected value whose atom
 * first enters at level p receives the gradient (Σ_{q ≥ p} 2(x̂_q − x)/(n·d)) · D_atom, the dot
 * product of its upstream row with its atom ({@link AtomMajorDots}).
 *
 * @param upstream     (n·P × d): row i·P + p holds Σ_{q ≥ p} ∂L/∂x̂_q of sample i
 * @param residual     (n × d): x̂ − x of the full reconstruction
 * @param biasGradient ∂L/∂b_dec through the reconstruction (d)
 */
record Reconstruction(float[] upstream, float[] residual, float[] biasGradient, double loss, double squaredError) {

    /**
     * @param increments (n·P × d): row i·P + p holds Σ v·D_atom over the entries of sample i at level p
     */
    static Reconstruction compute(float[] increments, int levelCount, float[] inputs, float[] bias, int n, int d,
                                  float[] upstreamBuffer, float[] residualBuffer) {
        float[] upstream = reuse(upstreamBuffer, n * levelCount * d);
        float[] residual = reuse(residualBuffer, n * d);
        double inverse = 1.0 / ((double) n * d);
        float coefficient = (float) (2 * inverse);
        double[] rowLosses = new double[n];
        double[] rowSquaredErrors = new double[n];
        SparseKernels.forEachRow(n, i -> {
            float[] accumulator = bias.clone();
            double rowLoss = 0;
            for (int p = 0; p < levelCount; p++) {
                int offset = (i * levelCount + p) * d;
                SparseKernels.axpy(1f, increments, offset, accumulator, 0, d);
                double squares = 0;
                for (int q = 0; q < d; q++) {
                    float error = accumulator[q] - inputs[i * d + q];
                    squares += error * error;
                    upstream[offset + q] = coefficient * error;
                }
                rowLoss += squares * inverse;
                if (p == levelCount - 1) {
                    for (int q = 0; q < d; q++) {
                        residual[i * d + q] = accumulator[q] - inputs[i * d + q];
                    }
                    rowSquaredErrors[i] = squares;
                }
            }
            for (int p = levelCount - 2; p >= 0; p--) {
                int offset = (i * levelCount + p) * d;
                SparseKernels.axpy(1f, upstream, offset + d, upstream, offset, d);
            }
            rowLosses[i] = rowLoss;
        });
        float[] biasGradient = new float[d];
        for (int i = 0; i < n; i++) {
            SparseKernels.axpy(1f, upstream, i * levelCount * d, biasGradient, 0, d);
        }
        return new Reconstruction(upstream, residual, biasGradient, SparseKernels.sum(rowLosses),
                SparseKernels.sum(rowSquaredErrors));
    }

    /** The prefix level at which each selected entry's atom enters: the first p with atom &lt; mₚ. */
    static int[] levels(SparseSelection selection, int[] prefixes) {
        int[] levelOf = new int[selection.nnz()];
        if (prefixes.length > 1) {
            int[] atoms = selection.atoms();
            for (int j = 0; j < levelOf.length; j++) {
                int p = 0;
                while (atoms[j] >= prefixes[p]) {
                    p++;
                }
                levelOf[j] = p;
            }
        }
        return levelOf;
    }

    private static float[] reuse(float[] buffer, int length) {
        return buffer != null && buffer.length == length ? buffer : new float[length];
    }
}
