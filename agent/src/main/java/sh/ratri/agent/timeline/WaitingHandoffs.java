package sh.ratri.agent.timeline;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The handoffs waiting on one run for a child run to take them, oldest first. Bounded: a run that
 * lasts for hours and requests handoffs nobody takes holds at most {@link #MAX}; past that the
 * oldest fails early.
 */
final class WaitingHandoffs {

    static final int MAX = 1024;

    private final ConcurrentLinkedQueue<PendingHandoff> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    void add(PendingHandoff handoff) {
        handoff.shared = true; // before another thread can see it: it must never be reused
        queue.add(handoff);
        size.incrementAndGet();
    }

    /** When more than {@link #MAX} wait, the oldest, now the caller's to fail; else null. */
    PendingHandoff overflow() {
        return size.get() > MAX ? poll() : null;
    }

    /** The oldest waiting handoff, now the caller's; null when none. Exactly one caller gets each. */
    PendingHandoff poll() {
        PendingHandoff h = queue.poll();
        if (h != null) {
            size.decrementAndGet();
        }
        return h;
    }

    /** Takes {@code handoff} back; false when someone else took it first. */
    boolean remove(PendingHandoff handoff) {
        if (queue.remove(handoff)) {
            size.decrementAndGet();
            return true;
        }
        return false;
    }
}
