package dev.facet.dictionaries.synthetic;

import dev.facet.dictionaries.sae.HeapInit;
import dev.facet.spi.ConfigException;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Synthetic activations with a known answer: rows x = Σ zᵢ·aᵢ + noise built from a planted
 * dictionary of unit-norm atoms aᵢ (Gaussian directions) and sparse non-negative codes (exactly
 * {@code k} distinct atoms per row, coefficients |N(0, 1)| + 0.5). A learner that works should
 * find the planted atoms again; tests and benchmarks use it.
 *
 * @param data  the rows (n × d)
 * @param atoms the planted atoms (c × d), unit norm
 * @param codes the planted codes (n × c, k non-zeros per row)
 */
public record PlantedDictionary(FloatMatrix data, FloatMatrix atoms, Codes codes) {

    /**
     * @param noise standard deviation of the Gaussian noise added to every entry
     */
    public static PlantedDictionary generate(int rows, int dim, int concepts, int k, double noise, long seed) {
        if (rows < 1 || dim < 1 || concepts < 1 || k < 1 || k > concepts) {
            throw ConfigException.outOfRange("planted dictionary (rows, dim, concepts, k)",
                    rows + ", " + dim + ", " + concepts + ", " + k, "positive, k <= concepts");
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] atoms = HeapInit.unitRows(random.split(), concepts, dim);
        int[] codeAtoms = new int[rows * k];
        float[] codeValues = new float[rows * k];
        float[] data = new float[rows * dim];
        long rowSeed = random.nextLong();
        IntStream.range(0, rows).parallel().forEach(r -> {
            SplittableRandom rowRandom = new SplittableRandom(rowSeed ^ (r * 0x9E3779B97F4A7C15L));
            float[] gaussian = HeapInit.normal(rowRandom, k + dim, 1.0);
            java.util.TreeMap<Integer, Float> chosenAtoms = new java.util.TreeMap<>();
            int chosen = 0;
            while (chosen < k) {
                int atom = rowRandom.nextInt(concepts);
                if (chosenAtoms.containsKey(atom)) {
                    continue;
                }
                float value = Math.abs(gaussian[chosen]) + 0.5f;
                chosenAtoms.put(atom, value);
                for (int j = 0; j < dim; j++) {
                    data[r * dim + j] += value * atoms[atom * dim + j];
                }
                chosen++;
            }
            for (int j = 0; j < dim; j++) {
                data[r * dim + j] += (float) (noise * gaussian[k + j]);
            }
            int slot = r * k;
            for (java.util.Map.Entry<Integer, Float> entry : chosenAtoms.entrySet()) {
                codeAtoms[slot] = entry.getKey();
                codeValues[slot++] = entry.getValue();
            }
        });
        int[] rowStart = new int[rows + 1];
        for (int r = 0; r <= rows; r++) {
            rowStart[r] = r * k;
        }
        return new PlantedDictionary(new FloatMatrix(rows, dim, data), new FloatMatrix(concepts, dim, atoms),
                new Codes(rows, concepts, rowStart, codeAtoms, codeValues));
    }
}
