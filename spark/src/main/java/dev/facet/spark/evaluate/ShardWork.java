package dev.facet.spark.evaluate;

import dev.facet.extractors.store.ActivationStore;
import dev.facet.extractors.store.HeldOutSplit;
import dev.facet.extractors.store.ShardImages;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one shard's rows are in the evaluation's two passes: which of its images are held out, and the range
 * its scored rows (all rows, or the training rows when images are held out) and its held-out rows take among
 * the rows of their pass, in store order.
 *
 * @param shard        the shard's index in the store
 * @param imageRows    the rows of each of its images, in row order
 * @param heldOut      whether each image is held out; {@code null} when nothing is
 * @param firstRow     index of the shard's first scored row among the scored rows
 * @param scoredRows   its scored rows
 * @param heldFirstRow index of the shard's first held-out row among the held-out rows
 * @param heldRows     its held-out rows
 */
record ShardWork(int shard, int[] imageRows, boolean[] heldOut, long firstRow, long scoredRows, long heldFirstRow,
                 long heldRows) implements Serializable {

    /** Every shard of {@code store}, split by {@code split} (or {@code null}: nothing held out). */
    static List<ShardWork> plan(ActivationStore store, HeldOutSplit split) {
        List<ShardWork> work = new ArrayList<>();
        long scoredBefore = 0;
        long heldBefore = 0;
        for (int s = 0; s < store.shards().size(); s++) {
            ShardImages shard = store.images(s);
            int[] rows = shard.rows();
            boolean[] heldOut = split == null ? null : new boolean[rows.length];
            long scored = 0;
            long held = 0;
            for (int i = 0; i < rows.length; i++) {
                if (heldOut != null && split.isHeldOut(shard.ids().get(i))) {
                    heldOut[i] = true;
                    held += rows[i];
                } else {
                    scored += rows[i];
                }
            }
            work.add(new ShardWork(s, rows, heldOut, scoredBefore, scored, heldBefore, held));
            scoredBefore += scored;
            heldBefore += held;
        }
        return work;
    }

    /** Index of the shard's first row of a pass among the rows of that pass. */
    long first(boolean held) {
        return held ? heldFirstRow : firstRow;
    }

    /** The shard's rows of a pass. */
    long rows(boolean held) {
        return held ? heldRows : scoredRows;
    }

    /** Whether the shard holds some of the rows {@code [from, from + count)} of a pass. */
    boolean overlaps(boolean held, long from, long count) {
        return first(held) < from + count && from < first(held) + rows(held);
    }

    /** Whether each image's rows belong to a pass. */
    boolean[] images(boolean held) {
        boolean[] in = new boolean[imageRows.length];
        for (int i = 0; i < in.length; i++) {
            boolean isHeld = heldOut != null && heldOut[i];
            in[i] = isHeld == held;
        }
        return in;
    }
}
