package sh.ratri.agent.replay;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import sh.ratri.agent.json.JsonReader;
import sh.ratri.agent.schema.EventType;

/**
 * The first pass of a replay: reads every line of every file once and keeps, per session, only
 * where its events are (file, byte offset, length, line) and when it started — about 16 bytes an
 * event and a few hundred a session, however large the files. Attributes are passed over unread.
 * Lines it cannot use go to the {@link SkipReport}; the second pass ({@link SessionLoader}) reads
 * one session's lines back at a time.
 */
final class SessionIndex {

    /** Byte offsets take the low bits of a location, the file's position in {@link #files()} the rest. */
    private static final int OFFSET_BITS = 44;
    private static final long OFFSET_MASK = (1L << OFFSET_BITS) - 1;

    /** Where one session's events are, in the order they were read, and when the session started. */
    static final class Entry {
        private final String sessionId;
        private long[] locations = new long[4];
        private int[] lengths = new int[4];
        private int[] lineNumbers = new int[4];
        private int size;
        private long bytes;
        private Instant firstSeen;
        private Instant startedAt;
        private boolean tallied;

        private Entry(String sessionId) {
            this.sessionId = sessionId;
        }

        String sessionId() {
            return sessionId;
        }

        /** As {@link SessionTree} places it: its {@code session.started}, else its earliest event. */
        Instant start() {
            return startedAt != null ? startedAt : firstSeen;
        }

        int events() {
            return size;
        }

        long bytes() {
            return bytes;
        }

        int fileIndex(int event) {
            return (int) (locations[event] >>> OFFSET_BITS);
        }

        long offset(int event) {
            return locations[event] & OFFSET_MASK;
        }

        int length(int event) {
            return lengths[event];
        }

        int lineNumber(int event) {
            return lineNumbers[event];
        }

        /** True the first time only: what a session's load finds wrong is reported once, however often it loads. */
        boolean firstLoad() {
            boolean first = !tallied;
            tallied = true;
            return first;
        }

        private void add(int fileIndex, long offset, int length, int lineNumber, RecordedEvent head) {
            if (size == locations.length) {
                int capacity = size * 2;
                locations = Arrays.copyOf(locations, capacity);
                lengths = Arrays.copyOf(lengths, capacity);
                lineNumbers = Arrays.copyOf(lineNumbers, capacity);
            }
            locations[size] = (long) fileIndex << OFFSET_BITS | offset;
            lengths[size] = length;
            lineNumbers[size] = lineNumber;
            size++;
            bytes += length;
            Instant at = head.timestamp();
            if (firstSeen == null || at.isBefore(firstSeen)) {
                firstSeen = at;
            }
            // the last session.started in timeline order is the one the tree keeps
            if (head.kind().filter(EventType.SESSION_STARTED::equals).isPresent()
                    && (startedAt == null || !at.isBefore(startedAt))) {
                startedAt = at;
            }
        }
    }

    private final List<Path> files;
    private final Map<String, Entry> sessions = new HashMap<>();

    private SessionIndex(List<Path> files) {
        this.files = List.copyOf(files);
    }

    /**
     * @param maxLineBytes lines longer than this are reported as too long without being read
     * @throws IOException when a file cannot be read
     */
    static SessionIndex build(List<Path> files, int maxLineBytes, SkipReport skipped) throws IOException {
        SessionIndex index = new SessionIndex(files);
        for (int fileIndex = 0; fileIndex < files.size(); fileIndex++) {
            index.read(fileIndex, maxLineBytes, skipped);
        }
        return index;
    }

    private void read(int fileIndex, int maxLineBytes, SkipReport skipped) throws IOException {
        Path file = files.get(fileIndex);
        EventFiles.readLines(file, maxLineBytes, new EventFiles.LineHandler() {
            @Override
            public void line(byte[] bytes, int offset, int length, long fileOffset, int lineNumber) {
                RecordedEvent head;
                try {
                    head = RecordedEvent.fromJson(EventLine.head(bytes, offset, length));
                } catch (JsonReader.TooLong e) {
                    skipped.tooLongLines().add(file + ":" + lineNumber + " " + EventLine.tooLong(e));
                    return;
                } catch (IOException e) {
                    skipped.unparsableLines().add(file + ":" + lineNumber);
                    return;
                } catch (RecordedEvent.InvalidEvent e) {
                    skipped.invalidEvents().add(file + ":" + lineNumber + " " + e.getMessage());
                    return;
                }
                sessions.computeIfAbsent(head.sessionId(), Entry::new)
                        .add(fileIndex, fileOffset, length, lineNumber, head);
            }

            @Override
            public void tooLong(long fileOffset, int lineNumber) {
                skipped.tooLongLines().add(file + ":" + lineNumber + " " + EventLine.overLineLimit(maxLineBytes));
            }
        });
    }

    List<Path> files() {
        return files;
    }

    boolean isEmpty() {
        return sessions.isEmpty();
    }

    /** Every session, ordered as the replay shows them: by start, then id. */
    List<Entry> inReplayOrder() {
        List<Entry> ordered = new ArrayList<>(sessions.values());
        ordered.sort(Comparator.comparing(Entry::start).thenComparing(Entry::sessionId));
        return ordered;
    }
}
