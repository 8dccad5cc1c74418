package sh.ratri.agent.export.sink;

import sh.ratri.agent.config.AgentConfig;
import sh.ratri.agent.config.AgentVersion;
import sh.ratri.agent.config.SinkName;
import sh.ratri.agent.export.Clock;
import sh.ratri.agent.export.EventJson;
import sh.ratri.agent.export.Sink;
import sh.ratri.agent.export.SinkFactory;
import sh.ratri.agent.export.sink.http.HttpSink;
import sh.ratri.agent.export.sink.otlp.OtlpSink;
import sh.ratri.agent.export.upload.RetryPolicy;
import sh.ratri.agent.export.upload.SpoolDirectory;
import sh.ratri.agent.export.upload.Uploader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The sink each {@link SinkName} stands for, built from the config: the agent's factory, and the
 * public way in for benchmarks and tools. A new name in {@link SinkName} fails to compile here until
 * it has a sink.
 */
public final class Sinks implements SinkFactory {

    public static final Sinks FACTORY = new Sinks();

    private Sinks() {
    }

    @Override
    public Sink create(SinkName name, AgentConfig config, EventJson json, Clock clock) {
        return switch (name) {
            case JSONL -> new JsonlSink(JsonlSink.fileIn(config.jsonlDir(), clock), json);
            case HTTP -> http(config, json, clock);
            case OTLP -> otlp(config, json, clock);
            case CONSOLE -> new ConsoleSink(json, System.err);
            case NONE -> new NoneSink();
        };
    }

    /** A {@code jsonl} sink writing to {@code file} itself, e.g. {@code /dev/null} to time the serialising alone. */
    public static JsonlSink jsonl(Path file, EventJson json) {
        return new JsonlSink(file, json);
    }

    private static HttpSink http(AgentConfig config, EventJson json, Clock clock) {
        SpoolDirectory spool = spool(config, SinkName.HTTP, clock);
        Uploader uploader = uploader(config, SinkName.HTTP, config.endpoint() + "/v1/events", config.apiKey(), spool);
        return new HttpSink(json, spool, uploader, config.httpBatchSize(), config.httpFlushMillis());
    }

    private static OtlpSink otlp(AgentConfig config, EventJson json, Clock clock) {
        SpoolDirectory spool = spool(config, SinkName.OTLP, clock);
        // the Ratri api key is not for a third-party collector
        Uploader uploader = uploader(config, SinkName.OTLP, config.otlpEndpoint() + "/v1/traces", null, spool);
        return new OtlpSink(json, spool, uploader, config.agentKey(), config.agentName(), AgentVersion.get(),
                config.httpBatchSize(), config.httpFlushMillis());
    }

    /** Each uploading sink has its own subdirectory, so a batch always goes to the kind of backend it was made for. */
    private static SpoolDirectory spool(AgentConfig config, SinkName sink, Clock clock) {
        return new SpoolDirectory(config.spoolDir().resolve(sink.wire()), config.spoolMaxBytes(),
                clock.startEpochMillis(), ProcessHandle.current().pid(), System.err::println);
    }

    private static Uploader uploader(AgentConfig config, SinkName sink, String url, String apiKey,
                                     SpoolDirectory spool) {
        RetryPolicy retry = new RetryPolicy(Math.min(250, config.httpRetryMaxMillis()), config.httpRetryMaxMillis(),
                ThreadLocalRandom.current()::nextDouble);
        return new Uploader(sink.wire(), spool, url, apiKey, "ratri-agent/" + AgentVersion.get(), retry,
                Duration.ofMillis(config.httpTimeoutMillis()), System.err::println);
    }
}
