package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs one long {@code facet extract} in a child JVM, samples its resident anonymous memory
 * ({@code RssAnon} of {@code /proc/PID/status}) every 200 ms, and fails when the least-squares
 * trend over the second half of the samples grows faster than {@link #MAX_MIB_PER_MINUTE}. The
 * child's heap is fixed and touched at start ({@code -Xms} = {@code -Xmx},
 * {@code -XX:+AlwaysPreTouch}), so the trend measures what leaks outside the heap (native
 * tensors, ONNX Runtime sessions, direct buffers, threads); a heap leak ends the run with an
 * {@code OutOfMemoryError} instead, which fails the test too. The child compiles with C1 only
 * ({@code -XX:TieredStopAtLevel=1}): C2's compiler arenas and code cache keep growing for minutes as
 * hot paths recompile, which CI runs measured as 21–27 MiB/min of anonymous memory in a 30 s run, the
 * same shape as a leak; a leak of the extraction's own memory grows the same with either compiler.
 *
 * <p>{@code -Dfacet.soak.seconds=N} sets how long it runs (default 30, the CI form);
 * {@code -Dgroups=soak} runs it alone.
 */
@Tag("soak")
class ExtractSoakTest {
    private static final int SECONDS = Integer.getInteger("facet.soak.seconds", 30);
    /**
     * Measured on 2 cores: 2.2 MiB/min over a 30 s run, 1.6 MiB/min over 120 s (the child stores
     * ~1,200 images per second). Leaking one stored row (128 floats) per image would add about
     * 35 MiB/min, one batch's input (64 × 28 × 28 floats) per forward pass over 200 MiB/min.
     */
    private static final double MAX_MIB_PER_MINUTE = 20;
    private static final int HEAP_MB = 256;
    private static final long SAMPLE_MILLIS = 200;

    @TempDir
    Path dir;

    @RegisterExtension
    final CliProcesses cli = new CliProcesses();

    @Test
    void aLongExtractionKeepsItsMemoryFlat() throws Exception {
        // more images than the run can extract in SECONDS (it stores ~1,200 per second on 2 cores)
        int copies = Math.max(4, SECONDS);
        Path images = FashionMnistCopies.write(dir.resolve("images-idx3-ubyte"), copies);
        long heap = HEAP_MB + Files.size(images) / (1 << 20); // the IDX file is read into the heap
        Path log = dir.resolve("soak.log");
        Process child = cli.start(List.of("-Xms" + heap + "m", "-Xmx" + heap + "m", "-XX:+AlwaysPreTouch",
                        "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1"), log,
                List.of("extract", "--model", "tiny-vit-fmnist", "--layer", "2", "--tokens", "cls", "--images",
                        images.toString(), "--out", dir.resolve("store").toString()));
        List<double[]> samples = new ArrayList<>(); // {minutes since start, MiB}
        long started = System.nanoTime();
        Path status = Path.of("/proc", Long.toString(child.pid()), "status");
        while (child.isAlive() && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(SECONDS)) {
            long kib = rssKib(status);
            if (kib > 0) {
                samples.add(new double[] {(System.nanoTime() - started) / 60e9, kib / 1024.0});
            }
            Thread.sleep(SAMPLE_MILLIS);
        }
        boolean finished = !child.isAlive();
        if (finished) {
            assertEquals(0, child.exitValue(), () -> "the extraction; output:\n" + CliProcesses.text(log));
        }
        child.destroyForcibly();
        assertTrue(samples.size() >= 20, "samples: " + samples.size());
        List<double[]> late = samples.subList(samples.size() / 2, samples.size());
        // A leak grows at a steady rate to the end; warm-up (JIT code, allocator arenas) slows down. The
        // slower of the second half's and the last third's trends is held to the bound.
        double slope = Math.min(slope(late), slope(samples.subList(samples.size() * 2 / 3, samples.size())));
        String summary = String.format(Locale.ROOT, "%d samples over %.0f s%s; RSS %.0f MiB at the first sample, "
                        + "%.0f MiB at mid-run, %.0f MiB at the last; trend over the second half or last third %.2f MiB/min "
                        + "(bound %.0f)", samples.size(), samples.get(samples.size() - 1)[0] * 60,
                finished ? " (extraction finished)" : "", samples.get(0)[1], late.get(0)[1],
                late.get(late.size() - 1)[1], slope, MAX_MIB_PER_MINUTE);
        System.out.println("ExtractSoakTest: " + summary);
        assertTrue(slope <= MAX_MIB_PER_MINUTE, "resident memory grows: " + summary);
    }

    /**
     * RssAnon in KiB (resident anonymous memory: heap, native tensors, allocator arenas, thread stacks),
     * or 0 when the process has gone. File-backed pages are left out: the shared libraries' and jars'
     * pages become resident as code paths first run, which is not a leak.
     */
    private static long rssKib(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("RssAnon:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    /** Least-squares slope of {y} over {x}. */
    private static double slope(List<double[]> points) {
        double meanX = points.stream().mapToDouble(p -> p[0]).average().orElseThrow();
        double meanY = points.stream().mapToDouble(p -> p[1]).average().orElseThrow();
        double covariance = 0;
        double variance = 0;
        for (double[] p : points) {
            covariance += (p[0] - meanX) * (p[1] - meanY);
            variance += (p[0] - meanX) * (p[0] - meanX);
        }
        return covariance / variance;
    }
}
