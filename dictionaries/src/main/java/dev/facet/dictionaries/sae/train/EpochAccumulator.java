package dev.facet.dictionaries.sae.train;

/** Running totals of an epoch (loss, active codes, samples), saved with a mid-epoch checkpoint. */
public final class EpochAccumulator {

    private double lossSum;
    private long steps;
    private long activeCodes;
    private long samples;
    private final ReconstructionStats stats;

    public EpochAccumulator(int dim) {
        this.stats = new ReconstructionStats(dim);
    }

    public EpochAccumulator(double lossSum, long steps, long activeCodes, long samples, ReconstructionStats stats) {
        this.stats = stats;
        this.lossSum = lossSum;
        this.steps = steps;
        this.activeCodes = activeCodes;
        this.samples = samples;
    }

    void add(double loss, long codes, int rows) {
        lossSum += loss;
        steps++;
        activeCodes += codes;
        samples += rows;
    }

    public ReconstructionStats stats() {
        return stats;
    }

    public double meanLoss() {
        return steps == 0 ? Double.NaN : lossSum / steps;
    }

    public double l0() {
        return samples == 0 ? 0 : (double) activeCodes / samples;
    }

    public double lossSum() {
        return lossSum;
    }

    public long steps() {
        return steps;
    }

    public long activeCodes() {
        return activeCodes;
    }

    public long samples() {
        return samples;
    }
}
