package sh.ratri.agent.export;

import sh.ratri.agent.config.AgentConfig;
import sh.ratri.agent.config.AgentVersion;
import sh.ratri.agent.export.http.HttpSink;
import sh.ratri.agent.export.otlp.OtlpSink;
import sh.ratri.agent.export.upload.RetryPolicy;
import sh.ratri.agent.export.upload.SpoolDirectory;
import sh.ratri.agent.export.upload.Uploader;
import sh.ratri.agent.timeline.DroppedEvents;
import sh.ratri.agent.timeline.Event;
import sh.ratri.agent.timeline.EventOutlet;
import sh.ratri.agent.timeline.IdSpeller;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Builds the queue, the sinks named by {@code exporter} and the exporter thread from the config. */
public final class Export {

    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final EventOutlet outlet;
    private final Exporter exporter;
    private final IdSpeller ids;

    private Export(EventOutlet outlet, Exporter exporter, IdSpeller ids) {
        this.outlet = outlet;
        this.exporter = exporter;
        this.ids = ids;
    }

    public static Export start(AgentConfig config, DroppedEvents dropped) {
        Clock clock = Clock.now();
        IdFormat ids = new IdFormat(clock.startEpochMillis());
        EventJson json = new EventJson(config.agentKey(), config.agentName(), config.mode().wire(), clock, ids,
                new Redactor(config.redactKeys()), config.captureMaxChars());
        List<Sink> sinks = new ArrayList<>();
        for (String name : config.exporters()) {
            switch (name) {
                case "jsonl" -> sinks.add(new JsonlSink(jsonlFile(config.jsonlDir(), clock), json));
                case "http" -> sinks.add(httpSink(config, json, clock));
                case "otlp" -> sinks.add(otlpSink(config, json, clock));
                case "console" -> sinks.add(new ConsoleSink(json, System.err));
                case "none" -> sinks.add(new NoneSink());
                default -> throw new IllegalStateException("exporter " + name + " passed config validation");
            }
        }
        EventQueue<Event> queue = new EventQueue<>(config.queueSize());
        Exporter exporter = new Exporter(queue, dropped, sinks);
        exporter.start();
        EventOutlet outlet = sinks.size() == 1 && sinks.get(0) instanceof NoneSink none ? none : queue::offer;
        return new Export(outlet, exporter, ids);
    }

    private static HttpSink httpSink(AgentConfig config, EventJson json, Clock clock) {
        SpoolDirectory spool = spool(config, "http", clock);
        Uploader uploader = uploader(config, "http", config.endpoint() + "/v1/events", config.apiKey(), spool);
        return new HttpSink(json, spool, uploader, config.httpBatchSize(), config.httpFlushMillis());
    }

    private static OtlpSink otlpSink(AgentConfig config, EventJson json, Clock clock) {
        SpoolDirectory spool = spool(config, "otlp", clock);
        // the Ratri api key is not for a third-party collector
        Uploader uploader = uploader(config, "otlp", config.otlpEndpoint() + "/v1/traces", null, spool);
        return new OtlpSink(json, spool, uploader, config.agentKey(), config.agentName(), AgentVersion.get(),
                config.httpBatchSize(), config.httpFlushMillis());
    }

    /** Each uploading sink has its own subdirectory, so a batch always goes to the kind of backend it was made for. */
    private static SpoolDirectory spool(AgentConfig config, String sink, Clock clock) {
        return new SpoolDirectory(config.spoolDir().resolve(sink), config.spoolMaxBytes(), clock.startEpochMillis(),
                ProcessHandle.current().pid());
    }

    private static Uploader uploader(AgentConfig config, String sink, String url, String apiKey,
                                     SpoolDirectory spool) {
        RetryPolicy retry = new RetryPolicy(Math.min(250, config.httpRetryMaxMillis()), config.httpRetryMaxMillis(),
                ThreadLocalRandom.current()::nextDouble);
        return new Uploader(sink, spool, url, apiKey, "ratri-agent/" + AgentVersion.get(), retry,
                Duration.ofMillis(config.httpTimeoutMillis()), System.err::println);
    }

    static Path jsonlFile(Path dir, Clock clock) {
        String start = FILE_TIME.format(Instant.ofEpochMilli(clock.startEpochMillis()));
        return dir.resolve(start + "-" + ProcessHandle.current().pid() + ".jsonl");
    }

    /** Where the timeline hands events: the queue, or with {@code exporter=none} alone the discarding sink. */
    public EventOutlet outlet() {
        return outlet;
    }

    /** How ids are spelled in the events this export writes. */
    public IdSpeller ids() {
        return ids;
    }

    public Exporter exporter() {
        return exporter;
    }
}
