package dev.facet.dictionaries.sae.train;

/**
 * Which latents are dead: a latent is dead when it has not fired within the last W samples, W
 * being the window or, before W samples have been seen, every sample so far
 * (docs/algorithms.md#dead-latents).
 */
public final class DeadLatentTracker {

    private final long window;
    private final long[] lastFired;
    private long samples;

    public DeadLatentTracker(int concepts, long window) {
        if (window < 1) {
            throw dev.facet.spi.ConfigException.outOfRange("dead_window", window, ">= 1");
        }
        this.window = window;
        this.lastFired = new long[concepts];
    }

    /** Records one batch of {@code rows} samples in which the latents marked in {@code fired} fired. */
    public void record(boolean[] fired, int rows) {
        samples += rows;
        for (int i = 0; i < fired.length; i++) {
            if (fired[i]) {
                lastFired[i] = samples;
            }
        }
    }

    public boolean isDead(int concept) {
        return samples - lastFired[concept] >= Math.min(window, Math.max(1, samples));
    }

    /** A mask with 1 for each dead latent. */
    public float[] deadMask() {
        float[] mask = new float[lastFired.length];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = isDead(i) ? 1f : 0f;
        }
        return mask;
    }

    public double deadFraction() {
        int dead = 0;
        for (int i = 0; i < lastFired.length; i++) {
            if (isDead(i)) {
                dead++;
            }
        }
        return (double) dead / lastFired.length;
    }

    public long samples() {
        return samples;
    }

    /** State for a checkpoint: the sample counter then each latent's last firing. */
    public long[] state() {
        long[] state = new long[lastFired.length + 1];
        state[0] = samples;
        System.arraycopy(lastFired, 0, state, 1, lastFired.length);
        return state;
    }

    public void restore(long[] state, java.nio.file.Path source) {
        if (state.length != lastFired.length + 1) {
            throw new dev.facet.spi.CorruptArtifactException(source, "dead-latent state of " + (state.length - 1)
                    + " latents, expected " + lastFired.length);
        }
        samples = state[0];
        System.arraycopy(state, 1, lastFired, 0, lastFired.length);
    }
}
