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
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds the queue, the sinks named by {@code exporter} and the exporter thread from the config.
 * Only the queue and the start time are made at premain; the sinks, their JSON writer and the id
 * format are built on the exporter thread, while events wait in the bounded queue.
 */
public final class Export {

    private final AgentConfig config;
    private final long startEpochNanos;
    private final long startNanoTime;
    private final EventQueue<Event> queue;
    private final EventOutlet outlet;
    private final Exporter exporter;
    private final SessionRecordings recordings;
    private IdFormat idFormat;

    private Export(AgentConfig config, DroppedEvents dropped) {
        this.config = config;
        // read here rather than by Clock.now(), whose formatter would load java.time.format at premain
        Instant wall = Instant.now();
        this.startNanoTime = System.nanoTime();
        this.startEpochNanos = wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
        this.queue = new EventQueue<>(config.queueSize());
        // none alone: events are dropped where they are made, not queued for an exporter that drops them
        this.outlet = config.exporters().equals(Set.of("none")) ? new NoneSink() : queue::offer;
        this.exporter = new Exporter(queue, dropped, this::buildSinks);
        this.recordings = new SessionRecordings(queue, exporter, outlet instanceof NoneSink
                ? "exporter=none drops events where they are made; record with another exporter (jsonl)" : null);
        exporter.recordInto(recordings);
    }

    public static Export start(AgentConfig config, DroppedEvents dropped) {
        Export export = new Export(config, dropped);
        export.exporter.start();
        return export;
    }

    /** Runs on the exporter thread; a sink that cannot be built is reported and the others go on. */
    private List<Sink> buildSinks() {
        List<Sink> sinks = new ArrayList<>();
        try {
            Clock clock = new Clock(startEpochNanos, startNanoTime);
            EventJson json = new EventJson(config.agentKey(), config.agentName(), config.mode().wire(), clock,
                    idFormat(), new Redactor(config.redactKeys()), config.captureMaxChars());
            recordings.spellWith(json);
            for (String name : config.exporters()) {
                try {
                    sinks.add(sink(name, json, clock));
                } catch (RuntimeException | LinkageError e) {
                    System.err.println("ratri: exporter " + name + " not started: " + e);
                }
            }
        } catch (RuntimeException | LinkageError e) {
            System.err.println("ratri: exporters not started: " + e);
        }
        return sinks;
    }

    private Sink sink(String name, EventJson json, Clock clock) {
        return switch (name) {
            case "jsonl" -> new JsonlSink(jsonlFile(config.jsonlDir(), clock), json);
            case "http" -> httpSink(config, json, clock);
            case "otlp" -> otlpSink(config, json, clock);
            case "console" -> new ConsoleSink(json, System.err);
            case "none" -> new NoneSink();
            default -> throw new IllegalStateException("exporter " + name + " passed config validation");
        };
    }

    /** Made on first use, by the exporter or by the explicit API's id getters, whichever comes first. */
    private synchronized IdFormat idFormat() {
        if (idFormat == null) {
            idFormat = new IdFormat(startEpochNanos / 1_000_000L);
        }
        return idFormat;
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
                ProcessHandle.current().pid(), System.err::println);
    }

    private static Uploader uploader(AgentConfig config, String sink, String url, String apiKey,
                                     SpoolDirectory spool) {
        RetryPolicy retry = new RetryPolicy(Math.min(250, config.httpRetryMaxMillis()), config.httpRetryMaxMillis(),
                ThreadLocalRandom.current()::nextDouble);
        return new Uploader(sink, spool, url, apiKey, "ratri-agent/" + AgentVersion.get(), retry,
                Duration.ofMillis(config.httpTimeoutMillis()), System.err::println);
    }

    static Path jsonlFile(Path dir, Clock clock) {
        DateTimeFormatter fileTime = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
        String start = fileTime.format(Instant.ofEpochMilli(clock.startEpochMillis()));
        return dir.resolve(start + "-" + ProcessHandle.current().pid() + ".jsonl");
    }

    /** Where the timeline hands each event. */
    public EventOutlet outlet() {
        return outlet;
    }

    /** How ids are spelled in the events this export writes. */
    public IdSpeller ids() {
        return id -> idFormat().spell(id);
    }

    /** In-memory recordings of sessions, for assertions in the same JVM. */
    public SessionRecordings recordings() {
        return recordings;
    }

    public Exporter exporter() {
        return exporter;
    }
}
