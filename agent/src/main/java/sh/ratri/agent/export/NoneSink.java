package sh.ratri.agent.export;

import sh.ratri.agent.timeline.Event;
import sh.ratri.agent.timeline.EventOutlet;

/**
 * Discards events after they were built: measures what tracing costs the application thread, like
 * OpenTelemetry's {@code exporter=none}. As the only sink it is also the timeline's outlet, so
 * events are dropped where they are made instead of being queued for an exporter that throws them
 * away (which filled the queue and counted losses under load).
 */
final class NoneSink implements Sink, EventOutlet {

    /** Written, never read: an event that escapes must really be built, the JIT cannot elide it. */
    @SuppressWarnings("unused")
    private Event last;

    @Override
    public boolean offer(Event event) {
        last = event;
        return true;
    }

    @Override
    public void write(Batch batch) {
        // discarded on purpose
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
