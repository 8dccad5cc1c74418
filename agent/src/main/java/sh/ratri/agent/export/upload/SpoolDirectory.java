package sh.ratri.agent.export.upload;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Batches waiting to be sent, one file each, oldest first. Every batch is written here before it
 * is sent, so a batch survives a dead backend, a killed JVM and a restart; it is deleted once the
 * backend took it. The directory holds at most {@code maxBytes} (or the newest batch alone when
 * that is larger): to make room the oldest batches go, and the events in them are counted as lost.
 *
 * <p>File names sort in the order batches were made, {@code <millis>-<pid>-<number>-<events>.json.gz},
 * so a JVM that starts later sends what an earlier one left behind, in order, before its own.
 * The exporter thread appends and the uploader thread takes: every method is synchronized.
 *
 * <p>A batch that cannot be written (the directory is not writable, the disk is full) is held in
 * memory instead and sent from there in its turn, so a working backend still gets everything; the
 * error is reported once. Held batches are bounded by {@link #MEMORY_MAX_BYTES} (oldest go first)
 * and do not outlive the JVM: those evicted or unsent at exit are counted as lost.
 */
public final class SpoolDirectory {

    /** At most this much is held in memory for a spool that cannot be written, or {@code maxBytes} if less. */
    static final long MEMORY_MAX_BYTES = 16L << 20;
    private static final Pattern NAME = Pattern.compile("(\\d{13})-(\\d{10})-(\\d{9})-(\\d+)\\.json\\.gz");

    /** One batch: a file, or {@code held} in memory when the file could not be written. */
    public record Entry(Path file, int events, long bytes, byte[] held) {
    }

    private final Path dir;
    private final long maxBytes;
    private final long memoryMaxBytes;
    private final Consumer<String> problems;
    private final String prefix;
    private final TreeMap<String, Entry> entries = new TreeMap<>();
    private Entry inFlight;
    private long bytes;
    private long batchNumber;
    private long spooledEvents;
    private long lostEvents;
    private long lostBatches;
    private long heldBytes;
    private long heldLostEvents;
    private String writeError;

    /** @param problems receives the one line saying the spool cannot be written, and why */
    public SpoolDirectory(Path dir, long maxBytes, long startMillis, long pid, Consumer<String> problems) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.memoryMaxBytes = Math.min(maxBytes, MEMORY_MAX_BYTES);
        this.problems = problems;
        this.prefix = String.format("%013d-%010d-", startMillis, pid);
        scan();
    }

    /** Picks up what earlier JVMs left; tolerates a missing directory and foreign files. */
    private void scan() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json.gz")) {
            for (Path file : files) {
                Matcher m = NAME.matcher(file.getFileName().toString());
                if (m.matches()) {
                    long size = Files.size(file);
                    entries.put(file.getFileName().toString(), new Entry(file, Integer.parseInt(m.group(4)), size, null));
                    bytes += size;
                }
            }
        } catch (IOException e) {
            // an unreadable spool is treated as empty: new batches still get written
        }
    }

    /** Writes one batch; returns false when it could not be written and is held in memory instead. */
    public synchronized boolean append(byte[] body, int events) {
        makeRoom(body.length);
        String name = prefix + String.format("%09d", batchNumber++) + "-" + events + ".json.gz";
        Path file = dir.resolve(name);
        Path partial = dir.resolve(name + ".partial");
        try {
            Files.createDirectories(dir);
            Files.write(partial, body);
            try {
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(partial);
            hold(name, file, body, events, e);
            return false;
        }
        entries.put(name, new Entry(file, events, body.length, null));
        bytes += body.length;
        spooledEvents += events;
        return true;
    }

    private void hold(String name, Path file, byte[] body, int events, IOException e) {
        if (writeError == null) {
            writeError = e.toString();
            String bound = memoryMaxBytes >= 1 << 20 ? (memoryMaxBytes >> 20) + " MiB" : memoryMaxBytes + " bytes";
            problems.accept("ratri: cannot write to the spool " + dir + " (" + writeError + "); sending its batches "
                    + "from memory meanwhile (at most " + bound + " held), what is unsent at exit is lost");
        }
        while (heldBytes + body.length > memoryMaxBytes) {
            Entry oldest = oldestNotInFlight(true);
            if (oldest == null) {
                break;
            }
            remove(oldest);
            heldLostEvents += oldest.events();
        }
        entries.put(name, new Entry(file, events, body.length, body));
        heldBytes += body.length;
    }

    private void makeRoom(long incoming) {
        while (bytes + incoming > maxBytes) {
            Entry oldest = oldestNotInFlight(false);
            if (oldest == null) {
                return;
            }
            remove(oldest);
            lostEvents += oldest.events();
            lostBatches++;
        }
    }

    private Entry oldestNotInFlight(boolean held) {
        for (Entry e : entries.values()) {
            if (e != inFlight && (e.held() != null) == held) {
                return e;
            }
        }
        return null;
    }

    /** The oldest batch, now marked as being sent so that eviction leaves it alone; null when empty. */
    public synchronized Entry take() {
        Map.Entry<String, Entry> first = entries.firstEntry();
        inFlight = first == null ? null : first.getValue();
        return inFlight;
    }

    /** The batch was taken by the backend, or refused for good: it is no longer needed. */
    public synchronized void done(Entry entry) {
        remove(entry);
        if (inFlight == entry) {
            inFlight = null;
        }
    }

    /** The batch could not be sent now and stays for a later try. */
    public synchronized void release(Entry entry) {
        if (inFlight == entry) {
            inFlight = null;
        }
    }

    public byte[] read(Entry entry) throws IOException {
        return entry.held() != null ? entry.held() : Files.readAllBytes(entry.file());
    }

    private void remove(Entry entry) {
        if (entries.remove(entry.file().getFileName().toString()) != null) {
            if (entry.held() != null) {
                heldBytes -= entry.bytes();
            } else {
                bytes -= entry.bytes();
            }
        }
        if (entry.held() == null) {
            deleteQuietly(entry.file());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left behind: a batch is sent again later (receivers de-duplicate by eventId), a partial one ignored
        }
    }

    public synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Events in batch files, which the next start sends if this JVM does not. */
    public synchronized long pendingEvents() {
        return entries.values().stream().filter(e -> e.held() == null).mapToLong(Entry::events).sum();
    }

    /**
     * Events of batches that could not be written: evicted from memory, or still held there (which
     * at exit means lost too).
     */
    public synchronized long unspooledLostEvents() {
        return heldLostEvents + entries.values().stream().filter(e -> e.held() != null).mapToLong(Entry::events).sum();
    }

    /** The first error that kept a batch off the disk, or null. */
    public synchronized String writeError() {
        return writeError;
    }

    public synchronized long pendingBytes() {
        return bytes;
    }

    /** Events this JVM wrote to the spool. */
    public synchronized long spooledEvents() {
        return spooledEvents;
    }

    /** Events of batch files removed unsent to keep {@code maxBytes}. */
    public synchronized long lostEvents() {
        return lostEvents;
    }

    public synchronized long lostBatches() {
        return lostBatches;
    }

    public Path dir() {
        return dir;
    }
}
