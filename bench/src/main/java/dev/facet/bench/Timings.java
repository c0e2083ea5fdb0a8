package dev.facet.bench;

import dev.facet.spi.ConfigException;
import java.util.Arrays;

/**
 * Wall-clock seconds of repeated runs of one piece of work, after warm-up runs that are not kept.
 *
 * @param seconds one entry per measured run
 */
public record Timings(double[] seconds) {

    public Timings {
        if (seconds.length == 0) {
            throw new ConfigException("Timings need at least one measured run");
        }
        seconds = seconds.clone();
    }

    /** Runs {@code work} {@code warmup} times unmeasured, then {@code repeats} times measured. */
    public static Timings measure(int warmup, int repeats, Runnable work) {
        if (warmup < 0 || repeats < 1) {
            throw ConfigException.outOfRange("warmup/repeats", warmup + "/" + repeats, "warmup >= 0, repeats >= 1");
        }
        for (int i = 0; i < warmup; i++) {
            work.run();
        }
        double[] seconds = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            work.run();
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        return new Timings(seconds);
    }

    public double median() {
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public double min() {
        return Arrays.stream(seconds).min().orElseThrow();
    }

    public double mean() {
        return Arrays.stream(seconds).average().orElseThrow();
    }

    @Override
    public double[] seconds() {
        return seconds.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Timings t && Arrays.equals(seconds, t.seconds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(seconds);
    }

    @Override
    public String toString() {
        return "Timings[median=" + median() + "s over " + seconds.length + " runs]";
    }
}
