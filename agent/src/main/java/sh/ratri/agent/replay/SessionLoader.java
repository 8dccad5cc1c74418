package sh.ratri.agent.replay;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import sh.ratri.agent.json.JsonReader;

/**
 * The second pass of a replay: reads the lines of one indexed session back, drops repeated
 * {@code eventId}s (the first copy read wins), orders them as a timeline and builds the session's
 * tree. Only the sessions being loaded are in memory; what a load finds wrong (a repeated id, an
 * unknown type, a line too long to parse whole) comes back with it.
 */
final class SessionLoader implements Closeable {

    /**
     * One session, whole: its tree and its events (null when none of its lines could be read back),
     * and what its load found wrong, for the caller to report once.
     */
    record Loaded(SessionNode node, SessionEvents events, SkipReport problems) {
        boolean isEmpty() {
            return node == null;
        }
    }

    private final List<Path> files;
    private final MappedEventFiles mapped;

    SessionLoader(SessionIndex index) {
        this.files = index.files();
        this.mapped = new MappedEventFiles(index.files());
    }

    /** Safe to call from several threads at once, for different sessions. */
    Loaded load(SessionIndex.Entry entry) throws IOException {
        SkipReport problems = new SkipReport();
        List<RecordedEvent> read = new ArrayList<>(entry.events());
        byte[] buffer = null;
        for (int i = 0; i < entry.events(); i++) {
            int length = entry.length(i);
            buffer = mapped.read(entry.fileIndex(i), entry.offset(i), length, buffer);
            try {
                read.add(RecordedEvent.fromJson(EventLine.whole(buffer, 0, length)));
            } catch (JsonReader.TooLong e) {
                // the index passed over the attributes, where the long string was
                problems.tooLongLines().add(source(entry, i) + " " + EventLine.tooLong(e));
            } catch (IOException | RecordedEvent.InvalidEvent e) {
                // the index reads a few fields of a line: the rest is proven only here
                problems.unparsableLines().add(source(entry, i));
            }
        }
        EventLog log = EventLog.of(read);
        problems.duplicates(log.duplicateEvents());
        log.events().stream().filter(event -> event.kind().isEmpty()).forEach(event -> problems.unknownType(event.type()));
        if (log.isEmpty()) {
            return new Loaded(null, null, problems);
        }
        return new Loaded(SessionTree.build(log.events()).get(0), SessionEvents.of(log.events()), problems);
    }

    private String source(SessionIndex.Entry entry, int event) {
        return files.get(entry.fileIndex(event)) + ":" + entry.lineNumber(event);
    }

    @Override
    public void close() throws IOException {
        mapped.close();
    }
}
