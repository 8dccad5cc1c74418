package sh.ratri.agent.timeline;

/**
 * What the timeline keeps per thread: the current frame and the thread's block of ids. One object,
 * so a traced call looks up the thread once on entry and once on exit.
 */
final class ThreadState {

    /** How many ended frames a thread keeps for reuse: as deep as traced calls usually nest; more are made when needed. */
    private static final int SPARE_FRAMES = 32;

    /** The innermost open frame on this thread, or null when nothing is traced here. */
    Frame current;
    final Ids.Block ids;
    /** What this thread writes each event into for an outlet that copies it (one with slots is written in place). */
    final Event event = new Event();
    /** Where this thread keeps a call's values for the exporter to spell, until its event keeps them. */
    final DeferredValues values = new DeferredValues();
    /** The arrays a woven call's arguments are read from while it enters, when it passed them one by one. */
    final ArgumentArrays arguments = new ArgumentArrays();
    /** This thread's stand-in name while it has none, made once rather than per event. */
    private String unnamed;
    /** The Kotlin coroutine running on this thread, if the agent gave it a context. */
    CoroutineContexts.CoroutineFrame coroutine;
    /** Whether a suspend function already suspended in the coroutine's current stretch on this thread. */
    boolean suspensionNoted;

    /**
     * Frames of ended calls that nothing holds, for the next calls on this thread: those below
     * {@code spares}. A frame taken stays in its slot, so that given back at the same depth, as it
     * mostly is, it is not stored again (a GC write barrier); the slots above hold frames in use or
     * copies of spare ones, never one that escaped ({@link #forget}).
     */
    private final Frame[] spareFrames = new Frame[SPARE_FRAMES];
    private int spares;
    /** The state of an ended session whose opening frame was kept, for the next session opened here. */
    private SessionState spareSession;
    /** Handoffs taken or failed on this thread that no other thread held, chained through {@link PendingHandoff#next}. */
    private PendingHandoff spareHandoffs;
    private int spareHandoffCount;

    ThreadState(Ids.Block ids) {
        this.ids = ids;
    }

    /** A frame for a call entered on this thread: a spare one reopened, or a new one. */
    Frame frame(Frame previous, SessionState session, long runId, long parentRunId, long stepId, long toolCallId,
                int flags, int callSite, long startNanos, Object owner) {
        Frame frame;
        if (spares == 0) {
            frame = new Frame(previous, session, runId, parentRunId, stepId, toolCallId, flags, callSite, startNanos,
                    owner);
        } else {
            frame = spareFrames[--spares];
            frame.open(previous, session, runId, parentRunId, stepId, toolCallId, flags, callSite, startNanos, owner);
        }
        if (frame.ownState != this) { // a spare frame is this thread's already: no GC write barrier for the same value
            frame.ownState = this;
        }
        return frame;
    }

    /** A new handoff requested on this thread: a spare one reopened, or a new one. */
    PendingHandoff handoff(long id, long sourceRunId, HandoffSpec spec, Object[] arguments, int maxChars) {
        PendingHandoff handoff = spareHandoffs;
        if (handoff == null) {
            handoff = new PendingHandoff();
        } else {
            spareHandoffs = handoff.next;
            spareHandoffCount--;
            handoff.next = null;
        }
        handoff.open(id, sourceRunId, spec, arguments, maxChars);
        return handoff;
    }

    /**
     * {@code handoff} was taken or failed on this thread and its event queued (events copy what it
     * says): kept for the next request here, unless another thread may have held it. Up to as many
     * as may wait on one run, so that a run with many untaken handoffs reuses them too.
     */
    void handoffDone(PendingHandoff handoff) {
        if (handoff.shared || spareHandoffCount >= WaitingHandoffs.MAX) {
            return;
        }
        handoff.clear();
        handoff.next = spareHandoffs;
        spareHandoffs = handoff;
        spareHandoffCount++;
    }

    /** The state of a session opened on this thread: the spare one reopened, or a new one. */
    SessionState session(long id, SessionState enclosing) {
        SessionState session = spareSession;
        if (session == null || !session.settled()) {
            return new SessionState(id, enclosing, null);
        }
        spareSession = null;
        session.reopen(id, enclosing);
        return session;
    }

    /**
     * {@code frame}'s call ended on this thread: it is kept for reuse unless something else may hold
     * it, and so is the state of the session it opened, which only frames beneath it could hold.
     */
    void ended(Frame frame) {
        if (frame.escaped()) {
            return;
        }
        if (frame.opened(Frame.OPENED_SESSION) && frame.session.reusable()) {
            spareSession = frame.session;
        }
        if (spares < SPARE_FRAMES) {
            if (spareFrames[spares] != frame) {
                spareFrames[spares] = frame;
            }
            spares++;
        }
    }

    /** {@code frame}, this thread's, escaped or failed to enter: no slot keeps it reachable once nothing else does. */
    void forget(Frame frame) {
        for (int i = spares; i < SPARE_FRAMES; i++) {
            if (spareFrames[i] == frame) {
                spareFrames[i] = null;
            }
        }
    }

    /** The calling thread's name as events carry it (this state is the calling thread's). */
    String threadName() {
        Thread thread = Thread.currentThread();
        String name = thread.getName();
        if (!name.isEmpty()) {
            return name;
        }
        if (unnamed == null) {
            unnamed = ThreadNames.unnamed(thread);
        }
        return unnamed;
    }

    /** A thread's state at its first traced call: in the context it was started in, if it brought one. */
    static ThreadState startingIn(Ids.Block ids, Object startContext) {
        ThreadState state = new ThreadState(ids);
        if (startContext instanceof Frame frame) {
            state.current = frame;
        }
        return state;
    }
}
