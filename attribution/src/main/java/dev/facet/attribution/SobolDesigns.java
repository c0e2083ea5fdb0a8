package dev.facet.attribution;

import dev.facet.spi.ConfigException;
import java.util.Arrays;
import org.apache.commons.math3.random.SobolSequenceGenerator;

/**
 * The quasi-Monte Carlo designs of a total-order Sobol analysis (Saltelli et al. 2010) and the
 * Jansen (1999) estimator. The first N points of an unscrambled 2d-dimensional Sobol sequence
 * (Joe and Kuo direction numbers, through commons-math's {@link SobolSequenceGenerator}, the
 * sequence of {@code scipy.stats.qmc.Sobol(scramble=False)}) give A (first d columns) and B
 * (last d); Cᵢ is A with column i taken from B. Design rows are numbered A₀…A_{N−1}, then
 * C_{0,0}…C_{0,N−1}, C_{1,0}, …: {@link #design} returns row {@code index}.
 *
 * <p>Shared by the pixel-grid {@link SobolAttribution} and by concept importance, whose inputs are a
 * dictionary's concepts (docs/algorithms.md#concept-importance).
 */
public final class SobolDesigns {
    /** The most inputs d: commons-math's direction numbers reach 1000 = 2d dimensions. */
    public static final int MAX_DIMENSIONS = 500;

    private static final double VARIANCE_FLOOR = 1e-12;

    private final int dimensions;
    private final int count;
    private final double[][] a;
    private final double[][] b;

    /**
     * @param dimensions d, the number of inputs (at most 500: the sequence has 2d dimensions)
     * @param count      N, the number of designs
     */
    public SobolDesigns(int dimensions, int count) {
        if (dimensions < 1 || dimensions > MAX_DIMENSIONS) {
            throw ConfigException.outOfRange("Sobol inputs", dimensions, "[1, " + MAX_DIMENSIONS + "]");
        }
        if (count < 2 || Integer.bitCount(count) != 1) {
            throw ConfigException.outOfRange("Sobol designs", count, "a power of two >= 2");
        }
        this.dimensions = dimensions;
        this.count = count;
        SobolSequenceGenerator sequence = new SobolSequenceGenerator(2 * dimensions);
        a = new double[count][];
        b = new double[count][];
        for (int j = 0; j < count; j++) {
            double[] point = sequence.nextVector();
            a[j] = Arrays.copyOfRange(point, 0, dimensions);
            b[j] = Arrays.copyOfRange(point, dimensions, 2 * dimensions);
        }
    }

    /** d, the number of inputs. */
    public int dimensions() {
        return dimensions;
    }

    /** N, the number of designs. */
    public int count() {
        return count;
    }

    /** N·(d + 1): the rows of A and of every Cᵢ. */
    public int rows() {
        return count * (dimensions + 1);
    }

    /** Row {@code index} in the order of the class comment. */
    public double[] design(int index) {
        if (index < count) {
            return a[index];
        }
        int input = (index - count) / count;
        int j = (index - count) % count;
        double[] row = a[j].clone();
        row[input] = b[j][input];
        return row;
    }

    /**
     * Jansen's total-order estimator {@code S_Tᵢ = Σⱼ (f(Aⱼ) − f(Cᵢⱼ))² / (2N·Var f(A))}, the
     * variance with ddof = 1 and floored at 1e-12.
     *
     * @param outputs f on the {@link #rows()} designs, in {@link #design} order
     * @return one index per input
     */
    public double[] totalOrder(double[] outputs) {
        double mean = 0;
        for (int j = 0; j < count; j++) {
            mean += outputs[j];
        }
        mean /= count;
        double variance = 0;
        for (int j = 0; j < count; j++) {
            variance += (outputs[j] - mean) * (outputs[j] - mean);
        }
        variance = Math.max(VARIANCE_FLOOR, variance / (count - 1));
        double[] indices = new double[dimensions];
        for (int i = 0; i < dimensions; i++) {
            double sum = 0;
            for (int j = 0; j < count; j++) {
                double difference = outputs[j] - outputs[count + i * count + j];
                sum += difference * difference;
            }
            indices[i] = sum / (2.0 * count * variance);
        }
        return indices;
    }
}
