package sh.ratri.agent.timeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One open session: its id, the next default step index, and the events it lost. Made per top-level
 * session, so its counters are fields updated through {@code VarHandle}s, not two more atomic objects.
 */
final class SessionState {

    private static final VarHandle NEXT_INDEX;
    private static final VarHandle DROPPED;
    private static final VarHandle AWAITING_REPORT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NEXT_INDEX = lookup.findVarHandle(SessionState.class, "nextIndex", int.class);
            DROPPED = lookup.findVarHandle(SessionState.class, "dropped", long.class);
            AWAITING_REPORT = lookup.findVarHandle(SessionState.class, "awaitingReport", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final long id;
    /** The test session a {@code @Session} inside a test was opened in, else null. */
    final SessionState enclosing;
    /** For a test's session, which starts at its first traced call; null for every other session. */
    final DeferredStart deferredStart;
    @SuppressWarnings("unused") // through NEXT_INDEX
    private volatile int nextIndex;
    @SuppressWarnings("unused") // through DROPPED
    private volatile long dropped;
    @SuppressWarnings("unused") // through AWAITING_REPORT
    private volatile boolean awaitingReport;

    SessionState(long id) {
        this(id, null, null);
    }

    SessionState(long id, SessionState enclosing, DeferredStart deferredStart) {
        this.id = id;
        this.enclosing = enclosing;
        this.deferredStart = deferredStart;
    }

    /**
     * The index of a run or step entered now: the declared one, or the next in order of entry. A
     * declared index moves the counter past it, so defaults never repeat a declared index.
     */
    int index(int declared) {
        if (declared < 0) {
            return (int) NEXT_INDEX.getAndAdd(this, 1);
        }
        int next;
        do {
            next = (int) NEXT_INDEX.getVolatile(this);
        } while (next <= declared && !NEXT_INDEX.compareAndSet(this, next, declared + 1));
        return declared;
    }

    void countDropped() {
        DROPPED.getAndAdd(this, 1L);
    }

    /** True for the one caller that puts this session in line for a loss report. */
    boolean startAwaitingReport() {
        return !(boolean) AWAITING_REPORT.getVolatile(this) && AWAITING_REPORT.compareAndSet(this, false, true);
    }

    void stopAwaitingReport() {
        AWAITING_REPORT.setVolatile(this, false);
    }

    /** The events lost since the last call. */
    long takeDropped() {
        return (long) DROPPED.getAndSet(this, 0L);
    }
}
