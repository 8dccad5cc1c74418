package sh.ratri.agent.timeline;

import java.util.Map;

/**
 * The context of one traced method call: what it opened and what is current beneath it. Frames
 * are immutable and chained to the frame that was current before, so restoring on exit is one
 * assignment, and a frame captured on one thread can be restored on another.
 */
final class Frame {

    static final int OPENED_SESSION = 1;
    static final int OPENED_RUN = 2;
    static final int OPENED_STEP = 4;
    static final int OPENED_TOOL = 8;

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
    final int opened;
    final long startNanos;
    /** The method returns a {@code CompletionStage}: its items end when that completes. */
    final boolean async;
    /** Set through the explicit API by the thread that owns the frame; read when it ends. */
    String outputSummary;
    Map<String, String> attributes;

    Frame(Frame previous, SessionState session, long runId, long parentRunId, long stepId, long toolCallId,
          PendingHandoff pendingHandoff, PendingHandoff requestedHandoff, int opened, long startNanos,
          boolean async) {
        this.previous = previous;
        this.session = session;
        this.runId = runId;
        this.parentRunId = parentRunId;
        this.stepId = stepId;
        this.toolCallId = toolCallId;
        this.pendingHandoff = pendingHandoff;
        this.requestedHandoff = requestedHandoff;
        this.opened = opened;
        this.startNanos = startNanos;
        this.async = async;
    }

    boolean opened(int what) {
        return (opened & what) != 0;
    }
}
