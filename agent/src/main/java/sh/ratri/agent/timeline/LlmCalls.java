package sh.ratri.agent.timeline;

import sh.ratri.agent.pricing.Pricing;
import sh.ratri.agent.schema.EventType;
import sh.ratri.agent.schema.Status;

/**
 * Records model calls as {@code llm.started}/{@code llm.ended} pairs under the current run (or an
 * implicit session). A call made while another is open in the current context, on this thread or
 * carried to it, is that call seen through a lower layer: it records nothing.
 */
final class LlmCalls {

    private final Timeline timeline;
    private final boolean captureIo;
    private final int maxChars;
    private volatile Pricing pricing = Pricing.NONE;

    LlmCalls(Timeline timeline, boolean captureIo, int maxChars) {
        this.timeline = timeline;
        this.captureIo = captureIo;
        this.maxChars = maxChars;
    }

    void priceWith(Pricing pricing) {
        this.pricing = pricing;
    }

    /** True when a model call is open in the calling thread's context. */
    boolean openHere() {
        for (Frame f = timeline.thread().current; f != null; f = f.previous) {
            if (f instanceof LlmCall call && call.isOpen()) {
                return true;
            }
        }
        return false;
    }

    /** Opens the call and makes it current; null when {@code request} is null or a call is already open here. */
    LlmCall start(LlmReader reader, LlmRequest request) {
        if (request == null || openHere()) {
            return null;
        }
        ThreadState state = timeline.thread();
        Frame parent = state.current;
        long now = System.nanoTime();
        SessionState session = parent == null ? null : parent.session;
        if (session != null) {
            timeline.startDeferred(session);
        }
        boolean opensSession = session == null;
        if (opensSession) {
            session = new SessionState(state.ids.next(now));
        }
        LlmCall call = new LlmCall(parent, session, opensSession, state.ids.next(now), now, reader, request.model(),
                this);
        Frame.escape(call); // a streamed reply ends it later, maybe on another thread, and makes it current there
        String thread = state.threadName();
        if (opensSession) {
            timeline.emitStarted(session, state, EventType.SESSION_STARTED, call, thread,
                    SessionSpec.IMPLICIT, SessionSpec.IMPLICIT.render(null, maxChars), -1);
        }
        String prompt = captureIo && request.prompt() != null ? Summaries.summary(request.prompt(), maxChars) : null;
        timeline.emitStarted(session, state, EventType.LLM_STARTED, call, thread, LlmSpec.CHAT,
                LlmSpec.values(request.provider(), request.model(), prompt), -1);
        state.current = call;
        return call;
    }

    /** The call's method returned or threw: what was current before it is again; the call ends now or, for a stream, later. */
    Object exit(LlmCall call, Object returned, Throwable thrown) {
        timeline.leave(call);
        if (thrown != null) {
            end(call, LlmResponse.NONE, thrown);
            return returned;
        }
        if (call.reader == null || call.endsByHandler) {
            return returned;
        }
        try {
            return call.reader.returned(call, returned);
        } catch (Throwable unreadable) {
            end(call, LlmResponse.NONE, null); // a reply the reader cannot read still ends the call
            return returned;
        }
    }

    /** The arguments the call's method runs with: its reply handler replaced by one that ends the call, when the reader makes one. */
    Object[] arguments(LlmCall call, Object[] arguments) {
        if (call.reader == null) {
            return arguments;
        }
        Object[] given = call.reader.arguments(call, arguments);
        if (given == null || given.length != arguments.length) {
            return arguments;
        }
        call.endsByHandler = given != arguments;
        return given;
    }

    Object endWhenPublished(LlmCall call, Object publisher, LlmReplyParts parts) {
        return publisher == null ? null : timeline.wrapPublisher(publisher, new LlmPublisherCall(timeline, call, parts));
    }

    void end(LlmCall call, LlmResponse response, Throwable thrown) {
        if (!call.markEnded()) {
            return;
        }
        long now = System.nanoTime();
        String thread = ThreadNames.of(Thread.currentThread());
        Status status = thrown == null ? Status.COMPLETED : Status.FAILED;
        String model = response.model() != null ? response.model() : call.requestModel;
        double cost = pricing.costUsd(model, response.inputTokens(), response.outputTokens(),
                response.cachedInputTokens());
        String output = thrown == null && captureIo && response.output() != null
                ? Summaries.summary(response.output(), maxChars) : null;
        Failure failure = thrown == null ? null : Failure.of(thrown, maxChars);
        timeline.emit(call.session, Event.llmEnded(call, now, thread, status, output, failure,
                LlmOutcome.of(response, cost)));
        if (call.opened(Frame.OPENED_SESSION)) {
            timeline.emit(call.session, Event.ended(EventType.SESSION_ENDED, call, now, thread, status, null, failure,
                    null));
        }
    }
}
