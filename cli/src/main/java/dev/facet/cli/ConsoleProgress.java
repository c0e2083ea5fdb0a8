package dev.facet.cli;

import dev.facet.spi.run.ProgressListener;
import dev.facet.spi.run.ProgressTask;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress bar on the terminal: done/total, rate, ETA and the last status, redrawn at most ten
 * times a second with a carriage return. When the output is not a terminal it prints a plain line
 * every few seconds instead, so logs stay readable.
 */
final class ConsoleProgress implements ProgressListener {
    private static final int WIDTH = 30;
    private final PrintWriter out;
    private final boolean terminal;

    ConsoleProgress(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public ProgressTask start(String name, long total, String unit) {
        return new Bar(name, total, unit);
    }

    private final class Bar implements ProgressTask {
        private final String name;
        private final long total;
        private final String unit;
        private final long started = System.nanoTime();
        private final AtomicLong done = new AtomicLong();
        private volatile String status = "";
        private long lastDraw;

        Bar(String name, long total, String unit) {
            this.name = name;
            this.total = total;
            this.unit = unit;
        }

        @Override
        public void advance(long units) {
            done.addAndGet(units);
            draw(false);
        }

        @Override
        public void status(String message) {
            status = message == null ? "" : message;
        }

        @Override
        public void close() {
            draw(true);
            if (terminal) {
                synchronized (out) {
                    out.println();
                    out.flush();
                }
            }
        }

        private void draw(boolean force) {
            long now = System.nanoTime();
            long interval = terminal ? 100_000_000L : 5_000_000_000L;
            synchronized (out) {
                if (!force && now - lastDraw < interval) {
                    return;
                }
                lastDraw = now;
                out.print((terminal ? "\r" : "") + line(now) + (terminal ? "" : System.lineSeparator()));
                out.flush();
            }
        }

        private String line(long now) {
            long count = done.get();
            double seconds = Math.max(1e-9, (now - started) / 1e9);
            double rate = count / seconds;
            StringBuilder text = new StringBuilder(name).append(' ');
            if (total > 0) {
                int filled = (int) Math.min(WIDTH, WIDTH * count / total);
                text.append('[').append("#".repeat(filled)).append(" ".repeat(WIDTH - filled)).append("] ")
                        .append(count).append('/').append(total);
            } else {
                text.append(count);
            }
            text.append(' ').append(unit).append(String.format(Locale.ROOT, "  %.1f %s/s", rate, unit));
            if (total > 0 && rate > 0) {
                text.append("  ETA ").append(clock((total - count) / rate));
            }
            text.append("  ").append(clock(seconds));
            if (!status.isEmpty()) {
                text.append("  ").append(status);
            }
            return text.toString();
        }
    }

    static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
