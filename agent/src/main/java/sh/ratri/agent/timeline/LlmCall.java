package sh.ratri.agent.timeline;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One model call: {@code llm.started} recorded, {@code llm.ended} to come. It is also the frame
 * current while the call's method runs, so that a recognised layer beneath it (a provider SDK under
 * a framework) finds a model call open and records nothing: one call, one pair of events. A
 * streamed reply ends it later, from whichever thread sees the last part or the error; it ends once.
 */
public final class LlmCall extends Frame {

    /** {@code llm.started}'s {@code operation}: the calls recognised are chat completions. */
    public static final String OPERATION = "chat";

    final long llmCallId;
    /** Reads the reply when the call returns; null for calls opened by agent code, which end them itself. */
    final LlmReader reader;
    final String requestModel;
    private final LlmCalls calls;
    private final AtomicBoolean ended = new AtomicBoolean();
    /** A stand-in handler ends this call when the reply arrives, not the method's return. */
    volatile boolean endsByHandler;

    LlmCall(Frame parent, SessionState session, boolean openedSession, long llmCallId, long startNanos,
            LlmReader reader, String requestModel, LlmCalls calls) {
        super(parent, session, parent == null ? 0 : parent.runId, parent == null ? 0 : parent.parentRunId,
                parent == null ? 0 : parent.stepId, parent == null ? 0 : parent.toolCallId,
                openedSession ? OPENED_SESSION : 0, -1, startNanos, null);
        this.llmCallId = llmCallId;
        this.reader = reader;
        this.requestModel = requestModel;
        this.calls = calls;
    }

    /** Records {@code llm.ended} with what the reply said; later calls (and {@link #fail}s) do nothing. */
    public void end(LlmResponse response) {
        calls.end(this, response == null ? LlmResponse.NONE : response, null);
    }

    /** Records {@code llm.ended} as failed; {@code partial} is what the reply said before it failed. */
    public void fail(Throwable error, LlmResponse partial) {
        calls.end(this, partial == null ? LlmResponse.NONE : partial, error);
    }

    /**
     * A stand-in for {@code publisher} (a Reactor Mono or Flux of the reply's parts) that ends this
     * call when the publisher terminates, after handing each part to {@code parts}; null when the
     * publisher is of no kind the agent can stand in for (the caller then ends the call itself).
     */
    public Object endWhenPublished(Object publisher, LlmReplyParts parts) {
        return calls.endWhenPublished(this, publisher, parts);
    }

    boolean markEnded() {
        return ended.compareAndSet(false, true);
    }

    public boolean isOpen() {
        return !ended.get();
    }
}
