package dev.facet.dictionaries.classical;

import dev.facet.dictionaries.factor.StateSize;
import dev.facet.dictionaries.linalg.KMeansPlusPlus;
import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.dictionary.DictionaryLearner;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * k-means with k-means++ seeding (Arthur and Vassilvitskii 2007: first centroid uniform, each next
 * one drawn with probability ∝ D(x)², the squared distance to the nearest chosen centroid; seeded
 * by {@code context.seedFor("kmeans-init")}).
 *
 * <p><b>Full batch</b> ({@code batch_size} = 0, the default): the source is read into memory and
 * Lloyd iterations (Lloyd 1982) alternate nearest-centroid assignment and centroid = mean of its
 * rows. A centroid left without rows is re-seeded at the row farthest from its current centroid
 * (the next farthest for the next empty one). Stops when no assignment changes, when the
 * centroids' relative change ‖C_new − C_old‖_F/‖C_new‖_F ≤ {@code tol}, or at {@code max_iter}.
 *
 * <p><b>Mini-batch</b> ({@code batch_size} &gt; 0; Sculley 2010, "Web-scale k-means clustering"):
 * streams shuffled batches of the source (seed {@code "kmeans-batches"} + epoch), so memory does not
 * grow with the data. Seeding runs k-means++ on the first max(batch_size, 3c) rows of a shuffled
 * pass. For each batch, rows are assigned to their nearest centroid, then each row x moves its
 * centroid c with per-centroid learning rate 1/v (v = rows that centroid has absorbed so far):
 * c ← (1 − 1/v)·c + x/v. After each epoch (one pass), centroids that absorbed no row in that epoch
 * are re-seeded at the farthest rows of the epoch's last batch; the run stops when the epoch's
 * relative centroid change ≤ {@code tol} or after {@code max_iter} epochs.
 *
 * <p>Provenance metrics: {@code iterations} (Lloyd iterations or epochs), {@code relative_error} =
 * ‖X − X̂‖_F/‖X‖_F with X̂ the assigned centroids (over the whole data for full batch, over the
 * last epoch's batches, measured before their updates, for mini-batch), {@code inertia} (Σ squared
 * distances, same rows), {@code reseeded} (empty clusters re-seeded).
 */
public final class KMeansLearner implements DictionaryLearner {

    private final String id;
    private final int concepts;
    private final int maxIter;
    private final double tol;
    private final int batchSize;
    private final Map<String, Object> hyperparameters;

    KMeansLearner(String id, int concepts, int maxIter, double tol, int batchSize, Map<String, Object> hyperparameters) {
        this.id = id;
        this.concepts = concepts;
        this.maxIter = maxIter;
        this.tol = tol;
        this.batchSize = batchSize;
        this.hyperparameters = hyperparameters;
    }

    /** The centroids with their sums and update (c × d each); the full-batch variant holds the data too. */
    @Override
    public long estimatedBytes(int inputDim, long rows) {
        return StateSize.of(id, concepts, inputDim, rows, 3, batchSize == 0, false);
    }

    @Override
    public KMeansDictionary fit(ActivationSource data, RunContext context) {
        long start = System.nanoTime();
        ClassicalData.requireRows(data, 1, id);
        if (concepts > data.rows()) {
            throw ConfigException.outOfRange(id + " concepts", concepts, "[1, " + data.rows() + "] (the number of rows)");
        }
        SplittableRandom random = new SplittableRandom(context.seedFor(id + "-init"));
        Map<String, Object> metrics = new LinkedHashMap<>();
        FloatMatrix centroids = batchSize == 0 ? fullBatch(data, context, random, metrics)
                : miniBatch(data, context, random, metrics);
        return new KMeansDictionary(id, centroids, hyperparameters,
                ClassicalData.provenance(id, context, data, metrics, start));
    }

    private FloatMatrix fullBatch(ActivationSource data, RunContext context, SplittableRandom random,
                                  Map<String, Object> metrics) {
        FloatMatrix x = ClassicalData.readAll(data, id, context);
        FloatMatrix init = KMeansPlusPlus.seed(x, concepts, random);
        return lloyd(x, init, maxIter, tol, context, metrics);
    }

    /** Lloyd iterations from {@code init} (package-private for tests). */
    static FloatMatrix lloyd(FloatMatrix x, FloatMatrix init, int maxIter, double tol, RunContext context,
                             Map<String, Object> metrics) {
        int n = x.rows();
        int d = x.cols();
        int c = init.rows();
        float[] centroids = init.data().clone();
        int[] assignment = null;
        float[] best = new float[n];
        int iterations = 0;
        int reseeded = 0;
        double change = Double.NaN;
        while (iterations < maxIter) {
            if (context != null) {
                context.cancellation().throwIfCancelled("k-means");
            }
            iterations++;
            int[] next = KMeansDictionary.nearest(KMeansDictionary.squaredDistances(x, new FloatMatrix(c, d, centroids)),
                    best);
            boolean stable = assignment != null && Arrays.equals(next, assignment);
            assignment = next;
            double[] sums = new double[c * d];
            int[] counts = new int[c];
            for (int i = 0; i < n; i++) {
                int a = assignment[i];
                counts[a]++;
                for (int j = 0; j < d; j++) {
                    sums[a * d + j] += x.data()[i * d + j];
                }
            }
            float[] updated = new float[c * d];
            Integer[] byDistance = null;
            int nextFar = 0;
            for (int a = 0; a < c; a++) {
                if (counts[a] > 0) {
                    for (int j = 0; j < d; j++) {
                        updated[a * d + j] = (float) (sums[a * d + j] / counts[a]);
                    }
                    continue;
                }
                if (byDistance == null) {
                    byDistance = farthestFirst(best);
                }
                int row = byDistance[Math.min(nextFar++, n - 1)];
                System.arraycopy(x.data(), row * d, updated, a * d, d);
                best[row] = 0;
                reseeded++;
                stable = false;
            }
            change = ClassicalData.relativeChange(updated, centroids);
            centroids = updated;
            if (stable || change <= tol) {
                break;
            }
        }
        FloatMatrix result = new FloatMatrix(c, d, centroids);
        KMeansDictionary.nearest(KMeansDictionary.squaredDistances(x, result), best);
        double inertia = 0;
        for (float v : best) {
            inertia += v;
        }
        metrics.put("iterations", iterations);
        metrics.put("final_centroid_change", change);
        metrics.put("inertia", inertia);
        metrics.put("relative_error", Math.sqrt(inertia / Math.max(sumOfSquares(x.data()), 1e-30)));
        metrics.put("reseeded", reseeded);
        return result;
    }

    private FloatMatrix miniBatch(ActivationSource data, RunContext context, SplittableRandom random,
                                  Map<String, Object> metrics) {
        int d = data.dim();
        int c = concepts;
        long batchSeed = context.seedFor(id + "-batches");
        int sampleRows = (int) Math.min(data.rows(), Math.max(batchSize, 3L * c));
        List<FloatMatrix> sample = new ArrayList<>();
        int[] taken = {0};
        ClassicalData.forEachBatch(data, Math.min(sampleRows, ClassicalData.STREAM_BATCH), true, batchSeed, id,
                context, batch -> {
                    if (taken[0] < sampleRows) {
                        int keep = Math.min(batch.rows(), sampleRows - taken[0]);
                        sample.add(batch.rows(0, keep));
                        taken[0] += keep;
                    }
                });
        float[] sampleData = new float[sampleRows * d];
        int at = 0;
        for (FloatMatrix m : sample) {
            System.arraycopy(m.data(), 0, sampleData, at, m.data().length);
            at += m.data().length;
        }
        float[] centroids = KMeansPlusPlus.seed(new FloatMatrix(sampleRows, d, sampleData), c, random).data();
        long[] absorbed = new long[c];
        int epochs = 0;
        int reseeded = 0;
        double change = Double.NaN;
        double[] epochError = new double[2];
        while (epochs < maxIter) {
            epochs++;
            float[] before = centroids.clone();
            long[] epochCounts = new long[c];
            FloatMatrix[] last = {null};
            float[] lastBest = {};
            float[][] lastBestRef = {lastBest};
            epochError[0] = 0;
            epochError[1] = 0;
            float[] current = centroids;
            ClassicalData.forEachBatch(data, batchSize, true, batchSeed + epochs, id, context, batch -> {
                float[] best = new float[batch.rows()];
                int[] assignment = KMeansDictionary.nearest(
                        KMeansDictionary.squaredDistances(batch, new FloatMatrix(c, d, current)), best);
                for (int i = 0; i < batch.rows(); i++) {
                    int a = assignment[i];
                    absorbed[a]++;
                    epochCounts[a]++;
                    double eta = 1.0 / absorbed[a];
                    for (int j = 0; j < d; j++) {
                        float v = batch.data()[i * d + j];
                        current[a * d + j] += (float) (eta * (v - current[a * d + j]));
                        epochError[1] += (double) v * v;
                    }
                    epochError[0] += best[i];
                }
                last[0] = batch;
                lastBestRef[0] = best;
            });
            Integer[] byDistance = null;
            int nextFar = 0;
            for (int a = 0; a < c; a++) {
                if (epochCounts[a] > 0 || last[0] == null) {
                    continue;
                }
                if (byDistance == null) {
                    byDistance = farthestFirst(lastBestRef[0]);
                }
                int row = byDistance[Math.min(nextFar++, byDistance.length - 1)];
                System.arraycopy(last[0].data(), row * d, centroids, a * d, d);
                absorbed[a] = 0;
                reseeded++;
            }
            change = ClassicalData.relativeChange(centroids, before);
            if (change <= tol) {
                break;
            }
        }
        metrics.put("iterations", epochs);
        metrics.put("final_centroid_change", change);
        metrics.put("inertia", epochError[0]);
        metrics.put("relative_error", Math.sqrt(epochError[0] / Math.max(epochError[1], 1e-30)));
        metrics.put("reseeded", reseeded);
        for (float v : centroids) {
            if (!Float.isFinite(v)) {
                throw new InvalidDataException(id + ": mini-batch k-means produced a non-finite centroid");
            }
        }
        return new FloatMatrix(c, d, centroids);
    }

    private static Integer[] farthestFirst(float[] distances) {
        Integer[] order = new Integer[distances.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(distances[b], distances[a]));
        return order;
    }

    private static double sumOfSquares(float[] values) {
        double s = 0;
        for (float v : values) {
            s += (double) v * v;
        }
        return s;
    }
}
