package sh.ratri.agent.export.sink.otlp;

import sh.ratri.agent.config.SinkName;
import sh.ratri.agent.export.Batch;
import sh.ratri.agent.export.EventJson;
import sh.ratri.agent.export.Sink;
import sh.ratri.agent.export.upload.SpoolDirectory;
import sh.ratri.agent.export.upload.UploadSummary;
import sh.ratri.agent.export.upload.Uploader;
import sh.ratri.agent.json.JsonObject;
import sh.ratri.agent.json.JsonWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * {@code exporter=otlp}: maps events to spans ({@link OtlpMapper}) and sends the ended spans as
 * OTLP/HTTP JSON {@code ExportTraceServiceRequest}s to {@code {otlp.endpoint}/v1/traces}, through
 * the same spool and uploader as the {@code http} sink, so a collector that is down loses nothing.
 */
public final class OtlpSink implements Sink {

    static final int MAX_OPEN_SPANS = 100_000;

    private final EventJson json;
    private final OtlpMapper mapper = new OtlpMapper(MAX_OPEN_SPANS);
    private final SpoolDirectory spool;
    private final Uploader uploader;
    private final OtlpRequest request;
    private final int batchSize;
    private final long flushNanos;
    private final List<JsonObject> ended = new ArrayList<>();
    private long firstEndedAt;

    public OtlpSink(EventJson json, SpoolDirectory spool, Uploader uploader, String serviceName, String agentName,
                    String version, int batchSize, long flushMillis) {
        this.json = json;
        this.spool = spool;
        this.uploader = uploader;
        this.request = new OtlpRequest(serviceName, agentName, version);
        this.batchSize = batchSize;
        this.flushNanos = flushMillis * 1_000_000L;
        if (!spool.isEmpty()) {
            uploader.wake();
        }
    }

    @Override
    public String name() {
        return SinkName.OTLP.wire();
    }

    @Override
    public void write(Batch batch) throws IOException {
        uploader.wake(); // the first batch gives the uploader time to set up its client
        for (int i = 0; i < batch.size(); i++) {
            boolean wasEmpty = ended.isEmpty();
            mapper.accept(json.tree(batch.event(i), batch.sequence(i)), ended);
            if (wasEmpty && !ended.isEmpty()) {
                firstEndedAt = System.nanoTime();
            }
            if (ended.size() >= batchSize) {
                seal();
            }
        }
    }

    @Override
    public void flush() throws IOException {
        idle();
    }

    @Override
    public void idle() throws IOException {
        if (!ended.isEmpty() && System.nanoTime() - firstEndedAt >= flushNanos) {
            seal();
        }
    }

    @Override
    public void close() throws IOException {
        Instant now = Instant.now();
        mapper.unfinished(now.getEpochSecond() * 1_000_000_000L + now.getNano(), ended);
        seal();
        uploader.close(Uploader.EXIT_SEND_MILLIS);
    }

    private void seal() throws IOException {
        if (ended.isEmpty()) {
            return;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        try (GZIPOutputStream gzip = new GZIPOutputStream(body)) {
            JsonWriter.write(request.build(ended), gzip);
        }
        spool.append(body.toByteArray(), ended.size());
        ended.clear();
        uploader.wake();
    }

    @Override
    public String summary() {
        return UploadSummary.of(name(), "spans", uploader, spool);
    }
}
