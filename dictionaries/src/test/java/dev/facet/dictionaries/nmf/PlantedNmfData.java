package dev.facet.dictionaries.nmf;

import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Random;

/**
 * Planted sparse non-negative data for the HALS acceptance test (docs/algorithms.md#hals):
 * {@code atoms} unit-norm atoms of width {@code dim}, each entry |N(0, 1)| with probability 1/2 and 0
 * otherwise; every row mixes {@code perRow} distinct atoms with weights uniform on [0, 1); then
 * X = |Z·D + σ·N(0, 1)| with σ = {@code noise}·RMS(Z·D). dictionaries/src/test/python/planted_nmf.py
 * builds the same kind of data (another random generator) and prints scikit-learn's figures on it.
 *
 * @param x     the data (rows × dim)
 * @param atoms the planted atoms (atoms × dim)
 */
record PlantedNmfData(FloatMatrix x, FloatMatrix atoms) {

    static PlantedNmfData generate(int rows, int dim, int atoms, int perRow, double noise, long seed) {
        Random random = new Random(seed);
        float[] d = new float[atoms * dim];
        for (int j = 0; j < atoms; j++) {
            double norm2 = 0;
            while (norm2 == 0) {
                for (int t = 0; t < dim; t++) {
                    float v = random.nextBoolean() ? (float) Math.abs(random.nextGaussian()) : 0f;
                    d[j * dim + t] = v;
                    norm2 += (double) v * v;
                }
            }
            float scale = (float) (1 / Math.sqrt(norm2));
            for (int t = 0; t < dim; t++) {
                d[j * dim + t] *= scale;
            }
        }
        float[] z = new float[rows * atoms];
        int[] order = new int[atoms];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < atoms; j++) {
                order[j] = j;
            }
            for (int s = 0; s < perRow; s++) {
                int pick = s + random.nextInt(atoms - s);
                int chosen = order[pick];
                order[pick] = order[s];
                order[s] = chosen;
                z[i * atoms + chosen] = random.nextFloat();
            }
        }
        FloatMatrix dictionary = new FloatMatrix(atoms, dim, d);
        FloatMatrix x = Matrices.multiply(new FloatMatrix(rows, atoms, z), dictionary);
        float[] data = x.data();
        double power = 0;
        for (float v : data) {
            power += (double) v * v;
        }
        double sigma = noise * Math.sqrt(power / data.length);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) Math.abs(data[i] + sigma * random.nextGaussian());
        }
        return new PlantedNmfData(x, dictionary);
    }
}
