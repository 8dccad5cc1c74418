package sh.ratri.agent.export;

import sh.ratri.agent.timeline.Event;
import sh.ratri.agent.timeline.EventOutlet;

/**
 * The timeline's outlet when {@code exporter=none} is the only sink: events are dropped where they
 * are made, like OpenTelemetry's {@code exporter=none}, instead of being queued for an exporter
 * that throws them away (which filled the queue and counted losses under load).
 */
final class DiscardingOutlet implements EventOutlet {

    /** Written, never read: an event that escapes must really be written, the JIT cannot elide it. */
    @SuppressWarnings("unused")
    private Event last;

    @Override
    public boolean offer(Event event) {
        if (last != event) { // a thread offers its one scratch event: written once, not once per event
            last = event;
        }
        return true;
    }
}
