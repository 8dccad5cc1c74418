package sh.ratri.agent.timeline;

/** Where the timeline hands events: a bounded, non-blocking queue. */
@FunctionalInterface
public interface EventOutlet {
    /** False when the event could not be taken (queue full); it must never block. */
    boolean offer(Event event);
}
