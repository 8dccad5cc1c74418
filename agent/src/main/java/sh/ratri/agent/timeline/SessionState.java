package sh.ratri.agent.timeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One open session: its id, the next default step index, and the events it lost. Its counters are
 * fields updated through {@code VarHandle}s, not two more atomic objects. A thread reuses the state
 * of a session whose opening frame it reuses ({@link ThreadState#ended}); if the session lost events,
 * only once the exporter has taken their count ({@link #settled}). Until then its thread opens its
 * next session in a new state, so while losses come faster than the exporter reports them (an
 * overflowing queue) most sessions still cost one.
 */
final class SessionState {

    private static final VarHandle NEXT_INDEX;
    private static final VarHandle DROPPED;
    private static final VarHandle AWAITING_REPORT;
    private static final VarHandle JOINED;
    private static final VarHandle LEFT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NEXT_INDEX = lookup.findVarHandle(SessionState.class, "nextIndex", int.class);
            DROPPED = lookup.findVarHandle(SessionState.class, "dropped", long.class);
            AWAITING_REPORT = lookup.findVarHandle(SessionState.class, "awaitingReport", boolean.class);
            JOINED = lookup.findVarHandle(SessionState.class, "joined", int.class);
            LEFT = lookup.findVarHandle(SessionState.class, "left", int.class);
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
    /** The next session waiting for a loss report, while this one waits ({@link DroppedEvents}). */
    SessionState nextWithLoss;
    /**
     * How many times it joined the line of sessions waiting for a loss report, and how many times the
     * exporter was done with it there, its count taken: equal when the exporter holds it no more.
     */
    @SuppressWarnings("unused") // through JOINED
    private volatile int joined;
    @SuppressWarnings("unused") // through LEFT
    private volatile int left;
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
        DROPPED.getAndAdd(this, 1L);
    }

    /**
     * Whether this state may be reused for another session once its own has ended: only its own
     * thread held it. Whether it is free yet is {@link #settled}'s to say.
     */
    boolean reusable() {
        return deferredStart == null && !shared;
    }

    /**
     * For an ended session's state: whether the exporter is done with it, so {@link #reopen} cannot
     * change the id or the count of a report under way. The exporter has taken its count as often as it
     * joined the line, and it holds no loss the full line refused (such a loss keeps the state from reuse).
     * Out of line alone is not enough: the exporter lets a session out before it takes the count, so
     * that a loss from then on joins again, and a session can be in line with a count already taken.
     */
    boolean settled() {
        return (int) LEFT.getAcquire(this) == (int) JOINED.getVolatile(this)
                && !(boolean) AWAITING_REPORT.getVolatile(this) && (long) DROPPED.getVolatile(this) == 0;
    }

    /** It joins the line of sessions waiting for a loss report. */
    void joinedLine() {
        JOINED.getAndAdd(this, 1);
    }

    /** The exporter is done with it in the line: its count is taken, and its report has its id. */
    void leftLine() {
        LEFT.getAndAdd(this, 1);
    }

    /** Called on the thread that holds the session, before a frame in it can reach another thread. */
    void share() {
        shared = true;
    }

    /**
     * Makes this ended session's state a new session's (see {@link #reusable()}); only once
     * {@link #settled}, so its loss counters are at rest already and stay as they are.
     */
    void reopen(long newId, SessionState newEnclosing) {
        id = newId;
        enclosing = newEnclosing;
        // plain writes: no other thread holds this state, and one that gets it later gets it through a release
        NEXT_INDEX.set(this, 0);
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
