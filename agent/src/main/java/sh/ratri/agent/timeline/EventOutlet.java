package sh.ratri.agent.timeline;

/** Where the timeline hands events: a bounded, non-blocking queue. */
@FunctionalInterface
public interface EventOutlet {
    /**
     * False when the event could not be taken (queue full); it must never block. The event is the
     * caller's to write again once this returns: an outlet copies what it keeps.
     */
    boolean offer(Event event);
}
