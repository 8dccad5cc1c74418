package sh.ratri.agent.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import sh.ratri.agent.json.JsonReader;

/**
 * Finds the JSON Lines files behind the replay paths and parses them line by line, keeping
 * every line it could not use with its {@code file:line} so the replay can say what it skipped.
 */
final class EventFiles {

    /** What the files held: usable events in file order, and the lines that were not usable. */
    record Contents(List<RecordedEvent> events, List<String> unparsableLines, List<String> invalidEvents) {}

    private EventFiles() {}

    /**
     * A file stands for itself; a directory for the {@code *.jsonl} files directly inside it,
     * sorted by name so that replays of the same directory read alike.
     */
    static List<Path> expand(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                List<Path> inDirectory = new ArrayList<>();
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(path, "*.jsonl")) {
                    for (Path entry : entries) {
                        if (Files.isRegularFile(entry)) {
                            inDirectory.add(entry);
                        }
                    }
                }
                inDirectory.sort(null);
                files.addAll(inDirectory);
            } else if (Files.exists(path)) {
                files.add(path);
            } else {
                throw new NoSuchFileException(path.toString());
            }
        }
        return files;
    }

    static Contents read(List<Path> files) throws IOException {
        List<RecordedEvent> events = new ArrayList<>();
        List<String> unparsable = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (Path file : files) {
            // InputStreamReader replaces malformed bytes instead of throwing, so a line cut in the
            // middle of a multi-byte character still reaches the parser and is counted there.
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
                int lineNumber = 0;
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lineNumber++;
                    if (line.isBlank()) {
                        continue;
                    }
                    String source = file + ":" + lineNumber;
                    Object json;
                    try {
                        json = JsonReader.read(line);
                    } catch (IOException e) {
                        unparsable.add(source);
                        continue;
                    }
                    try {
                        events.add(RecordedEvent.fromJson(json, source));
                    } catch (RecordedEvent.InvalidEvent e) {
                        invalid.add(source + " " + e.getMessage());
                    }
                }
            }
        }
        return new Contents(List.copyOf(events), List.copyOf(unparsable), List.copyOf(invalid));
    }
}
