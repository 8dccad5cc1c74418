package sh.ratri.agent.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static sh.ratri.agent.schema.EventType.RUN_ENDED;
import static sh.ratri.agent.schema.EventType.RUN_STARTED;
import static sh.ratri.agent.schema.EventType.SESSION_STARTED;
import static sh.ratri.agent.schema.EventType.TOOL_ENDED;
import static sh.ratri.agent.schema.EventType.TOOL_STARTED;

import sh.ratri.agent.AllocatedBytes;
import sh.ratri.agent.export.EventQueue;
import sh.ratri.agent.schema.EventType;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A thread reuses the frames of its ended calls, and never one that something else may still hold. */
class FrameReuseTest {

    private final List<Event> events = new ArrayList<>();
    private final CallSites callSites = new CallSites();
    private final Timeline timeline = new Timeline(callSites, this::offer, new DroppedEvents(),
            new Ids(System.nanoTime()), false, 512);

    private synchronized boolean offer(Event event) {
        events.add(event.copy());
        return true;
    }

    private int site(SessionSpec session, RunSpec run, StepSpec step, ToolSpec tool, boolean async) {
        return callSites.register(new CallSite("Test.method", session, null, run, step, tool, async));
    }

    private int run() {
        return site(null, new RunSpec(Template.constant("r"), Template.constant("R"), -1,
                Template.constant("orchestrator"), false), null, null, false);
    }

    private int tool() {
        return site(null, null, null, new ToolSpec(Template.constant("t"), "low", Template.constant("execute"),
                Template.constant("t"), null, null), false);
    }

    private List<Event> all(EventType type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    @Test
    void theNextCallOnTheThreadReusesTheFrameOfACallThatEnded() {
        int run = run();
        Object first = timeline.enter(run, null);
        timeline.exit(first, null, null);

        Object second = timeline.enter(run, null);
        timeline.exit(second, null, null);

        assertThat(second).isSameAs(first);
    }

    @Test
    void eventsOfReusedFramesCarryTheIdsOfTheirOwnCalls() {
        int run = run();
        for (int i = 0; i < 3; i++) {
            timeline.exit(timeline.enter(run, null), null, null);
        }

        List<Event> started = all(RUN_STARTED);
        List<Event> ended = all(RUN_ENDED);
        assertThat(started).extracting(Event::runId).doesNotHaveDuplicates();
        assertThat(started).extracting(Event::sessionId).doesNotHaveDuplicates();
        for (int i = 0; i < 3; i++) {
            assertThat(ended.get(i).runId()).isEqualTo(started.get(i).runId());
            assertThat(ended.get(i).sessionId()).isEqualTo(started.get(i).sessionId());
        }
    }

    @Test
    void aCapturedFrameAndTheFramesAboveItAreNeverReused() {
        int run = run();
        int tool = tool();
        Object outer = timeline.enter(run, null);
        Object inner = timeline.enter(tool, null);
        Object captured = timeline.capture(); // e.g. handed to an executor that runs the task later
        timeline.exit(inner, null, null);
        timeline.exit(outer, null, null);

        Object next = timeline.enter(run, null);
        Object nextInner = timeline.enter(tool, null);
        timeline.exit(nextInner, null, null);
        timeline.exit(next, null, null);

        assertThat(captured).isSameAs(inner);
        assertThat(next).isNotSameAs(outer).isNotSameAs(inner);
        assertThat(nextInner).isNotSameAs(outer).isNotSameAs(inner);
        // the captured context still reads as the call it was captured in
        Object previous = timeline.attach(captured);
        try {
            timeline.exit(timeline.enter(tool, null), null, null);
        } finally {
            timeline.detach(previous);
        }
        assertThat(all(TOOL_STARTED).get(2).runId()).isEqualTo(all(RUN_STARTED).get(0).runId());
    }

    @Test
    void aReusedFrameThatEscapedIsNotKeptReachableByItsThreadOnceNothingElseHoldsIt() throws InterruptedException {
        int run = run();
        timeline.exit(timeline.enter(run, null), null, null); // its frame is now the thread's spare

        WeakReference<Object> escaped = enterCaptureAndEnd(run);
        for (int i = 0; i < 50 && escaped.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }

        assertThat(escaped.get()).isNull();
    }

    private WeakReference<Object> enterCaptureAndEnd(int run) {
        Object reused = timeline.enter(run, null);
        Object captured = timeline.capture(); // held by a task that has run and let it go
        timeline.exit(reused, null, null);
        assertThat(captured).isSameAs(reused);
        return new WeakReference<>(reused);
    }

    @Test
    void aReusedFrameWhoseEntryFailedIsNotKeptReachableByItsThread() throws InterruptedException {
        boolean[] failing = {false};
        Timeline failingOutlet = new Timeline(callSites, event -> {
            if (failing[0]) {
                throw new IllegalStateException("outlet failed");
            }
            return true;
        }, new DroppedEvents(), new Ids(System.nanoTime()), false, 512);
        int run = run();
        failingOutlet.exit(failingOutlet.enter(run, null), null, null); // its frame is now the thread's spare
        failing[0] = true;

        WeakReference<Object> heldByTheFrame = enterOnAFreshReceiver(failingOutlet, run);
        for (int i = 0; i < 50 && heldByTheFrame.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }

        assertThat(heldByTheFrame.get()).isNull();
    }

    private static WeakReference<Object> enterOnAFreshReceiver(Timeline timeline, int run) {
        Object receiver = new Object();
        assertThatThrownBy(() -> timeline.enter(run, receiver, null)).hasMessage("outlet failed");
        return new WeakReference<>(receiver);
    }

    @Test
    void theCallerOfACallThatEndsWithItsFutureIsNotReusedWhileTheFutureIsPending() {
        int run = run();
        int asyncTool = site(null, null, null, new ToolSpec(Template.constant("a"), "low",
                Template.constant("execute"), Template.constant("a"), null, null), true);
        CompletableFuture<String> reply = new CompletableFuture<>();
        Object outer = timeline.enter(run, null);
        timeline.exit(timeline.enter(asyncTool, null), reply, null);
        timeline.exit(outer, null, null);

        Object next = timeline.enter(run, null);
        timeline.exit(next, null, null);
        reply.complete("done");

        assertThat(next).isNotSameAs(outer);
        Event toolEnded = all(TOOL_ENDED).get(0);
        assertThat(toolEnded.runId()).isEqualTo(all(RUN_STARTED).get(0).runId());
        assertThat(toolEnded.sessionId()).isEqualTo(all(RUN_STARTED).get(0).sessionId());
    }

    @Test
    void aNewSessionReusesTheStateOfOneThatEndedWithNoLoss() {
        int run = run();
        Frame first = (Frame) timeline.enter(run, null); // opens its own session
        SessionState firstSession = first.session;
        timeline.exit(first, null, null);

        Frame second = (Frame) timeline.enter(run, null);
        SessionState secondSession = second.session;
        timeline.exit(second, null, null);

        assertThat(secondSession).isSameAs(firstSession);
        assertThat(all(SESSION_STARTED).get(1).sessionId()).isNotEqualTo(all(SESSION_STARTED).get(0).sessionId());
        assertThat(all(RUN_STARTED).get(1).stepIndex()).isEqualTo(all(RUN_STARTED).get(0).stepIndex());
    }

    @Test
    void theStateOfASessionThatLostEventsIsReusedOnlyOnceTheExporterHasTakenTheLoss() {
        DroppedEvents dropped = new DroppedEvents();
        Timeline refusing = new Timeline(callSites, event -> false, dropped, new Ids(System.nanoTime()), false, 512);
        int run = run();
        Frame first = (Frame) refusing.enter(run, null);
        SessionState lost = first.session;
        long firstId = lost.id;
        refusing.exit(first, null, null);

        Frame second = (Frame) refusing.enter(run, null); // the first's loss is not reported yet
        SessionState secondState = second.session;
        long secondId = secondState.id;
        refusing.exit(second, null, null);
        assertThat(secondState).isNotSameAs(lost);

        Map<Long, Long> reported = new LinkedHashMap<>();
        dropped.drain((sessionId, count) -> reported.put(sessionId, count));
        assertThat(reported).containsExactly(Map.entry(firstId, 4L), Map.entry(secondId, 4L));

        Frame third = (Frame) refusing.enter(run, null); // now the second's state is free
        refusing.exit(third, null, null);
        assertThat(third.session).isSameAs(secondState);
        assertThat(third.session.id).isNotEqualTo(secondId);
        reported.clear();
        dropped.drain((sessionId, count) -> reported.put(sessionId, count));
        assertThat(reported).containsExactly(Map.entry(third.session.id, 4L));
    }

    @Test
    void aTracedCallAllocatesNothingOnItsThreadOnceWarm() {
        Timeline discarding = new Timeline(callSites, event -> true, new DroppedEvents(), new Ids(System.nanoTime()),
                false, 512);
        int session = site(new SessionSpec(Template.constant("s"), Template.constant(""), List.of()), null, null,
                null, false);
        int run = run();
        int tool = tool();
        double allocated = AllocatedBytes.perRun(20_000, 10_000,
                () -> callSessionRunAndTool(discarding, session, run, tool));

        assertThat(allocated).isLessThan(1.0);
    }

    private static void callSessionRunAndTool(Timeline timeline, int session, int run, int tool) {
        Object top = timeline.enter(session, null);
        Object outer = timeline.enter(run, null);
        timeline.exit(timeline.enter(tool, null), null, null);
        timeline.exit(outer, null, null);
        timeline.exit(top, null, null);
    }

    @Test
    void aToolThatRecordsItsArgumentsAndHandoffsTakenOrFailedAllocateNothingOnTheirThreadOnceWarm() {
        EventQueue queue = new EventQueue(256);
        Timeline recording = new Timeline(callSites, queue, new DroppedEvents(), new Ids(System.nanoTime()), true,
                512); // events written straight into its slots, as the export's queue takes them
        List<String> parameters = List.of("ticketId", "attempt");
        Template ticketId = Template.parse("{ticketId}", parameters, 2, problem -> { });
        int run = run();
        int handoff = callSites.register(new CallSite("Test.delegate", null, new HandoffSpec(Template.constant("d"),
                List.of(new KeyValue("ticketId", ticketId), new KeyValue("attempt",
                        Template.parse("try {attempt}", parameters, 2, problem -> { })))), null, null, null, false));
        int childRun = site(null, new RunSpec(Template.constant("w"), Template.constant("W"), -1,
                Template.constant("worker"), true), null, null, false);
        int tool = site(null, null, null, new ToolSpec(Template.constant("t"), "low", Template.constant("write"),
                Template.constant("t"), Template.constant("work_item"), ticketId, parameters.toArray(new String[0])),
                false);
        Object[] arguments = {"SUP-123", 3};
        double allocated = AllocatedBytes.perRun(20_000, 10_000,
                () -> delegateToAChildRunAndFailOneHandoff(recording, queue, run, handoff, childRun, tool, arguments));

        assertThat(allocated).isLessThan(1.0);
    }

    /** What the tool returns: a value the exporter spells, made once as a caller's would be. */
    private static final Integer SENT = 1_000_000;

    /** Two handoffs in a run: the first taken by a child run that calls the tool, the second failed as the run ends. */
    private static void delegateToAChildRunAndFailOneHandoff(Timeline timeline, EventQueue queue, int run,
                                                             int handoff, int childRun, int tool, Object[] arguments) {
        Object outer = timeline.enter(run, arguments);
        timeline.exit(timeline.enter(handoff, arguments), null, null);
        Object child = timeline.enter(childRun, arguments);
        timeline.exit(timeline.enter(tool, arguments), SENT, null);
        timeline.exit(child, null, null);
        timeline.exit(timeline.enter(handoff, arguments), null, null);
        timeline.exit(outer, null, null);
        queue.take(event -> { }, 64);
        queue.release();
    }
}
