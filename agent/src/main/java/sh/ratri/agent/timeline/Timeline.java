package sh.ratri.agent.timeline;

import sh.ratri.ToolBlockedException;
import sh.ratri.agent.bootstrap.Bridge;
import sh.ratri.agent.bootstrap.PublisherCall;
import sh.ratri.agent.policy.Decision;
import sh.ratri.agent.policy.Policy;
import sh.ratri.agent.pricing.Pricing;
import sh.ratri.agent.schema.EventType;
import sh.ratri.agent.schema.Status;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The runtime behind woven methods: on entry it opens what the call site declares (session,
 * handoff, run, step, tool) under the thread's current context and records the started events;
 * on exit it records the ended events in reverse and restores the previous context.
 *
 * <p>Runs on application threads: no locks, no I/O, no reflection; every event goes to a
 * non-blocking outlet, and what it cannot take is counted.
 */
public final class Timeline implements Bridge.Dispatcher {

    private final CallSites callSites;
    private final EventOutlet outlet;
    private final DroppedEvents dropped;
    private final boolean captureIo;
    private final int maxChars;
    private final ThreadLocal<ThreadState> threads;
    private final ExplicitApi explicit;
    private final CoroutineContexts coroutines = new CoroutineContexts(this);
    private final SuspendCalls suspendCalls = new SuspendCalls(this, coroutines);
    private volatile PublisherWrapper publishers = PublisherWrapper.NONE;
    private final PolicyGate policy;
    private final LlmCalls llmCalls;
    private volatile TestReader tests = TestReader.NONE;

    public Timeline(CallSites callSites, EventOutlet outlet, DroppedEvents dropped, Ids ids, boolean captureIo,
                    int maxChars) {
        this(callSites, outlet, dropped, ids, captureIo, maxChars, Long::toHexString);
    }

    /** {@code spell} turns ids into the strings the events carry, for the explicit API's getters. */
    public Timeline(CallSites callSites, EventOutlet outlet, DroppedEvents dropped, Ids ids, boolean captureIo,
                    int maxChars, IdSpeller spell) {
        this(callSites, outlet, dropped, ids, captureIo, maxChars, spell, Policy.none());
    }

    /** {@code policy} decides each tool call before its body runs. */
    public Timeline(CallSites callSites, EventOutlet outlet, DroppedEvents dropped, Ids ids, boolean captureIo,
                    int maxChars, IdSpeller spell, Policy policy) {
        this.policy = new PolicyGate(policy);
        this.callSites = callSites;
        this.outlet = outlet;
        this.dropped = dropped;
        this.captureIo = captureIo;
        this.maxChars = maxChars;
        this.threads = ThreadLocal.withInitial(
                () -> ThreadState.startingIn(ids.block(), Bridge.startContext(Thread.currentThread())));
        this.explicit = new ExplicitApi(this, spell, this.policy);
        this.llmCalls = new LlmCalls(this, captureIo, maxChars);
    }

    /** Prices the tokens of model calls: {@code costUsd} on {@code llm.ended}. */
    public void priceWith(Pricing pricing) {
        llmCalls.priceWith(pricing);
    }

    /** How tests are read: installed with the test framework's recogniser. */
    public void readTestsWith(TestReader reader) {
        this.tests = reader;
    }

    /** Where in-memory recordings of a session's events come from: the export. */
    public void recordSessionsWith(SessionRecorder sessionRecorder) {
        explicit.recordSessionsWith(sessionRecorder);
    }

    /** What {@code sh.ratri.Ratri} calls through the bridge, installed next to this dispatcher. */
    public Bridge.ExplicitCalls explicitApi() {
        return explicit;
    }

    /** How methods declared to return a publisher end: installed by the weaver, which knows the libraries. */
    public void endPublishersWith(PublisherWrapper wrapper) {
        this.publishers = wrapper;
    }

    @Override
    public Object enter(int callSite, Object receiver, Object[] arguments) {
        CallSite site = callSites.get(callSite);
        if (site == null) {
            return null;
        }
        return enter(site, callSite, receiver, arguments);
    }

    @Override
    public Object enter(int callSite, Object receiver, Object argument0) {
        ThreadState state = threads.get();
        return enterLent(state, callSite, receiver, state.arguments.lend(argument0));
    }

    @Override
    public Object enter(int callSite, Object receiver, Object argument0, Object argument1) {
        ThreadState state = threads.get();
        return enterLent(state, callSite, receiver, state.arguments.lend(argument0, argument1));
    }

    @Override
    public Object enter(int callSite, Object receiver, Object argument0, Object argument1, Object argument2) {
        ThreadState state = threads.get();
        return enterLent(state, callSite, receiver, state.arguments.lend(argument0, argument1, argument2));
    }

    @Override
    public Object enter(int callSite, Object receiver, Object argument0, Object argument1, Object argument2,
                        Object argument3) {
        ThreadState state = threads.get();
        return enterLent(state, callSite, receiver,
                state.arguments.lend(argument0, argument1, argument2, argument3));
    }

    @Override
    public Object enter(int callSite, Object receiver, Object argument0, Object argument1, Object argument2,
                        Object argument3, Object argument4) {
        ThreadState state = threads.get();
        return enterLent(state, callSite, receiver,
                state.arguments.lend(argument0, argument1, argument2, argument3, argument4));
    }

    /** {@code arguments} is the thread's, lent for this entry only: nothing entered keeps the array itself. */
    private Object enterLent(ThreadState state, int callSite, Object receiver, Object[] arguments) {
        try {
            CallSite site = callSites.get(callSite);
            return site == null ? null : enter(state, site, callSite, receiver, arguments);
        } finally {
            state.arguments.giveBack(arguments);
        }
    }

    /** A call with no receiver: a static method. */
    public Object enter(int callSite, Object[] arguments) {
        return enter(callSite, null, arguments);
    }

    /**
     * A call site of the explicit API (it has no id), or a suspend function's: their frames are
     * held beyond the call that opened them, by user code or by the coroutine, so they are never reused.
     */
    Object enter(CallSite site, Object[] arguments) {
        Object scope = enter(site, -1, null, arguments);
        if (scope != null) {
            Frame.escape(threads.get().current); // the frame opened, also when the policy blocked its tool
        }
        return scope;
    }

    private Object enter(CallSite site, int siteId, Object receiver, Object[] arguments) {
        return enter(threads.get(), site, siteId, receiver, arguments);
    }

    /**
     * Opens what {@code site} declares; returns the frame to pass to {@link #exit}, null when nothing
     * opened, or a {@link sh.ratri.agent.bootstrap.Blocked} when the policy blocked the tool: its body must not run.
     */
    private Object enter(ThreadState state, CallSite site, int siteId, Object receiver, Object[] arguments) {
        Frame parent = state.current;
        if (parent != null && continuesOpenCall(parent, site, receiver)) {
            return null; // the call already open here, passing through an override or a proxy
        }
        SessionState session = parent == null ? null : parent.session;
        SessionState enclosing = null;
        if (session != null && session.deferredStart != null) {
            startDeferred(session);
            if (site.session() != null) { // a @Session in a test is a session of its own
                enclosing = session;
                session = null;
            }
        }
        if (session != null && site.session() != null && site.handoff() == null && site.run() == null
                && site.step() == null && site.tool() == null) {
            return null; // joins the open session: nothing to open, nothing to close
        }
        long now = System.nanoTime();
        String thread = state.threadName();
        int flags = site.async() ? Frame.ASYNC : 0;

        // ids, indexes and the handoff a child run takes first, then the frame, then its events in order
        SessionSpec sessionSpec = null;
        if (session == null) {
            session = state.session(state.ids.next(now), enclosing);
            flags |= Frame.OPENED_SESSION;
            sessionSpec = site.session() != null ? site.session() : SessionSpec.IMPLICIT;
        }

        long runId = parent == null ? 0 : parent.runId;
        long parentRunId = parent == null ? 0 : parent.parentRunId;
        long stepId = parent == null ? 0 : parent.stepId;
        long toolCallId = parent == null ? 0 : parent.toolCallId;
        PendingHandoff requested = null;

        if (site.handoff() != null) {
            requested = state.handoff(state.ids.next(now), runId, site.handoff(), arguments, maxChars);
        }

        RunSpec run = site.run();
        int runIndex = -1;
        PendingHandoff completed = null;
        if (run != null) {
            if (run.child()) {
                if (requested != null) {
                    completed = requested; // @Handoff on the child run's own method
                } else {
                    Frame parentRun = parent == null ? null : parent.runFrame();
                    completed = parentRun == null ? null : parentRun.takeWaiting();
                }
            }
            parentRunId = run.child() ? runId : 0;
            runId = state.ids.next(now);
            stepId = 0;
            toolCallId = 0;
            flags |= Frame.OPENED_RUN;
            runIndex = session.index(run.stepIndex());
        }

        StepSpec step = site.step();
        int stepIndex = -1;
        if (step != null) {
            stepId = state.ids.next(now);
            flags |= Frame.OPENED_STEP;
            stepIndex = session.index(step.stepIndex());
        }

        ToolSpec tool = site.tool();
        if (tool != null) {
            toolCallId = state.ids.next(now);
            flags |= Frame.OPENED_TOOL;
        }

        Frame frame = state.frame(parent, session, runId, parentRunId, stepId, toolCallId, flags, siteId, now,
                site.standIn() ? Thread.currentThread() : receiver);
        try {
            if (sessionSpec != null) {
                emitStarted(session, state, EventType.SESSION_STARTED, frame, thread, sessionSpec,
                        state.values.of(sessionSpec, arguments, maxChars, false), -1);
            }
            if (requested != null) {
                emitHandoff(session, state, EventType.HANDOFF_REQUESTED, frame, now, thread, requested);
                if (completed != requested) {
                    // waits on its source run, also after this method returns, for the first child run under it
                    Frame sourceRun = parent == null ? frame : parent.runFrame();
                    if (sourceRun == null) {
                        sourceRun = frame;
                    }
                    PendingHandoff failed = sourceRun.await(requested);
                    if (failed != null) {
                        emitHandoff(session, state, EventType.HANDOFF_FAILED, sourceRun, now, thread, failed);
                        state.handoffDone(failed);
                    }
                }
            }
            if (run != null) {
                String[] runValues = run.render(arguments, maxChars); // spelled now: the policy judges tools by its stepKey
                frame.runStepKey(RunSpec.stepKey(runValues));
                emitStarted(session, state, EventType.RUN_STARTED, frame, thread, run, runValues, runIndex);
                if (completed != null) {
                    emitHandoff(session, state, EventType.HANDOFF_COMPLETED, frame, now, thread, completed);
                    state.handoffDone(completed);
                }
            }
            if (step != null) {
                emitStarted(session, state, EventType.STEP_STARTED, frame, thread, step,
                        state.values.of(step, arguments, maxChars, false), stepIndex);
            }
            Decision decision = null;
            if (tool != null) {
                Object toolValues = state.values.of(tool, arguments, maxChars, captureIo && tool.recordsArguments());
                if (policy.inForce()) {
                    String[] spelled;
                    if (toolValues instanceof DeferredValues kept) {
                        spelled = kept.spell();
                        kept.clear(); // emitStarted gets the strings, so would not free the holder
                    } else {
                        spelled = (String[]) toolValues;
                    }
                    decision = policy.decide(frame, tool, spelled);
                    toolValues = spelled;
                }
                frame.decision = decision;
                emitStarted(session, state, EventType.TOOL_STARTED, frame, thread, tool, toolValues, -1);
            }
            state.current = frame;
            return decision != null && decision.blocks() ? PolicyGate.blocked(frame, decision) : frame;
        } catch (Throwable failed) {
            state.forget(frame); // entering failed: the frame, left in its spare slot, is no one's
            throw failed;
        }
    }

    /**
     * A test begins on this thread: its session is current from now on, and starts at the first
     * traced call in it, here or on a thread the test hands work to. Returns the scope for {@link #testEnded}.
     */
    @Override
    public Object testStarted(Object test) {
        ThreadState state = threads.get();
        long now = System.nanoTime();
        DeferredStart start = new DeferredStart(test, tests, state.threadName());
        SessionState session = new SessionState(state.ids.next(now), null, start);
        Frame frame = new Frame(state.current, session, 0, 0, 0, 0, Frame.OPENED_SESSION, -1, now, null);
        start.frame = frame;
        state.current = frame;
        return frame;
    }

    /**
     * The test ended: its session, if anything started it, ends with the test's outcome: failed with
     * the error, completed when it passed, and completed with an {@code aborted: …} output when an
     * assumption aborted it (the build does not fail for it either).
     */
    @Override
    public void testEnded(Object scope, Object ending, Throwable thrown) {
        Frame frame = (Frame) scope;
        leave(frame);
        if (!frame.session.deferredStart.started()) {
            return; // traced nothing: leaves nothing
        }
        Throwable failure = tests.failure(ending, thrown);
        if (failure != null && tests.aborted(failure)) {
            String reason = Failure.of(failure, maxChars).message();
            frame.outputSummary = "aborted" + (reason == null ? "" : ": " + reason);
            failure = null;
        }
        end(frame, null, failure);
    }

    /** A test's session starts with the first event in it, whichever call or thread emits that. */
    void startDeferred(SessionState session) {
        if (session.deferredStart != null) {
            session.deferredStart.startOnce(this, maxChars);
        }
    }

    private boolean continuesOpenCall(Frame parent, CallSite site, Object receiver) {
        int open = parent.callSite();
        CallSite outer = open < 0 ? null : callSites.get(open);
        return outer != null && outer.continuedBy(site, parent.owner, receiver);
    }

    @Override
    public void exit(Object scope, Object returned, Throwable thrown) {
        Frame frame = (Frame) scope;
        ThreadState state = frame.ownState; // exit runs on the thread that entered: an unescaped frame knows its state
        if (state == null) {
            state = threads.get();
        }
        state.current = frame.previous;
        if (frame.async() && thrown == null && returned instanceof CompletionStage<?> stage) {
            Frame.escape(frame);
            endWhenComplete(frame, stage);
            return;
        }
        end(frame, returned, thrown, state, state.threadName());
        state.ended(frame);
    }

    @Override
    public Object exitPublisher(Object scope, Object returned, Throwable thrown) {
        Frame frame = (Frame) scope;
        leave(frame);
        Frame.escape(frame); // a publisher ends it later, maybe on another thread
        Object wrapped = thrown == null && returned != null
                ? publishers.wrap(returned, new PublisherEnding(this, frame)) : null;
        if (wrapped == null) {
            end(frame, returned, thrown);
            return returned;
        }
        return wrapped;
    }

    /** A publisher like {@code publisher} that reports its subscriptions to {@code call}; null when none can be made. */
    Object wrapPublisher(Object publisher, PublisherCall call) {
        return publishers.wrap(publisher, call);
    }

    /** Makes what was current before {@code frame} current again; its items stay open until {@link #end}. */
    void leave(Frame frame) {
        ThreadState state = threads.get();
        state.current = frame.previous;
    }

    /** Makes {@code frame} current on this thread and returns what was. */
    Frame makeCurrent(Frame frame) {
        ThreadState state = threads.get();
        Frame previous = state.current;
        state.current = frame;
        return previous;
    }

    @Override
    public Object enterSuspend(int callSite, Object[] arguments) {
        CallSite site = callSites.get(callSite);
        if (site == null) {
            return null;
        }
        try {
            return suspendCalls.enter(callSite, site, arguments);
        } catch (Throwable kotlinFailed) {
            return null;
        }
    }

    @Override
    public void exitSuspend(Object scope, Object returned, Throwable thrown) {
        suspendCalls.exit(scope, returned, thrown);
    }

    @Override
    public void suspendedCallEnded(Object call, Object returned, Throwable thrown) {
        suspendCalls.ended(call, returned, thrown);
    }

    @Override
    public Object coroutineContext() {
        return coroutines.newCoroutine();
    }

    @Override
    public Object coroutineThreadState() {
        return coroutines.threadState();
    }

    @Override
    public void coroutineSwitch(Object contextOrState) {
        coroutines.switchTo(contextOrState);
    }

    /**
     * A method that returns a future ends when the future does. The callback is registered on the
     * returned stage; the object the caller receives is never replaced.
     */
    private void endWhenComplete(Frame frame, CompletionStage<?> stage) {
        try {
            stage.whenComplete((value, failure) ->
                    end(frame, value, unwrap(failure), ThreadNames.of(Thread.currentThread())));
        } catch (Throwable registrationFailed) {
            end(frame, stage, null, ThreadNames.of(Thread.currentThread()));
        }
    }

    private static Throwable unwrap(Throwable failure) {
        if (failure instanceof CompletionException && failure.getCause() != null) {
            return failure.getCause();
        }
        return failure;
    }

    void end(Frame frame, Object returned, Throwable thrown) {
        ThreadState state = threads.get();
        end(frame, returned, thrown, state, state.threadName());
    }

    private void end(Frame frame, Object returned, Throwable thrown, String thread) {
        end(frame, returned, thrown, threads.get(), thread);
    }

    private void end(Frame frame, Object returned, Throwable thrown, ThreadState state, String thread) {
        long now = System.nanoTime();
        Status status = thrown == null ? Status.COMPLETED
                : thrown instanceof ToolBlockedException ? Status.BLOCKED : Status.FAILED;
        Map<String, String> notes = frame.attributes; // on the innermost item only
        Object output = frame.outputSummary != null ? frame.outputSummary
                : thrown == null && captureIo && returned != null ? outputOf(returned, notes) : null;
        Failure failure = thrown == null ? null : Failure.of(thrown, maxChars);
        SessionState session = frame.session;
        frame.owner = null;

        if (frame.opened(Frame.OPENED_TOOL)) {
            emitEnded(session, state, EventType.TOOL_ENDED, frame, now, thread, status,
                    Event.outcome(output, failure, notes));
            notes = null;
        }
        if (frame.opened(Frame.OPENED_STEP)) {
            emitEnded(session, state, EventType.STEP_ENDED, frame, now, thread, status,
                    Event.outcome(null, failure, notes));
            notes = null;
        }
        if (frame.opened(Frame.OPENED_RUN | Frame.OPENED_SESSION)) {
            // a handoff fails only when the run it waits on ends with no child run having taken it
            failUntaken(frame, now, state, thread);
        }
        if (frame.opened(Frame.OPENED_RUN)) {
            emitEnded(session, state, EventType.RUN_ENDED, frame, now, thread, status,
                    Event.outcome(output, failure, notes));
            notes = null;
        }
        if (frame.opened(Frame.OPENED_SESSION)) {
            emitEnded(session, state, EventType.SESSION_ENDED, frame, now, thread, status,
                    Event.outcome(output, failure, notes));
        }
    }

    /**
     * The output of a call that returned {@code returned}: the value itself when it cannot change,
     * for the exporter to spell (a short {@code String} is its own summary), else its summary now.
     * Added attributes go with the output in one record, which holds it spelled.
     */
    private Object outputOf(Object returned, Map<String, String> notes) {
        if (returned instanceof String || notes != null || !DeferredValues.settled(returned)) {
            return Summaries.summary(returned, maxChars);
        }
        return returned;
    }

    private void failUntaken(Frame run, long now, ThreadState state, String thread) {
        if (!run.escaped()) {
            for (PendingHandoff h = run.takeWaiting(); h != null; h = run.takeWaiting()) {
                emitHandoff(run.session, state, EventType.HANDOFF_FAILED, run, now, thread, h);
                state.handoffDone(h);
            }
            return;
        }
        WaitingHandoffs untaken = run.endWaiting();
        for (PendingHandoff h = untaken == null ? null : untaken.poll(); h != null; h = untaken.poll()) {
            emitHandoff(run.session, state, EventType.HANDOFF_FAILED, run, now, thread, h);
        }
    }

    @Override
    public Object capture() {
        Frame current = threads.get().current;
        Frame.escape(current);
        return current;
    }

    @Override
    public Object attach(Object context) {
        return makeCurrent((Frame) context);
    }

    @Override
    public void detach(Object previous) {
        threads.get().current = (Frame) previous;
    }

    @Override
    public Object llmEnter(int reader, Object receiver, Object[] arguments) {
        LlmReader read = LlmReaders.get(reader);
        if (read == null || llmCalls.openHere()) {
            return null; // a lower layer of a call already recorded
        }
        return llmCalls.start(read, read.request(receiver, arguments));
    }

    @Override
    public Object[] llmArguments(Object scope, Object[] arguments) {
        return llmCalls.arguments((LlmCall) scope, arguments);
    }

    @Override
    public Object llmExit(Object scope, Object returned, Throwable thrown) {
        return llmCalls.exit((LlmCall) scope, returned, thrown);
    }

    /** The calling thread's state: its current frame and its ids. */
    ThreadState thread() {
        return threads.get();
    }

    /**
     * Emits a {@code *.started} event; {@code values} is what {@link DeferredValues#of} gave, the
     * thread's holder included, which is cleared once the event keeps what it held.
     */
    void emitStarted(SessionState session, ThreadState state, EventType type, Frame frame, String thread,
                     CallSiteSpec spec, Object values, int stepIndex) {
        try {
            // the policy.decision the exporter would have made from a decided tool.started is lost with it
            int events = type == EventType.TOOL_STARTED && frame.decision != null ? 2 : 1;
            Event event = outlet.claim(state.event);
            if (event == null) {
                lost(session, events);
                return;
            }
            try {
                event.writeStarted(type, frame, thread, spec, values, stepIndex);
            } catch (Throwable failed) {
                abandon(session, event, events);
                throw failed;
            } finally {
                publish(session, state, event);
            }
        } finally {
            if (values == state.values) {
                state.values.clear(); // also when writing failed: the holder would stay busy, holding the values
            }
        }
    }

    /** Emits a {@code *.ended} event; {@code outcome} is what {@link Event#outcome} made of its output and error. */
    private void emitEnded(SessionState session, ThreadState state, EventType type, Frame frame, long nanos,
                           String thread, Status status, Object outcome) {
        Event event = outlet.claim(state.event);
        if (event == null) {
            lost(session, 1);
            return;
        }
        try {
            event.writeEnded(type, frame, nanos, thread, status, outcome, maxChars);
        } catch (Throwable failed) {
            abandon(session, event, 1);
            throw failed;
        } finally {
            publish(session, state, event);
        }
    }

    /** Emits a handoff event of {@code frame}'s session. */
    void emitHandoff(SessionState session, ThreadState state, EventType type, Frame frame, long nanos, String thread,
                     PendingHandoff handoff) {
        Event event = outlet.claim(state.event);
        if (event == null) {
            lost(session, 1);
            return;
        }
        try {
            event.writeHandoff(type, frame, nanos, thread, handoff);
        } catch (Throwable failed) {
            abandon(session, event, 1);
            throw failed;
        } finally {
            publish(session, state, event);
        }
    }

    /** Hands over an event claimed for {@code session} and now written; the thread's scratch event is then free again. */
    private void publish(SessionState session, ThreadState state, Event written) {
        if (!outlet.publish(written) && !written.abandoned()) {
            lost(session, written.carriesDecision() ? 2 : 1);
        }
        if (written == state.event) {
            written.clear();
        }
    }

    /**
     * Writing a claimed event failed part way (out of memory making its values' holder): it is still
     * published, or the exporter would wait at its slot for good, but as no event, and counted lost.
     */
    private void abandon(SessionState session, Event event, int events) {
        event.abandon();
        lost(session, events);
    }

    /** Hands {@code event}, made for this one use, to the outlet, which copies it. */
    void emit(SessionState session, Event event) {
        if (!outlet.offer(event)) {
            lost(session, event.carriesDecision() ? 2 : 1);
        }
    }

    /** {@code count} events of {@code session} could not be queued: counted, and reported by the exporter. */
    private void lost(SessionState session, int count) {
        for (int i = 0; i < count; i++) {
            dropped.count(session);
        }
    }
}
