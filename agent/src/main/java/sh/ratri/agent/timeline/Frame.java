package sh.ratri.agent.timeline;

import java.util.Map;

/**
 * The context of one traced method call: what it opened and what is current beneath it. Frames
 * are immutable and chained to the frame that was current before, so restoring on exit is one
 * assignment, and a frame captured on one thread can be restored on another. The call's events
 * read their ids and start time from it; the exporter reads only its final fields.
 */
final class Frame {

    static final int OPENED_SESSION = 1;
    static final int OPENED_RUN = 2;
    static final int OPENED_STEP = 4;
    static final int OPENED_TOOL = 8;
    private static final int OPENED_ANY = OPENED_SESSION | OPENED_RUN | OPENED_STEP | OPENED_TOOL;
    /** Not opened but how it ends: the method returns a {@code CompletionStage}, its items end when that completes. */
    static final int ASYNC = 16;

    final Frame previous;
    final SessionState session;
    final long runId;
    final long parentRunId;
    final long stepId;
    final long toolCallId;
    /** A handoff waiting for a child run; null once a child run is current. */
    final PendingHandoff pendingHandoff;
    /** The handoff this call requested, to fail on exit if no child run took it. */
    final PendingHandoff requestedHandoff;
    /** {@code OPENED_*} and {@link #ASYNC} bits, in one int to keep the frame at 80 bytes. */
    private final int flags;
    final long startNanos;
    /** On a frame that opened a run: the run's {@code stepKey}, which the policy judges its tools by. */
    String runStepKey;
    /** Set through the explicit API by the thread that owns the frame; read when it ends. */
    String outputSummary;
    Map<String, String> attributes;

    Frame(Frame previous, SessionState session, long runId, long parentRunId, long stepId, long toolCallId,
          PendingHandoff pendingHandoff, PendingHandoff requestedHandoff, int flags, long startNanos) {
        this.previous = previous;
        this.session = session;
        this.runId = runId;
        this.parentRunId = parentRunId;
        this.stepId = stepId;
        this.toolCallId = toolCallId;
        this.pendingHandoff = pendingHandoff;
        this.requestedHandoff = requestedHandoff;
        this.flags = flags;
        this.startNanos = startNanos;
    }

    /** A frame that only carries ids, for events made outside a traced call. */
    static Frame ids(long sessionId, long runId, long parentRunId, long stepId, long toolCallId, long startNanos) {
        return new Frame(null, new SessionState(sessionId), runId, parentRunId, stepId, toolCallId, null, null, 0,
                startNanos);
    }

    boolean opened(int what) {
        return (flags & what) != 0;
    }

    /** Frames pushed for handoffs requested through the explicit API open nothing. */
    boolean opensNothing() {
        return (flags & OPENED_ANY) == 0;
    }

    boolean async() {
        return (flags & ASYNC) != 0;
    }
}
