package sh.ratri.agent.export;

import sh.ratri.agent.timeline.Event;

import java.util.Arrays;

/**
 * The events the exporter took from the queue in one pass, each with the sequence number it was
 * given in queue order. Reused from pass to pass: sinks must not keep it.
 *
 * <p>A loss report ({@code agent.dropped}) is held as its numbers, not as an {@link Event}: when
 * the queue overflows, nearly every session reports one, and making each an object was most of
 * what the exporter allocated. {@link EventJson#write(JsonOut, Batch, int)} spells it from its
 * numbers; {@link #event} makes the object for a sink that asks for one.
 */
public final class Batch {

    private final Event[] events;
    private final long[] sequences;
    /** Per loss report (where {@link #events} holds null until {@link #event} is asked): its session, count and time. */
    private final long[] lossSessions;
    private final long[] lossCounts;
    private final long[] lossNanos;
    private final boolean[] loss;
    private int size;

    public Batch(int capacity) {
        this.events = new Event[capacity];
        this.sequences = new long[capacity];
        this.lossSessions = new long[capacity];
        this.lossCounts = new long[capacity];
        this.lossNanos = new long[capacity];
        this.loss = new boolean[capacity];
    }

    public void add(Event event, long sequence) {
        events[size] = event;
        sequences[size] = sequence;
        loss[size] = false;
        size++;
    }

    /** An {@code agent.dropped} event, written by the exporter's thread at {@code nanos}: {@code count} events the session lost. */
    void addLoss(long nanos, long sessionId, long count, long sequence) {
        events[size] = null;
        sequences[size] = sequence;
        lossSessions[size] = sessionId;
        lossCounts[size] = count;
        lossNanos[size] = nanos;
        loss[size] = true;
        size++;
    }

    public boolean isFull() {
        return size == events.length;
    }

    public void clear() {
        Arrays.fill(events, 0, size, null);
        size = 0;
    }

    public int size() {
        return size;
    }

    /** The event at {@code i}; a loss report is made an {@link Event} here, once, the first time it is asked for. */
    public Event event(int i) {
        if (loss[i] && events[i] == null) {
            events[i] = Event.dropped(lossNanos[i], Exporter.THREAD, lossSessions[i], lossCounts[i]);
        }
        return events[i];
    }

    public long sequence(int i) {
        return sequences[i];
    }

    /** The session of the event at {@code i}, without making a loss report an object. */
    public long sessionId(int i) {
        return loss[i] ? lossSessions[i] : events[i].sessionId();
    }

    boolean isLoss(int i) {
        return loss[i];
    }

    long lossCount(int i) {
        return lossCounts[i];
    }

    long lossNanos(int i) {
        return lossNanos[i];
    }
}
