package sh.ratri.agent.timeline;

import sh.ratri.agent.policy.Decision;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;

/**
 * The context of one traced method call: what it opened and what is current beneath it. Frames
 * are chained to the frame that was current before, so restoring on exit is one assignment, and a
 * frame captured on one thread can be restored on another.
 *
 * <p>A thread reuses the frames of its synchronous calls ({@link ThreadState#frame}), so a traced
 * call allocates none. Only a frame nothing else holds once its call returned may be reused: any
 * frame handed elsewhere, captured for another thread or task, ending later (a future, a publisher,
 * a suspend function, a streamed model call), or held by user code (the explicit API), is marked
 * {@link #escape escaped} with every frame above it, and is never reused. Events copy the ids they
 * need, so no queued event points at a frame.
 */
class Frame {

    static final int OPENED_SESSION = 1;
    static final int OPENED_RUN = 2;
    static final int OPENED_STEP = 4;
    static final int OPENED_TOOL = 8;
    /** Not opened but how it ends: the method returns a {@code CompletionStage}, its items end when that completes. */
    static final int ASYNC = 16;
    /** Above the flag bits: the id of the call site that opened the frame, plus one (0: none). */
    private static final int SITE_SHIFT = 5;

    private static final VarHandle WAITING;
    /** What {@link #waiting} holds once the run has ended: a handoff requested later fails at once. */
    private static final WaitingHandoffs ENDED = new WaitingHandoffs();

    static {
        try {
            WAITING = MethodHandles.lookup().findVarHandle(Frame.class, "waiting", WaitingHandoffs.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    Frame previous;
    SessionState session;
    /**
     * The state of the thread whose call this is, while the frame has not escaped: the call's exit,
     * always on that thread, finds it here rather than through the thread-local. Null once escaped,
     * so that a frame held elsewhere does not keep its thread's state reachable.
     */
    ThreadState ownState;
    long runId;
    long parentRunId;
    long stepId;
    long toolCallId;
    /** {@code OPENED_*} and {@link #ASYNC} bits and the call site's id, in one int. */
    private int flags;
    long startNanos;
    /**
     * Set by the thread that owns the frame (or, once set, by no one again): something other than
     * its call may hold it, so it is never reused. Set on every frame above it too.
     */
    private boolean escaped;
    /**
     * The object the call was made on (null for a static method); for a JDK proxy's method its
     * thread, since the proxy forwards to another object: see {@link CallSite#continuedBy}.
     * Cleared when the call ends, as no call can continue it any more, so that an escaped frame
     * (or one waiting for reuse) does not keep the receiver, its class and its class loader reachable.
     */
    Object owner;
    /**
     * On a frame that opened a run (or, for handoffs outside any run, a session): the handoffs
     * requested in that run that no child run has taken yet, once the frame escaped (other threads
     * may then request and take them). Made with the first one, or when the frame escapes.
     */
    @SuppressWarnings("unused") // through WAITING
    private volatile WaitingHandoffs waiting;
    /**
     * The same while the frame has not escaped, when only its own thread can reach it: a plain list
     * through {@link PendingHandoff#next}, oldest first, that costs no allocation, CAS or fence.
     */
    private PendingHandoff oldestHere;
    private PendingHandoff newestHere;
    private int waitingHere;
    /** On a frame that opened a run: the run's {@code stepKey}, which the policy judges its tools by. */
    private String runStepKey;
    /**
     * On a frame that opened a tool: what the policy decided about the call, or null. Set before its
     * {@code tool.started} is queued; the exporter makes the {@code policy.decision} event from it
     * (see {@link Event#decisionBefore()}), so a decision costs the application thread no event.
     */
    Decision decision;
    /** Set through the explicit API by the thread that owns the frame; read when it ends. */
    String outputSummary;
    Map<String, String> attributes;

    Frame(Frame previous, SessionState session, long runId, long parentRunId, long stepId, long toolCallId,
          int flags, int callSite, long startNanos, Object owner) {
        open(previous, session, runId, parentRunId, stepId, toolCallId, flags, callSite, startNanos, owner);
    }

    /** Makes this frame a new call's: what the constructor does, and what reuse does to a frame its call no longer holds. */
    final void open(Frame previous, SessionState session, long runId, long parentRunId, long stepId, long toolCallId,
                    int flags, int callSite, long startNanos, Object owner) {
        // a thread reopens the same frame at the same depth, under the same caller and session: a reference
        // written again unchanged would still cost a GC write barrier
        if (this.previous != previous) {
            this.previous = previous;
        }
        if (this.session != session) {
            this.session = session;
        }
        this.runId = runId;
        this.parentRunId = parentRunId;
        this.stepId = stepId;
        this.toolCallId = toolCallId;
        this.flags = flags | (callSite + 1) << SITE_SHIFT;
        this.startNanos = startNanos;
        this.owner = owner;
        WAITING.set(this, null); // a plain write: the frame reaches another thread only through a release that follows
        this.oldestHere = null;
        this.newestHere = null;
        this.waitingHere = 0;
        if ((flags & OPENED_RUN) == 0) {
            this.runStepKey = null; // a run's frame keeps it until its entry sets it: most often to the same key
        }
        this.decision = null;
        this.outputSummary = null;
        this.attributes = null;
    }

    /**
     * Marks {@code frame} and every frame above it as held beyond their calls: none of them will be
     * reused. Stops at the first frame already marked, whose own callers were marked with it.
     */
    static void escape(Frame frame) {
        for (Frame f = frame; f != null && !f.escaped; f = f.previous) {
            f.escaped = true;
            if (f.ownState != null) {
                f.ownState.forget(f);
                f.ownState = null;
            }
            if (f.session != null) {
                f.session.share();
            }
            f.shareWaiting();
        }
    }

    /** Called as the frame escapes, before another thread can see it: what waits here moves to a queue any thread may use. */
    private void shareWaiting() {
        if (oldestHere == null) {
            return;
        }
        WaitingHandoffs shared = new WaitingHandoffs();
        for (PendingHandoff h = takeHere(); h != null; h = takeHere()) {
            shared.add(h);
        }
        WAITING.setVolatile(this, shared);
    }

    /** The oldest handoff in the frame's own list, now the caller's; null when none. */
    private PendingHandoff takeHere() {
        PendingHandoff oldest = oldestHere;
        if (oldest != null) {
            oldestHere = oldest.next;
            if (oldestHere == null) {
                newestHere = null;
            }
            oldest.next = null;
            waitingHere--;
        }
        return oldest;
    }

    String runStepKey() {
        return runStepKey;
    }

    /** Sets the run's {@code stepKey}; the same key again, as a reused frame's run mostly has, is not stored again. */
    void runStepKey(String stepKey) {
        if (runStepKey != stepKey) {
            runStepKey = stepKey;
        }
    }

    boolean escaped() {
        return escaped;
    }

    /** A frame that only carries ids, for events made outside a traced call. */
    static Frame ids(long sessionId, long runId, long parentRunId, long stepId, long toolCallId, long startNanos) {
        return new Frame(null, new SessionState(sessionId), runId, parentRunId, stepId, toolCallId, 0, -1,
                startNanos, null);
    }

    boolean opened(int what) {
        return (flags & what) != 0;
    }

    boolean async() {
        return (flags & ASYNC) != 0;
    }

    /** The id of the woven call site that opened this frame; -1 for the explicit API's. */
    int callSite() {
        return (flags >>> SITE_SHIFT) - 1;
    }

    /** The frame of the innermost run open here (else of the session): where handoffs of this context wait. */
    Frame runFrame() {
        for (Frame f = this; f != null; f = f.previous) {
            if (f.opened(OPENED_RUN | OPENED_SESSION)) {
                return f;
            }
        }
        return null;
    }

    /**
     * Makes {@code handoff} wait here until a child run under this run takes it or the run ends.
     * Returns what failed instead: {@code handoff} itself when the run has already ended, the
     * oldest waiting handoff when too many wait; else null.
     */
    PendingHandoff await(PendingHandoff handoff) {
        if (!escaped) {
            handoff.next = null;
            if (newestHere == null) {
                oldestHere = handoff;
            } else {
                newestHere.next = handoff;
            }
            newestHere = handoff;
            return ++waitingHere > WaitingHandoffs.MAX ? takeHere() : null;
        }
        WaitingHandoffs waiting = (WaitingHandoffs) WAITING.getVolatile(this);
        if (waiting == null) {
            WaitingHandoffs made = new WaitingHandoffs();
            waiting = WAITING.compareAndSet(this, null, made) ? made : (WaitingHandoffs) WAITING.getVolatile(this);
        }
        if (waiting == ENDED) {
            return handoff;
        }
        waiting.add(handoff);
        // the run may have ended, and taken what was waiting, between the read and the add
        if (WAITING.getVolatile(this) == ENDED && waiting.remove(handoff)) {
            return handoff;
        }
        return waiting.overflow();
    }

    /** The oldest handoff waiting here, taken by the caller (a child run); null when none. */
    PendingHandoff takeWaiting() {
        if (!escaped) {
            return takeHere();
        }
        WaitingHandoffs queue = (WaitingHandoffs) WAITING.getVolatile(this);
        return queue == null ? null : queue.poll();
    }

    /**
     * Ends the run for handoffs, on a frame that escaped: returns those no child run took (the caller
     * fails them), or null. A frame that did not escape ends on its own thread, where no handoff can
     * be requested in its run any more: the caller fails what {@link #takeWaiting} still gives.
     */
    WaitingHandoffs endWaiting() {
        WaitingHandoffs queue = (WaitingHandoffs) WAITING.getVolatile(this);
        if (queue == null && WAITING.compareAndSet(this, null, ENDED)) {
            return null; // the common case: no handoff was ever requested in this run
        }
        return (WaitingHandoffs) WAITING.getAndSet(this, ENDED);
    }
}
