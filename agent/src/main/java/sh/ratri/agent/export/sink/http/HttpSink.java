package sh.ratri.agent.export.sink.http;

import sh.ratri.agent.config.SinkName;
import sh.ratri.agent.export.Batch;
import sh.ratri.agent.export.EventJson;
import sh.ratri.agent.export.JsonOut;
import sh.ratri.agent.export.Sink;
import sh.ratri.agent.export.upload.SpoolDirectory;
import sh.ratri.agent.export.upload.UploadSummary;
import sh.ratri.agent.export.upload.Uploader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * {@code exporter=http}: gathers events into {@code {"events":[…]}} request bodies, gzipped, of at
 * most {@code batchSize} events or {@code flushMillis} of waiting, and hands each to the spool; the
 * {@link Uploader} thread posts them to {@code {endpoint}/v1/events}. The objects are exactly the
 * JSONL lines, so receivers de-duplicate resent batches by {@code eventId}.
 */
public final class HttpSink implements Sink {

    private final EventJson json;
    private final SpoolDirectory spool;
    private final Uploader uploader;
    private final int batchSize;
    private final long flushNanos;
    private static final byte[] START = "{\"events\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "]}".getBytes(StandardCharsets.US_ASCII);

    private final JsonOut event = new JsonOut(4096);
    private ByteArrayOutputStream body;
    /** The open request body, gzipped as it grows; null between bodies. */
    private OutputStream gzip;
    private int pending;
    private long firstPendingAt;

    public HttpSink(EventJson json, SpoolDirectory spool, Uploader uploader, int batchSize, long flushMillis) {
        this.json = json;
        this.spool = spool;
        this.uploader = uploader;
        this.batchSize = batchSize;
        this.flushNanos = flushMillis * 1_000_000L;
        if (!spool.isEmpty()) {
            uploader.wake(); // batches an earlier JVM could not send
        }
    }

    @Override
    public String name() {
        return SinkName.HTTP.wire();
    }

    @Override
    public void write(Batch batch) throws IOException {
        for (int i = 0; i < batch.size(); i++) {
            if (gzip == null) {
                open();
            }
            event.reset();
            if (pending > 0) {
                event.raw((byte) ',');
            }
            json.write(event, batch, i);
            event.writeTo(gzip);
            if (++pending >= batchSize) {
                seal();
            }
        }
    }

    private void open() throws IOException {
        uploader.wake(); // the first batch gives the uploader time to set up its client
        body = new ByteArrayOutputStream(16 * 1024);
        gzip = new GZIPOutputStream(body);
        gzip.write(START);
        firstPendingAt = System.nanoTime();
    }

    private void seal() throws IOException {
        if (gzip == null) {
            return;
        }
        gzip.write(END);
        gzip.close();
        int events = pending;
        gzip = null;
        pending = 0;
        spool.append(body.toByteArray(), events);
        body = null;
        uploader.wake();
    }

    @Override
    public void flush() throws IOException {
        idle();
    }

    @Override
    public void idle() throws IOException {
        if (gzip != null && System.nanoTime() - firstPendingAt >= flushNanos) {
            seal();
        }
    }

    @Override
    public void close() throws IOException {
        seal();
        uploader.close(Uploader.EXIT_SEND_MILLIS);
    }

    @Override
    public String summary() {
        return UploadSummary.of(name(), "events", uploader, spool);
    }
}
