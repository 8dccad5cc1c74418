package sh.ratri.agent.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Appends events as JSON Lines to {@code <dir>/<start>-<pid>.jsonl}. The file is created with the
 * first event, so a JVM that traced nothing leaves no file behind.
 */
public final class JsonlSink implements Sink {

    private final Path file;
    private final EventJson json;
    private final JsonFactory factory = new JsonFactory();
    private final Set<Long> sessions = new HashSet<>();
    private OutputStream out;
    private JsonGenerator generator;
    private long written;

    JsonlSink(Path file, EventJson json) {
        this.file = file;
        this.json = json;
    }

    public Path file() {
        return file;
    }

    @Override
    public void write(Batch batch) throws IOException {
        if (generator == null) {
            open();
        }
        for (int i = 0; i < batch.size(); i++) {
            json.write(generator, batch.event(i), batch.sequence(i));
            generator.writeRaw('\n');
            sessions.add(batch.event(i).sessionId());
        }
        written += batch.size();
    }

    private void open() throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND), 1 << 16);
        generator = factory.createGenerator(out, JsonEncoding.UTF8);
        generator.setRootValueSeparator(null);
    }

    @Override
    public void flush() throws IOException {
        if (generator != null) {
            generator.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (generator != null) {
            generator.close();
        }
    }

    @Override
    public String summary() {
        if (written == 0) {
            return null;
        }
        return written + (written == 1 ? " event (" : " events (") + sessions.size() + (sessions.size() == 1 ? " session" : " sessions")
                + ") written to " + file;
    }

    public long written() {
        return written;
    }
}
