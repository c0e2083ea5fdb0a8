package dev.facet.extractors.store;

import dev.facet.spi.ConfigException;
import dev.facet.spi.config.Setting;
import dev.facet.spi.dictionary.ActivationSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Images of an activation store held out of training, so that evaluation scores a dictionary on rows
 * it never saw (docs/algorithms.md#held-out-images). Whole images are held out, never some of one
 * image's rows: the k = round(fraction × n) of the n distinct image ids whose SHA-256 is smallest (at
 * least 1, and at most n − 1 so that one image still trains). The rule depends only on the ids, so the
 * same store splits the same way in every run, whatever the seed, and a killed run resumes on the same
 * rows. A store of a single image cannot be split: nothing is held out, and {@link #warning()} says so.
 */
public final class HeldOutSplit {

    /** The default fraction of the images held out. */
    public static final double DEFAULT_FRACTION = 0.05;

    /** The setting: the fraction of the images held out, 0 for none. */
    public static final Setting<Double> FRACTION = Setting.decimal("holdout",
            "fraction of the store's images held out of training and scored apart by evaluation (whole images, "
                    + "at least 1 when above 0); 0 for none").defaultValue(DEFAULT_FRACTION).min(0).below(1);

    /** How the held-out images are chosen, as recorded in provenance. */
    public static final String RULE = "the round(fraction x images) distinct image ids (at least 1, leaving at least "
            + "1 to train on) whose SHA-256 is smallest";

    private final ActivationStore store;
    private final double fraction;
    private final long images;
    private final ImageSubset training;
    private final ImageSubset heldOut;
    private final String digest;
    private final String warning;
    private final Set<String> held;

    private HeldOutSplit(ActivationStore store, double fraction, long images, ImageSubset training,
                         ImageSubset heldOut, String digest, String warning, Set<String> held) {
        this.store = store;
        this.fraction = fraction;
        this.images = images;
        this.training = training;
        this.heldOut = heldOut;
        this.digest = digest;
        this.warning = warning;
        this.held = held;
    }

    /**
     * Splits {@code store}: reads every shard's image ids (not its rows).
     *
     * @param fraction the fraction of the images to hold out, in [0, 1)
     * @throws ConfigException naming {@code holdout} when the fraction is outside [0, 1)
     */
    public static HeldOutSplit of(ActivationStore store, double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw ConfigException.outOfRange(FRACTION.name(), fraction, "[0, 1)");
        }
        if (fraction == 0) {
            return new HeldOutSplit(store, 0, store.images(), null, null, null, null, Set.of());
        }
        List<ShardImages> shards = new ArrayList<>();
        for (int s = 0; s < store.shards().size(); s++) {
            shards.add(store.images(s));
        }
        TreeMap<String, String> byHash = new TreeMap<>();
        for (ShardImages shard : shards) {
            for (String id : shard.ids()) {
                byHash.putIfAbsent(hashKey(id), id);
            }
        }
        int n = byHash.size();
        if (n < 2) {
            return new HeldOutSplit(store, fraction, n, null, null, null, "holdout " + fraction + ": the store "
                    + store.directory() + " holds " + n + " image" + (n == 1 ? "" : "s")
                    + ", so none can be held out; every row trains and evaluation scores the training rows only",
                    Set.of());
        }
        long k = Math.max(1, Math.min(n - 1, Math.round(fraction * n)));
        Set<String> held = new HashSet<>();
        MessageDigest all = sha256();
        for (String id : byHash.values()) {
            if (held.size() < k) {
                held.add(id);
            }
            all.update(id.getBytes(StandardCharsets.UTF_8));
            all.update((byte) '\n');
        }
        String digest = HexFormat.of().formatHex(all.digest());
        ImageSubset training = new ImageSubset(store, shards, id -> !held.contains(id));
        ImageSubset heldOut = new ImageSubset(store, shards, held::contains);
        return new HeldOutSplit(store, fraction, n, training, heldOut, digest, null, Set.copyOf(held));
    }

    /** Whether some images are held out. */
    public boolean isSplit() {
        return heldOut != null;
    }

    /**
     * The rows to train on (every row of the store when nothing is held out), described with the
     * split under {@code holdout}, so that a learner's provenance records it.
     */
    public ActivationSource training() {
        return new DescribedSource(training == null ? store : training, Map.of("holdout", describe()));
    }

    /** The rows held out, or {@code null} when nothing is. */
    public ImageSubset heldOut() {
        return heldOut;
    }

    /** Whether the image {@code id} is held out. */
    public boolean isHeldOut(String id) {
        return held.contains(id);
    }

    /** Why a requested split could not be made (a store of one image), or {@code null}. */
    public String warning() {
        return warning;
    }

    /**
     * SHA-256 over the store's distinct image ids (in the split's order, each followed by a newline),
     * which identifies the split: another store with the same images splits the same way. {@code null}
     * when nothing is held out.
     */
    public String imagesSha256() {
        return digest;
    }

    /** What provenance records: the fraction, the rule, the image and row counts and {@link #imagesSha256()}. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("fraction", fraction);
        if (fraction == 0) {
            out.put("held_out_images", 0L);
            return out;
        }
        out.put("rule", RULE);
        out.put("images", images);
        out.put("held_out_images", heldOut == null ? 0 : heldOut.images());
        if (heldOut != null) {
            out.put("training_rows", training.rows());
            out.put("held_out_rows", heldOut.rows());
            out.put("images_sha256", digest);
        } else {
            out.put("note", warning);
        }
        return out;
    }

    /** Sorts ids by their SHA-256 (as hex, so lexicographic order is numeric order), then by the id itself. */
    private static String hashKey(String id) {
        byte[] hash = sha256().digest(id.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hash) + '\n' + id;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** A source with extra entries in its description. */
    private record DescribedSource(ActivationSource source, Map<String, Object> extra) implements ActivationSource {
        @Override
        public int dim() {
            return source.dim();
        }

        @Override
        public long rows() {
            return source.rows();
        }

        @Override
        public dev.facet.spi.dictionary.BatchStream openBatches(int batchSize, boolean shuffle, long seed) {
            return source.openBatches(batchSize, shuffle, seed);
        }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> out = new LinkedHashMap<>(source.describe());
            out.putAll(extra);
            return out;
        }
    }
}
