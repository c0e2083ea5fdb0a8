package dev.facet.spi.io;

import dev.facet.spi.FacetException;
import dev.facet.spi.OutputLockedException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The exclusive lock of an output directory, held by its one writer for as long as it writes
 * (docs/formats.md#output-lock). The lock is an operating-system lock on the file {@value #FILE},
 * which also says who holds it: {@code {"pid": 4711, "host": "…", "started": "…", "command": "…"}}.
 * A second writer fails at once with an {@link OutputLockedException} naming the holder. The operating
 * system drops the lock of a process that dies, so a lock file whose lock is free but whose content
 * names a holder was left by a killed run: it is taken over, with a log line naming the dead holder.
 * Releasing empties the file and keeps it (deleting it would let a new writer lock a fresh file while
 * another still waits on the old one). Within one JVM a registry of held lock files refuses a second
 * acquisition, because the operating system would grant it to the same process. Readers take no lock.
 */
public final class OutputLock implements AutoCloseable {

    /** The lock file's name inside a locked directory. */
    public static final String FILE = ".facet-lock";
    /** The suffix of a lock file beside an output published by renaming (see {@link #acquireBeside}). */
    public static final String BESIDE_SUFFIX = ".facet-lock";

    private static final System.Logger LOG = System.getLogger(OutputLock.class.getName());
    private static final Map<Path, String> HELD = new ConcurrentHashMap<>();
    private static final Pattern FIELD = Pattern.compile("\"(pid|host|started|command)\":\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|\\d+)");
    private static final long HOLDER_WAIT_MILLIS = 1000;

    private final Path directory;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final String holder;
    private boolean open = true;

    private OutputLock(Path directory, Path file, FileChannel channel, FileLock lock, String holder) {
        this.directory = directory;
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.holder = holder;
    }

    /**
     * Checks {@code dir} with {@link OutputDirectory#requireSafe}, creates it if needed and locks it.
     *
     * @param what    the output, for the messages and the lock file (e.g. {@code "activation store"})
     * @param kind    what Facet writes there, with its article (e.g. {@code "an activation store"})
     * @param markers files whose presence marks an earlier output of this kind
     * @throws OutputLockedException when another writer holds it
     */
    public static OutputLock acquire(Path dir, String what, String kind, String... markers) {
        Path absolute = OutputDirectory.requireSafe(dir, what, kind, markers);
        createDirectories(absolute);
        return lock(absolute, absolute.resolve(FILE), what);
    }

    /**
     * Locks an output that is published by renaming a finished directory to {@code target} (see
     * {@link StagedDirectory}): the lock file {@code .NAME.facet-lock} lies beside it, in its parent,
     * which is created if needed. The caller checks {@code target} itself.
     */
    public static OutputLock acquireBeside(Path target, String what) {
        Path absolute = target.toAbsolutePath().normalize();
        createDirectories(absolute.getParent());
        return lock(absolute, absolute.resolveSibling("." + absolute.getFileName() + BESIDE_SUFFIX), what);
    }

    /** The locked directory (absolute). */
    public Path directory() {
        return directory;
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    /** This holder as written to the lock file. */
    public String holder() {
        return holder;
    }

    /** Empties the lock file and releases the lock; the file stays. */
    @Override
    public synchronized void close() {
        if (!open) {
            return;
        }
        open = false;
        try {
            channel.truncate(0);
            channel.force(true);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot empty the lock file " + file + ": " + e);
        } finally {
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Cannot release the lock file " + file + ": " + e);
            } finally {
                HELD.remove(file);
            }
        }
    }

    private static OutputLock lock(Path directory, Path lockFile, String what) {
        Path file = canonical(lockFile);
        String holder = describe(what);
        String inThisProcess = HELD.putIfAbsent(file, holder);
        if (inThisProcess != null) {
            throw new OutputLockedException(directory, readable(inThisProcess) + ", in this process");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new OutputLockedException(directory, readable(otherHolder(channel)));
            }
            String previous = read(channel);
            if (!previous.isBlank()) {
                LOG.log(System.Logger.Level.WARNING, "Taking over the lock of " + directory + " left by a process that "
                        + "is gone (" + readable(previous) + ")");
            }
            channel.truncate(0);
            AtomicFiles.writeFully(channel, ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
            return new OutputLock(directory, file, channel, lock, holder);
        } catch (IOException | RuntimeException e) {
            HELD.remove(file);
            closeQuietly(channel);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new FacetException("Cannot lock the output directory " + directory + " (" + file + "): " + e, e);
        }
    }

    /**
     * The content of a lock file held by another process. A holder that has just taken the lock may
     * not have written it yet (empty, or still the dead holder's): the content is read again for a moment.
     */
    private static String otherHolder(FileChannel channel) throws IOException {
        long deadline = System.nanoTime() + HOLDER_WAIT_MILLIS * 1_000_000;
        String content = read(channel);
        while (!live(content) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            content = read(channel);
        }
        return content;
    }

    /** Whether {@code content} names a holder that may be alive (any on another host). */
    private static boolean live(String content) {
        String pid = field(content, "pid");
        if (pid == null) {
            return false;
        }
        if (!localHost().equals(field(content, "host"))) {
            return true;
        }
        return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String read(FileChannel channel) throws IOException {
        long size = Math.min(channel.size(), 1 << 16);
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
            // reads until the buffer is full or the file ends
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    /** The holder line written to the lock file. */
    private static String describe(String what) {
        return "{\"pid\": " + ProcessHandle.current().pid() + ", \"host\": \"" + escape(localHost())
                + "\", \"started\": \"" + Instant.now() + "\", \"command\": \"" + escape(what) + "\"}\n";
    }

    /** {@code pid 4711 on host h since 2026-…, facet extract --out} or the raw content. */
    private static String readable(String content) {
        String pid = field(content, "pid");
        if (pid == null) {
            return content.isBlank() ? "holder unknown: the lock file is empty" : "lock file: " + content.strip();
        }
        return "pid " + pid + " on host " + field(content, "host") + " since " + field(content, "started") + ", writing "
                + field(content, "command");
    }

    private static String field(String content, String name) {
        Matcher matcher = FIELD.matcher(content);
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return matcher.group(3) != null ? matcher.group(3).replace("\\\"", "\"").replace("\\\\", "\\")
                        : matcher.group(2);
            }
        }
        return null;
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= ' ') {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String localHost() {
        return LocalHost.NAME;
    }

    /** The host name, looked up once (it may need a name service). */
    private static final class LocalHost {
        static final String NAME = lookUp();

        private static String lookUp() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "unknown";
            }
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new FacetException("Cannot create the output directory " + dir + ": " + e, e);
        }
    }

    private static Path canonical(Path file) {
        try {
            return file.getParent().toRealPath().resolve(file.getFileName());
        } catch (IOException e) {
            throw new FacetException("Cannot resolve the output directory " + file.getParent() + ": " + e, e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Cannot close " + channel + ": " + e);
        }
    }
}
