package sh.ratri.agent.export;

import sh.ratri.agent.config.AgentConfig;
import sh.ratri.agent.config.SinkName;
import sh.ratri.agent.timeline.DroppedEvents;
import sh.ratri.agent.timeline.Event;
import sh.ratri.agent.timeline.EventOutlet;
import sh.ratri.agent.timeline.IdSpeller;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Builds the queue, the sinks named by {@code exporter} (through the factory it is given) and the
 * exporter thread from the config.
 * Only the queue and the start time are made at premain; the sinks, their JSON writer and the id
 * format are built on the exporter thread, while events wait in the bounded queue.
 */
public final class Export {

    private final AgentConfig config;
    private final SinkFactory sinkFactory;
    private final long startEpochNanos;
    private final long startNanoTime;
    private final EventQueue queue;
    private final EventOutlet outlet;
    private final Exporter exporter;
    private final SessionRecordings recordings;
    private IdFormat idFormat;

    private Export(AgentConfig config, DroppedEvents dropped, SinkFactory sinks) {
        this.config = config;
        this.sinkFactory = sinks;
        // read here rather than by Clock.now(), whose formatter would load java.time.format at premain
        Instant wall = Instant.now();
        this.startNanoTime = System.nanoTime();
        this.startEpochNanos = wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
        this.queue = new EventQueue(config.queueSize());
        // none alone: events are dropped where they are made, not queued for an exporter that drops them
        this.outlet = config.exporters().equals(Set.of(SinkName.NONE.wire()))
                ? new DiscardingOutlet() : queue;
        this.exporter = new Exporter(queue, dropped, this::buildSinks);
        this.recordings = new SessionRecordings(queue, exporter, outlet instanceof DiscardingOutlet
                ? "exporter=none drops events where they are made; record with another exporter (jsonl)" : null);
        exporter.recordInto(recordings);
    }

    public static Export start(AgentConfig config, DroppedEvents dropped, SinkFactory sinks) {
        Export export = unstarted(config, dropped, sinks);
        export.exporter.start();
        return export;
    }

    /** Like {@link #start}, with the exporter thread not started yet: {@code exporter().start()} starts it. */
    public static Export unstarted(AgentConfig config, DroppedEvents dropped, SinkFactory sinks) {
        return new Export(config, dropped, sinks);
    }

    /** Runs on the exporter thread; a sink that cannot be built is reported and the others go on. */
    private List<Sink> buildSinks() {
        List<Sink> sinks = new ArrayList<>();
        try {
            Clock clock = new Clock(startEpochNanos, startNanoTime);
            EventJson json = EventJson.of(config, clock, idFormat());
            recordings.spellWith(json);
            for (String name : config.exporters()) {
                try {
                    sinks.add(sinkFactory.create(SinkName.of(name), config, json, clock));
                } catch (RuntimeException | LinkageError e) {
                    System.err.println("ratri: exporter " + name + " not started: " + e);
                }
            }
        } catch (RuntimeException | LinkageError e) {
            System.err.println("ratri: exporters not started: " + e);
        }
        return sinks;
    }

    /** Made on first use, by the exporter or by the explicit API's id getters, whichever comes first. */
    private synchronized IdFormat idFormat() {
        if (idFormat == null) {
            idFormat = new IdFormat(startEpochNanos / 1_000_000L);
        }
        return idFormat;
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
