package sh.ratri.agent.collect;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import sh.ratri.agent.json.JsonObject;
import sh.ratri.agent.json.JsonReader;
import sh.ratri.agent.json.JsonWriter;

/**
 * Appends received events to one JSON Lines file in a directory, each {@code eventId} once: the
 * senders deliver at least once, so batches they could not confirm come again. The ids already in
 * the directory are loaded at start, so restarting the collector keeps de-duplicating.
 */
final class EventStore implements AutoCloseable {

    private final Path file;
    private final Set<String> seen = new HashSet<>();
    private BufferedWriter out;

    /** How one request went: events stored, and events skipped as already stored. */
    record Stored(int accepted, int duplicates) {
    }

    EventStore(Path dir, String fileName) throws IOException {
        Files.createDirectories(dir);
        this.file = dir.resolve(fileName);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.jsonl")) {
            for (Path existing : files) {
                loadIds(existing);
            }
        }
    }

    private void loadIds(Path jsonl) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                try {
                    String id = eventId(JsonReader.read(line));
                    if (id != null) {
                        seen.add(id);
                    }
                } catch (IOException e) {
                    // a truncated last line: replay skips it too
                }
            }
        }
    }

    /** Null when the event is not an object or has no {@code eventId}. */
    private static String eventId(Object event) {
        return event instanceof JsonObject object ? object.text("eventId") : null;
    }

    /**
     * Ids count as stored only once their lines were written: a batch that fails (answered 500) is
     * sent again, and must not then be taken for duplicates.
     */
    synchronized Stored store(List<JsonObject> events) throws IOException {
        StringBuilder lines = new StringBuilder();
        Set<String> fresh = new HashSet<>();
        int accepted = 0;
        int duplicates = 0;
        for (JsonObject event : events) {
            String id = event.text("eventId");
            if (id != null && (seen.contains(id) || !fresh.add(id))) {
                duplicates++;
                continue;
            }
            lines.append(JsonWriter.compact(event)).append('\n');
            accepted++;
        }
        if (accepted > 0) {
            if (out == null) {
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            out.append(lines);
            out.flush();
        }
        seen.addAll(fresh);
        return new Stored(accepted, duplicates);
    }

    synchronized int size() {
        return seen.size();
    }

    Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
