package sh.ratri.agent.export;

import sh.ratri.agent.config.AgentConfig;
import sh.ratri.agent.timeline.DroppedEvents;
import sh.ratri.agent.timeline.Event;
import sh.ratri.agent.timeline.IdSpeller;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Builds the queue, the sinks named by {@code exporter} and the exporter thread from the config. */
public final class Export {

    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final EventQueue<Event> queue;
    private final Exporter exporter;
    private final IdSpeller ids;

    private Export(EventQueue<Event> queue, Exporter exporter, IdSpeller ids) {
        this.queue = queue;
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
                case "none" -> sinks.add(new NoneSink());
                default -> throw new IllegalStateException("exporter " + name + " passed config validation");
            }
        }
        EventQueue<Event> queue = new EventQueue<>(config.queueSize());
        Exporter exporter = new Exporter(queue, dropped, sinks);
        exporter.start();
        return new Export(queue, exporter, ids);
    }

    static Path jsonlFile(Path dir, Clock clock) {
        String start = FILE_TIME.format(java.time.Instant.ofEpochMilli(clock.startEpochMillis()));
        return dir.resolve(start + "-" + ProcessHandle.current().pid() + ".jsonl");
    }

    public EventQueue<Event> queue() {
        return queue;
    }

    /** How ids are spelled in the events this export writes. */
    public IdSpeller ids() {
        return ids;
    }

    public Exporter exporter() {
        return exporter;
    }
}
