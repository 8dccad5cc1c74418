package sh.ratri.agent.export;

import sh.ratri.agent.timeline.Event;

/**
 * The events the exporter took from the queue in one pass, each with the sequence number it was
 * given in queue order. Reused from pass to pass: sinks must not keep it.
 */
public final class Batch {

    private final Event[] events;
    private final long[] sequences;
    private int size;

    public Batch(int capacity) {
        this.events = new Event[capacity];
        this.sequences = new long[capacity];
    }

    public void add(Event event, long sequence) {
        events[size] = event;
        sequences[size] = sequence;
        size++;
    }

    public boolean isFull() {
        return size == events.length;
    }

    public void clear() {
        java.util.Arrays.fill(events, 0, size, null);
        size = 0;
    }

    public int size() {
        return size;
    }

    public Event event(int i) {
        return events[i];
    }

    public long sequence(int i) {
        return sequences[i];
    }
}
