package sh.ratri.agent.timeline;

/**
 * Where the timeline hands events: a bounded, non-blocking queue. An outlet that keeps slots of its
 * own lets the timeline write each event straight into one ({@link #claim}, then {@link #publish});
 * any other outlet is offered the caller's scratch event, which it copies.
 */
@FunctionalInterface
public interface EventOutlet {
    /**
     * False when the event could not be taken (queue full); it must never block. The event is the
     * caller's to write again once this returns: an outlet copies what it keeps.
     */
    boolean offer(Event event);

    /**
     * The event to write the next one into, at once and without blocking: a free slot of the
     * outlet's own, or null when it has none (the event is lost); an outlet that copies gives back
     * {@code scratch}. Every event claimed must be {@link #publish published}, at once: the outlet's
     * reader waits for it, so nothing that may run user code or block goes between the two.
     */
    default Event claim(Event scratch) {
        return scratch;
    }

    /** Hands over {@code written}, which {@link #claim} gave: false when it was not taken (queue full). */
    default boolean publish(Event written) {
        return offer(written);
    }
}
