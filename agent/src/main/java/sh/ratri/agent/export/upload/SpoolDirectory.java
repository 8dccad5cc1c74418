package sh.ratri.agent.export.upload;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
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
 */
public final class SpoolDirectory {

    private static final Pattern NAME = Pattern.compile("(\\d{13})-(\\d{10})-(\\d{9})-(\\d+)\\.json\\.gz");

    /** One spooled batch. */
    public record Entry(Path file, int events, long bytes) {
    }

    private final Path dir;
    private final long maxBytes;
    private final String prefix;
    private final TreeMap<String, Entry> entries = new TreeMap<>();
    private Entry inFlight;
    private long bytes;
    private long batchNumber;
    private long spooledEvents;
    private long lostEvents;
    private long lostBatches;

    public SpoolDirectory(Path dir, long maxBytes, long startMillis, long pid) {
        this.dir = dir;
        this.maxBytes = maxBytes;
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
                    entries.put(file.getFileName().toString(), new Entry(file, Integer.parseInt(m.group(4)), size));
                    bytes += size;
                }
            }
        } catch (IOException e) {
            // an unreadable spool is treated as empty: new batches still get written
        }
    }

    /** Writes one batch; returns false when it could not be written (its events are then counted lost). */
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
            lostEvents += events;
            lostBatches++;
            return false;
        }
        entries.put(name, new Entry(file, events, body.length));
        bytes += body.length;
        spooledEvents += events;
        return true;
    }

    private void makeRoom(long incoming) {
        while (bytes + incoming > maxBytes) {
            Entry oldest = oldestNotInFlight();
            if (oldest == null) {
                return;
            }
            remove(oldest);
            lostEvents += oldest.events();
            lostBatches++;
        }
    }

    private Entry oldestNotInFlight() {
        for (Entry e : entries.values()) {
            if (e != inFlight) {
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
        return Files.readAllBytes(entry.file());
    }

    private void remove(Entry entry) {
        if (entries.remove(entry.file().getFileName().toString()) != null) {
            bytes -= entry.bytes();
        }
        try {
            Files.deleteIfExists(entry.file());
        } catch (NoSuchFileException e) {
            // another JVM sharing the directory sent it first
        } catch (IOException e) {
            // left behind: sent again later, receivers de-duplicate by eventId
        }
    }

    public synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    public synchronized long pendingEvents() {
        return entries.values().stream().mapToLong(Entry::events).sum();
    }

    public synchronized long pendingBytes() {
        return bytes;
    }

    /** Events this JVM wrote to the spool. */
    public synchronized long spooledEvents() {
        return spooledEvents;
    }

    /** Events removed unsent to keep the bound, or that could not be written at all. */
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
