package sh.ratri.agent.export.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import sh.ratri.agent.export.Batch;
import sh.ratri.agent.export.EventJson;
import sh.ratri.agent.export.Sink;
import sh.ratri.agent.export.upload.SpoolDirectory;
import sh.ratri.agent.export.upload.UploadSummary;
import sh.ratri.agent.export.upload.Uploader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
    private final JsonFactory factory = new JsonFactory();
    private ByteArrayOutputStream body;
    private JsonGenerator generator;
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
    public void write(Batch batch) throws IOException {
        for (int i = 0; i < batch.size(); i++) {
            if (generator == null) {
                open();
            }
            json.write(generator, batch.event(i), batch.sequence(i));
            if (++pending >= batchSize) {
                seal();
            }
        }
    }

    private void open() throws IOException {
        uploader.wake(); // the first batch gives the uploader time to set up its client
        body = new ByteArrayOutputStream(16 * 1024);
        generator = factory.createGenerator(new GZIPOutputStream(body), JsonEncoding.UTF8);
        generator.writeStartObject();
        generator.writeArrayFieldStart("events");
        firstPendingAt = System.nanoTime();
    }

    private void seal() throws IOException {
        if (generator == null) {
            return;
        }
        generator.writeEndArray();
        generator.writeEndObject();
        generator.close();
        int events = pending;
        generator = null;
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
        if (generator != null && System.nanoTime() - firstPendingAt >= flushNanos) {
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
        return UploadSummary.of("http", "events", uploader, spool);
    }
}
