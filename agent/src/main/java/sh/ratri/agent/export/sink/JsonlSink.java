package sh.ratri.agent.export.sink;

import sh.ratri.agent.config.SinkName;
import sh.ratri.agent.export.Batch;
import sh.ratri.agent.export.Clock;
import sh.ratri.agent.export.EventJson;
import sh.ratri.agent.export.JsonOut;
import sh.ratri.agent.export.Sink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * Appends events as JSON Lines to {@code <dir>/<start>-<pid>.jsonl}. The file is created with the
 * first event, so a JVM that traced nothing leaves no file behind. A batch is spelled into one
 * reused buffer and written with one call, so the file sees whole lines, a batch at a time.
 *
 * <p>An event counts as written only once its line reached the file. A write that fails part-way
 * (a full disk, a file size limit) is cut back to the last whole line, so the next write starts a
 * line of its own, and every event of the failed buffer is counted as lost, with the error; so is
 * every event when the file cannot be created at all.
 */
public final class JsonlSink implements Sink {

    private static final int WRITE_AT = 1 << 16;
    private static final long NO_SESSION = Long.MIN_VALUE;

    private final Path file;
    private final EventJson json;
    private final JsonOut out = new JsonOut(WRITE_AT + 4096);
    /** {@link #out}'s bytes as the channel takes them, made again only when {@link #out} outgrew its array. */
    private ByteBuffer outBuffer;
    private final SessionCount sessions = new SessionCount();
    /** Sessions of the lines waiting in {@link #out}, each once per run of its events; they count once those lines are on disk. */
    private long[] pendingSessions = new long[64];
    private int pendingSessionCount;
    private long lastSession = NO_SESSION;
    private int pendingEvents;
    private FileChannel channel;
    /** The file's length up to its last whole line. */
    private long wholeLines;
    /** A failed write left part of a line that could not be cut off: the next write ends it first. */
    private boolean partLineLeft;
    private long written;
    private long bytes;
    private long lost;
    private String firstLoss;

    JsonlSink(Path file, EventJson json) {
        this.file = file;
        this.json = json;
    }

    /** {@code <dir>/<start>-<pid>.jsonl}: one file per JVM, named so a directory lists in start order. */
    static Path fileIn(Path dir, Clock clock) {
        DateTimeFormatter fileTime = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
        String start = fileTime.format(Instant.ofEpochMilli(clock.startEpochMillis()));
        return dir.resolve(start + "-" + ProcessHandle.current().pid() + ".jsonl");
    }

    @Override
    public String name() {
        return SinkName.JSONL.wire();
    }

    public Path file() {
        return file;
    }

    @Override
    public void write(Batch batch) throws IOException {
        if (channel == null) {
            try {
                open();
            } catch (IOException | RuntimeException e) {
                lose(batch.size(), "could not create " + file, e);
                throw e;
            }
        }
        Throwable unwritable = null;
        IOException writeFailed = null;
        for (int i = 0; i < batch.size(); i++) {
            try {
                json.write(out, batch, i);
            } catch (RuntimeException | StackOverflowError e) { // nothing of it was written: skip just this one
                lose(1, "could not spell an event", e);
                unwritable = e;
                continue;
            }
            pendingEvents++;
            out.raw((byte) '\n');
            long session = batch.sessionId(i);
            if (session != lastSession) { // events of one session mostly come together
                lastSession = session;
                if (pendingSessionCount == pendingSessions.length) {
                    pendingSessions = Arrays.copyOf(pendingSessions, pendingSessionCount * 2);
                }
                pendingSessions[pendingSessionCount++] = session;
            }
            if (out.size() >= WRITE_AT) {
                try {
                    drain();
                } catch (IOException e) { // counted as lost; the rest of the batch still gets its try
                    writeFailed = e;
                }
            }
        }
        if (writeFailed != null) {
            throw writeFailed;
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
        FileChannel opened = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            wholeLines = opened.size();
            opened.position(wholeLines);
        } catch (IOException e) {
            opened.close();
            throw e;
        }
        channel = opened;
    }

    /** Writes the buffered lines; on failure cuts the file back to its last whole line and counts them lost. */
    private void drain() throws IOException {
        try {
            if (partLineLeft) {
                writeFully(ByteBuffer.wrap(new byte[] {'\n'}));
                wholeLines = channel.position();
                partLineLeft = false;
            }
            writeFully(buffered());
            wholeLines += out.size();
            bytes += out.size();
            written += pendingEvents;
            for (int i = 0; i < pendingSessionCount; i++) {
                sessions.add(pendingSessions[i]);
            }
        } catch (IOException e) {
            lose(pendingEvents, "could not write", e);
            cutBackToWholeLines();
            throw e;
        } finally {
            out.reset(); // a failed write loses these lines, not every later batch
            pendingEvents = 0;
            pendingSessionCount = 0;
            lastSession = NO_SESSION;
        }
    }

    private ByteBuffer buffered() {
        if (outBuffer == null || outBuffer.array() != out.bytes()) {
            outBuffer = ByteBuffer.wrap(out.bytes());
        }
        outBuffer.clear();
        outBuffer.limit(out.size());
        return outBuffer;
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private void cutBackToWholeLines() {
        try {
            channel.truncate(wholeLines); // also moves the position back: the next line starts clean
            partLineLeft = false;
        } catch (IOException | RuntimeException e) {
            partLineLeft = true;
        }
    }

    private void lose(long events, String what, Throwable cause) {
        if (events > 0 && firstLoss == null) {
            firstLoss = what + ": " + cause;
        }
        lost += events;
    }

    @Override
    public void flush() throws IOException {
        if (channel != null && out.size() > 0) {
            drain();
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            try {
                flush();
            } finally {
                channel.close();
            }
        }
    }

    @Override
    public String summary() {
        if (written == 0 && lost == 0) {
            return null;
        }
        String line = written == 0 ? "0 events written to " + file
                : written + (written == 1 ? " event (" : " events (") + (sessions.isLowerBound() ? "at least " : "")
                        + sessions.count() + (sessions.count() == 1 ? " session" : " sessions") + ") written to " + file;
        return lost == 0 ? line : line + "; " + lost + " lost (" + firstLoss + ")";
    }

    /** Events whose lines reached the file. */
    public long written() {
        return written;
    }

    /** Events that never reached the file: it could not be created or written, or the event not spelled. */
    public long lost() {
        return lost;
    }

    /** Bytes written to the file so far. */
    public long bytes() {
        return bytes;
    }
}
