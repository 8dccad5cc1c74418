package sh.ratri.agent.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Appends events as JSON Lines to {@code <dir>/<start>-<pid>.jsonl}. The file is created with the
 * first event, so a JVM that traced nothing leaves no file behind. A batch is spelled into one
 * reused buffer and written with one call, so the file sees whole lines, a batch at a time.
 */
public final class JsonlSink implements Sink {

    private static final int WRITE_AT = 1 << 16;

    private final Path file;
    private final EventJson json;
    private final JsonOut out = new JsonOut(WRITE_AT + 4096);
    private final Set<Long> sessions = new HashSet<>();
    private long lastSession;
    private OutputStream stream;
    private long written;
    private long bytes;

    JsonlSink(Path file, EventJson json) {
        this.file = file;
        this.json = json;
    }

    public Path file() {
        return file;
    }

    @Override
    public void write(Batch batch) throws IOException {
        if (stream == null) {
            open();
        }
        Throwable unwritable = null;
        for (int i = 0; i < batch.size(); i++) {
            try {
                json.write(out, batch.event(i), batch.sequence(i));
            } catch (RuntimeException | StackOverflowError e) { // nothing of it was written: skip just this one
                unwritable = e;
                continue;
            }
            written++;
            out.raw((byte) '\n');
            long session = batch.event(i).sessionId();
            if (session != lastSession) { // events of one session mostly come together: box only on a change
                lastSession = session;
                sessions.add(session);
            }
            if (out.size() >= WRITE_AT) {
                drain();
            }
        }
        if (unwritable != null) {
            throw new IOException("an event could not be written and was left out", unwritable);
        }
    }

    private void open() throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        stream = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void drain() throws IOException {
        try {
            out.writeTo(stream);
            bytes += out.size();
        } finally {
            out.reset(); // a failed write loses these lines, not every later batch
        }
    }

    @Override
    public void flush() throws IOException {
        if (stream != null && out.size() > 0) {
            drain();
        }
    }

    @Override
    public void close() throws IOException {
        if (stream != null) {
            try {
                flush();
            } finally {
                stream.close();
            }
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

    /** Bytes written to the file so far. */
    public long bytes() {
        return bytes;
    }
}
