package dev.facet.spark.evaluate;

import dev.facet.extractors.store.ActivationStore;
import dev.facet.extractors.store.HeldOutSplit;
import dev.facet.extractors.store.ShardImages;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What the evaluation does with one shard: which of its images are held out, and how many of its scored and
 * held-out rows the pass takes (the first rows in store order, up to the row limit), with the index of each
 * set's first row among the rows of its pass.
 *
 * @param shard        the shard's index in the store
 * @param imageRows    the rows of each of its images, in row order
 * @param heldOut      whether each image is held out; {@code null} when nothing is
 * @param firstRow     index of the shard's first scored row among the scored rows of the pass
 * @param take         scored rows of the shard the pass takes
 * @param heldFirstRow index of the shard's first held-out row among the held-out rows
 * @param heldTake     held-out rows of the shard the pass takes
 */
record ShardWork(int shard, int[] imageRows, boolean[] heldOut, long firstRow, int take, long heldFirstRow,
                 int heldTake) implements Serializable {

    /**
     * The work on every shard of {@code store} that has rows to score: all rows, or, with a {@code split},
     * the training rows scored and the held-out rows scored apart, each set cut at {@code limitRows} (0 for
     * all).
     */
    static List<ShardWork> plan(ActivationStore store, HeldOutSplit split, long limitRows) {
        List<ShardImages> images = new ArrayList<>();
        long scored = 0;
        long held = 0;
        for (int s = 0; s < store.shards().size(); s++) {
            ShardImages shard = store.images(s);
            images.add(shard);
            int[] rows = shard.rows();
            for (int i = 0; i < rows.length; i++) {
                if (split != null && split.isHeldOut(shard.ids().get(i))) {
                    held += rows[i];
                } else {
                    scored += rows[i];
                }
            }
        }
        long scoredLimit = limitRows == 0 ? scored : Math.min(limitRows, scored);
        long heldLimit = limitRows == 0 ? held : Math.min(limitRows, held);
        List<ShardWork> work = new ArrayList<>();
        long before = 0;
        long heldBefore = 0;
        for (int s = 0; s < images.size(); s++) {
            ShardImages shard = images.get(s);
            int[] rows = shard.rows();
            boolean[] heldOut = split == null ? null : new boolean[rows.length];
            long scoredHere = 0;
            long heldHere = 0;
            for (int i = 0; i < rows.length; i++) {
                if (heldOut != null) {
                    heldOut[i] = split.isHeldOut(shard.ids().get(i));
                }
                if (heldOut != null && heldOut[i]) {
                    heldHere += rows[i];
                } else {
                    scoredHere += rows[i];
                }
            }
            int take = (int) Math.max(0, Math.min(scoredHere, scoredLimit - before));
            int heldTake = (int) Math.max(0, Math.min(heldHere, heldLimit - heldBefore));
            if (take > 0 || heldTake > 0) {
                work.add(new ShardWork(s, rows, heldOut, before, take, heldBefore, heldTake));
            }
            before += scoredHere;
            heldBefore += heldHere;
        }
        return work;
    }

    /** Whether each image's rows are scored (not held out). */
    boolean[] scoredImages() {
        boolean[] scored = new boolean[imageRows.length];
        for (int i = 0; i < scored.length; i++) {
            scored[i] = heldOut == null || !heldOut[i];
        }
        return scored;
    }
}
