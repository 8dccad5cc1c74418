package sh.ratri.agent.timeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One open session: its id, the next default step index, and the events it lost. Its counters are
 * fields updated through {@code VarHandle}s, not two more atomic objects. A thread reuses the state
 * of a session whose opening frame it reuses ({@link ThreadState#ended}), unless the session lost
 * an event: {@link DroppedEvents} then holds it until the exporter reports the loss.
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

    long id;
    /** The test session a {@code @Session} inside a test was opened in, else null. */
    SessionState enclosing;
    /** For a test's session, which starts at its first traced call; null for every other session. */
    final DeferredStart deferredStart;
    @SuppressWarnings("unused") // through NEXT_INDEX
    private volatile int nextIndex;
    @SuppressWarnings("unused") // through DROPPED
    private volatile long dropped;
    @SuppressWarnings("unused") // through AWAITING_REPORT
    private volatile boolean awaitingReport;
    /** Set for good at the first lost event; written only by threads that hold the session. */
    private boolean lostEvents;
    /**
     * Set, by the thread that opened the session, once a frame in it escaped ({@link Frame#escape}):
     * other threads may then enter runs and steps in it. Until then only that thread can reach it,
     * and {@link #index} counts with plain reads and writes instead of an atomic add.
     */
    private boolean shared;

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
        if (!shared) {
            int next = (int) NEXT_INDEX.get(this);
            int index = declared < 0 ? next : declared;
            if (index >= next) {
                NEXT_INDEX.set(this, index + 1);
            }
            return index;
        }
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
        lostEvents = true;
        DROPPED.getAndAdd(this, 1L);
    }

    /** Whether this state may be reused for another session once its own has ended. */
    boolean reusable() {
        return deferredStart == null && !lostEvents && !shared;
    }

    /** Called on the thread that holds the session, before a frame in it can reach another thread. */
    void share() {
        shared = true;
    }

    /** Makes this ended session's state a new session's (see {@link #reusable()}). */
    void reopen(long newId, SessionState newEnclosing) {
        id = newId;
        enclosing = newEnclosing;
        // plain writes: no other thread holds this state, and one that gets it later gets it through a release
        NEXT_INDEX.set(this, 0);
        DROPPED.set(this, 0L);
        AWAITING_REPORT.set(this, false);
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
