package sh.ratri.agent.timeline;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** One open session: its id, the next default step index, and the events it lost. */
final class SessionState {

    final long id;
    private final AtomicInteger nextIndex = new AtomicInteger();
    final AtomicLong dropped = new AtomicLong();

    SessionState(long id) {
        this.id = id;
    }

    /**
     * The index of a run or step entered now: the declared one, or the next in order of entry. A
     * declared index moves the counter past it, so defaults never repeat a declared index.
     */
    int index(int declared) {
        if (declared < 0) {
            return nextIndex.getAndIncrement();
        }
        nextIndex.accumulateAndGet(declared + 1, Math::max);
        return declared;
    }
}
