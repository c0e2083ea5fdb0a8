package dev.facet.dictionaries.factor;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.dictionary.BatchStream;
import dev.facet.spi.run.CancellationToken;
import dev.facet.spi.tensor.FloatMatrix;

/** Reads a whole activation source into one heap matrix, for learners that fit in memory. */
public final class SourceRows {

    private static final int READ_BATCH = 8192;

    private SourceRows() {
    }

    /**
     * Every row of {@code data}, in source order, checked finite.
     *
     * @param learner      id named in errors
     * @param maxRows      the most rows the learner accepts
     * @param cancellation checked between batches, or {@code null}
     * @throws InvalidDataException when the source is empty, larger than {@code maxRows} or one Java
     *                              array, delivers another row count than it announced, or holds non-finite values
     */
    public static FloatMatrix readAll(ActivationSource data, String learner, long maxRows,
                                      CancellationToken cancellation) {
        long rows = data.rows();
        int dim = data.dim();
        if (rows < 1) {
            throw new InvalidDataException("Learner '" + learner + "' got an activation source with no rows");
        }
        if (rows > maxRows) {
            throw new InvalidDataException("Learner '" + learner + "' holds the data in memory and accepts at most "
                    + maxRows + " rows, found " + rows + "; subsample the rows");
        }
        if (rows * (long) dim > Integer.MAX_VALUE - 8) {
            throw new InvalidDataException("Learner '" + learner + "' holds the data in one heap array: " + rows
                    + " rows of width " + dim + " exceed " + (Integer.MAX_VALUE - 8)
                    + " values; subsample the rows or use a streaming learner");
        }
        float[] out = new float[(int) (rows * dim)];
        int filled = 0;
        try (BatchStream batches = data.openBatches(READ_BATCH, false, 0L)) {
            while (batches.hasNext()) {
                if (cancellation != null) {
                    cancellation.throwIfCancelled("reading the data of '" + learner + "'");
                }
                FloatMatrix batch = batches.next();
                batch.requireCols("batch read by '" + learner + "'", dim);
                if (filled + batch.data().length > out.length) {
                    throw new InvalidDataException("Source announced " + rows + " rows but delivered more");
                }
                System.arraycopy(batch.data(), 0, out, filled, batch.data().length);
                filled += batch.data().length;
            }
        }
        if (filled != out.length) {
            throw new InvalidDataException("Source announced " + rows + " rows but delivered " + filled / Math.max(dim, 1));
        }
        return new FloatMatrix((int) rows, dim, out).requireFinite("training data of '" + learner + "'");
    }
}
