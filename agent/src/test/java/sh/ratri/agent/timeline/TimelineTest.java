package sh.ratri.agent.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static sh.ratri.agent.schema.EventType.HANDOFF_COMPLETED;
import static sh.ratri.agent.schema.EventType.HANDOFF_FAILED;
import static sh.ratri.agent.schema.EventType.HANDOFF_REQUESTED;
import static sh.ratri.agent.schema.EventType.RUN_ENDED;
import static sh.ratri.agent.schema.EventType.RUN_STARTED;
import static sh.ratri.agent.schema.EventType.SESSION_ENDED;
import static sh.ratri.agent.schema.EventType.SESSION_STARTED;
import static sh.ratri.agent.schema.EventType.STEP_ENDED;
import static sh.ratri.agent.schema.EventType.STEP_STARTED;
import static sh.ratri.agent.schema.EventType.TOOL_ENDED;
import static sh.ratri.agent.schema.EventType.TOOL_STARTED;

import sh.ratri.agent.schema.EventType;
import sh.ratri.agent.schema.Status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TimelineTest {

    /** The outlet: a list that can be told to refuse events, as a full queue would. */
    private final List<Event> events = new ArrayList<>();
    private boolean full;
    private final CallSites callSites = new CallSites();
    private final DroppedEvents dropped = new DroppedEvents();
    private Timeline timeline = timeline(true, 512);

    private Timeline timeline(boolean captureIo, int maxChars) {
        return new Timeline(callSites, this::offer, dropped, new Ids(System.nanoTime()), captureIo, maxChars);
    }

    private synchronized boolean offer(Event event) {
        if (full) {
            return false;
        }
        events.add(event.copy()); // the timeline writes the same event again
        return true;
    }

    // ---- call sites, built as the weaver would ----

    private static Template constant(String text) {
        return Template.constant(text);
    }

    private static SessionSpec sessionSpec(String kind) {
        return new SessionSpec(constant(kind), constant(""), List.of());
    }

    private static RunSpec runSpec(String key, int index) {
        return new RunSpec(constant(key), constant(key), index, constant("orchestrator"), false);
    }

    private static RunSpec childRunSpec(String key, int index) {
        return new RunSpec(constant(key), constant(key), index, constant("worker"), true);
    }

    private static StepSpec stepSpec(String key, int index) {
        return new StepSpec(constant(key), constant(key), index);
    }

    private static ToolSpec toolSpec(String name) {
        return new ToolSpec(constant(name), "low", constant("execute"), constant(name), null, null);
    }

    private static HandoffSpec handoffSpec(String reason) {
        return new HandoffSpec(constant(reason), List.of());
    }

    private int site(SessionSpec session, HandoffSpec handoff, RunSpec run, StepSpec step, ToolSpec tool) {
        return callSites.register(new CallSite("Test.method", session, handoff, run, step, tool, false));
    }

    private int session() {
        return site(sessionSpec("pipeline"), null, null, null, null);
    }

    private int run(String key) {
        return site(null, null, runSpec(key, -1), null, null);
    }

    private int childRun(String key) {
        return site(null, null, childRunSpec(key, -1), null, null);
    }

    private int step(String key) {
        return site(null, null, null, stepSpec(key, -1), null);
    }

    private int tool(String name) {
        return site(null, null, null, null, toolSpec(name));
    }

    private int handoff(String reason) {
        return site(null, handoffSpec(reason), null, null, null);
    }

    /** What the woven advice does around a method body. */
    private <T> T call(int site, Callable<T> body, Object... arguments) throws Exception {
        Object scope = timeline.enter(site, arguments);
        T returned;
        try {
            returned = body.call();
        } catch (Throwable t) {
            if (scope != null) {
                timeline.exit(scope, null, t);
            }
            throw t;
        }
        if (scope != null) {
            timeline.exit(scope, returned, null);
        }
        return returned;
    }

    private interface Body {
        void run() throws Exception;
    }

    private void nest(int site, Body body) throws Exception {
        call(site, () -> {
            body.run();
            return null;
        });
    }

    private List<EventType> types() {
        return events.stream().map(Event::type).toList();
    }

    private Event first(EventType type) {
        return events.stream().filter(e -> e.type() == type).findFirst().orElseThrow();
    }

    private List<Event> all(EventType type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    // ---- nesting ----

    @Test
    void nestedSessionRunStepToolOpenInOrderAndCloseInReverse() throws Exception {
        int session = session();
        int run = run("orchestrator");
        int step = step("triage-ticket");
        int tool = tool("support.lookup");

        nest(session, () -> nest(run, () -> nest(step, () -> nest(tool, () -> { }))));

        assertThat(types()).containsExactly(SESSION_STARTED, RUN_STARTED, STEP_STARTED, TOOL_STARTED,
                TOOL_ENDED, STEP_ENDED, RUN_ENDED, SESSION_ENDED);
        long sessionId = first(SESSION_STARTED).sessionId();
        assertThat(events).allSatisfy(e -> assertThat(e.sessionId()).isEqualTo(sessionId));
        Event runStarted = first(RUN_STARTED);
        Event stepStarted = first(STEP_STARTED);
        Event toolStarted = first(TOOL_STARTED);
        assertThat(runStarted.runId()).isNotZero();
        assertThat(stepStarted.runId()).isEqualTo(runStarted.runId());
        assertThat(stepStarted.stepId()).isNotZero();
        assertThat(toolStarted.runId()).isEqualTo(runStarted.runId());
        assertThat(toolStarted.stepId()).isEqualTo(stepStarted.stepId());
        assertThat(toolStarted.toolCallId()).isNotZero();
        assertThat(first(TOOL_ENDED).toolCallId()).isEqualTo(toolStarted.toolCallId());
        assertThat(first(STEP_ENDED).stepId()).isEqualTo(stepStarted.stepId());
        assertThat(first(RUN_ENDED).runId()).isEqualTo(runStarted.runId());
        assertThat(first(SESSION_STARTED).runId()).isZero();
        assertThat(first(SESSION_ENDED).runId()).isZero();
    }

    @Test
    void oneMethodWithSeveralAnnotationsOpensSessionHandoffRunStepToolAndClosesInReverse() throws Exception {
        int all = site(sessionSpec("pipeline"), handoffSpec("delegate"), childRunSpec("worker", -1),
                stepSpec("draft", -1), toolSpec("compose"));

        nest(all, () -> { });

        assertThat(types()).containsExactly(SESSION_STARTED, HANDOFF_REQUESTED, RUN_STARTED, HANDOFF_COMPLETED,
                STEP_STARTED, TOOL_STARTED, TOOL_ENDED, STEP_ENDED, RUN_ENDED, SESSION_ENDED);
    }

    @Test
    void itemsOpenedByOneMethodEachCarryOnlyTheirOwnIds() throws Exception {
        int run = run("orchestrator");
        int all = site(null, handoffSpec("delegate"), childRunSpec("worker", -1), stepSpec("draft", -1),
                toolSpec("compose"));

        nest(run, () -> nest(all, () -> { }));

        long orchestrator = first(RUN_STARTED).runId();
        Event child = all(RUN_STARTED).get(1);
        assertThat(child.parentRunId()).isEqualTo(orchestrator);
        assertThat(child.stepId()).isZero();
        assertThat(child.toolCallId()).isZero();
        assertThat(first(HANDOFF_REQUESTED).runId()).isEqualTo(orchestrator);
        assertThat(first(HANDOFF_REQUESTED).stepId()).isZero();
        assertThat(first(HANDOFF_COMPLETED).runId()).isEqualTo(child.runId());
        Event step = first(STEP_STARTED);
        assertThat(step.stepId()).isNotZero();
        assertThat(step.toolCallId()).isZero();
        assertThat(first(STEP_ENDED).toolCallId()).isZero();
        assertThat(first(TOOL_STARTED).stepId()).isEqualTo(step.stepId());
        assertThat(first(TOOL_ENDED).toolCallId()).isEqualTo(first(TOOL_STARTED).toolCallId()).isNotZero();
        assertThat(first(RUN_ENDED).stepId()).isZero();
        assertThat(first(RUN_ENDED).runId()).isEqualTo(child.runId());
        assertThat(first(SESSION_STARTED).runId()).isZero();
        assertThat(first(SESSION_ENDED).runId()).isZero();
        Event toolEnded = first(TOOL_ENDED);
        assertThat(toolEnded.durationNanos()).isEqualTo(toolEnded.nanos() - first(TOOL_STARTED).nanos());
    }

    @Test
    void stepIndexesDefaultToOrderOfEntryAcrossTheSession() throws Exception {
        int session = session();
        int run = run("orchestrator");
        int step = step("triage");
        int child = childRun("worker");

        nest(session, () -> nest(run, () -> {
            nest(step, () -> { });
            nest(child, () -> { });
        }));

        assertThat(first(RUN_STARTED).stepIndex()).isEqualTo(0);
        assertThat(first(STEP_STARTED).stepIndex()).isEqualTo(1);
        assertThat(all(RUN_STARTED).get(1).stepIndex()).isEqualTo(2);
    }

    @Test
    void declaredStepIndexIsKept() throws Exception {
        int run = site(null, null, runSpec("orchestrator", 7), null, null);
        int step = step("after");

        nest(run, () -> nest(step, () -> { }));

        assertThat(first(RUN_STARTED).stepIndex()).isEqualTo(7);
        assertThat(first(STEP_STARTED).stepIndex()).isEqualTo(8);
    }

    @Test
    void valuesAreRenderedFromTheArguments() throws Exception {
        int session = site(new SessionSpec(constant("pipeline"),
                        Template.parse("Handle {ticketId}", List.of("ticketId"), 1, p -> { }),
                        List.of(new KeyValue("channel", constant("mail")))),
                null, null, null, null);

        call(session, () -> "ok", "T-42");

        Event started = first(SESSION_STARTED);
        assertThat(DescribedValues.of(started).get("kind")).isEqualTo("pipeline");
        assertThat(DescribedValues.of(started).get("inputSummary")).isEqualTo("Handle T-42");
        assertThat(DescribedValues.of(started)).extractingByKey("metadata").isEqualTo(Map.of("channel", "mail"));
        assertThat(started.spec()).isInstanceOf(SessionSpec.class);
    }

    // ---- runs and handoffs ----

    @Test
    void childRunCarriesTheCurrentRunAsParent() throws Exception {
        int run = run("orchestrator");
        int child = childRun("worker");

        nest(run, () -> nest(child, () -> { }));

        List<Event> started = all(RUN_STARTED);
        assertThat(started.get(0).parentRunId()).isZero();
        assertThat(started.get(1).parentRunId()).isEqualTo(started.get(0).runId());
        assertThat(started.get(1).runId()).isNotEqualTo(started.get(0).runId());
        assertThat(all(RUN_ENDED).get(0).parentRunId()).isEqualTo(started.get(0).runId());
    }

    @Test
    void stepInsideAChildRunCarriesParentRunId() throws Exception {
        int run = run("orchestrator");
        int child = childRun("worker");
        int step = step("draft");

        nest(run, () -> nest(child, () -> nest(step, () -> { })));

        assertThat(first(STEP_STARTED).parentRunId()).isEqualTo(first(RUN_STARTED).runId());
        assertThat(first(STEP_STARTED).runId()).isEqualTo(all(RUN_STARTED).get(1).runId());
    }

    @Test
    void nonChildRunInsideARunHasNoParent() throws Exception {
        int run = run("orchestrator");
        int inner = run("another");

        nest(run, () -> nest(inner, () -> { }));

        assertThat(all(RUN_STARTED).get(1).parentRunId()).isZero();
    }

    @Test
    void handoffIsCompletedByTheFirstChildRunOnly() throws Exception {
        int run = run("orchestrator");
        int handoff = handoff("Delegate draft");
        int child = childRun("worker");

        nest(run, () -> nest(handoff, () -> {
            nest(child, () -> { });
            nest(child, () -> { });
        }));

        assertThat(types()).containsExactly(SESSION_STARTED, RUN_STARTED, HANDOFF_REQUESTED, RUN_STARTED,
                HANDOFF_COMPLETED, RUN_ENDED, RUN_STARTED, RUN_ENDED, RUN_ENDED, SESSION_ENDED);
        long orchestrator = all(RUN_STARTED).get(0).runId();
        long firstChild = all(RUN_STARTED).get(1).runId();
        Event requested = first(HANDOFF_REQUESTED);
        Event completed = first(HANDOFF_COMPLETED);
        assertThat(requested.handoffId()).isNotZero();
        assertThat(requested.sourceRunId()).isEqualTo(orchestrator);
        assertThat(requested.runId()).isEqualTo(orchestrator);
        assertThat(DescribedValues.of(requested).get("reason")).isEqualTo("Delegate draft");
        assertThat(completed.handoffId()).isEqualTo(requested.handoffId());
        assertThat(completed.sourceRunId()).isEqualTo(orchestrator);
        assertThat(completed.runId()).isEqualTo(firstChild);
    }

    @Test
    void handoffOnTheChildRunMethodItselfIsCompletedByIt() throws Exception {
        int run = run("orchestrator");
        int delegated = site(null, handoffSpec("Delegate"), childRunSpec("worker", -1), null, null);

        nest(run, () -> nest(delegated, () -> { }));

        assertThat(types()).containsExactly(SESSION_STARTED, RUN_STARTED, HANDOFF_REQUESTED, RUN_STARTED,
                HANDOFF_COMPLETED, RUN_ENDED, RUN_ENDED, SESSION_ENDED);
        assertThat(first(HANDOFF_COMPLETED).runId()).isEqualTo(all(RUN_STARTED).get(1).runId());
        assertThat(first(HANDOFF_COMPLETED).sourceRunId()).isEqualTo(all(RUN_STARTED).get(0).runId());
    }

    @Test
    void childRunNestedDeeperInsideTheHandoffMethodCompletesIt() throws Exception {
        int run = run("orchestrator");
        int handoff = handoff("Delegate");
        int step = step("prepare");
        int child = childRun("worker");

        nest(run, () -> nest(handoff, () -> nest(step, () -> nest(child, () -> { }))));

        assertThat(all(HANDOFF_COMPLETED)).hasSize(1);
        assertThat(all(HANDOFF_FAILED)).isEmpty();
    }

    @Test
    void untakenHandoffFailsWhenItsRunEndsNotWhenItsMethodReturns() throws Exception {
        int run = run("orchestrator");
        int handoff = handoff("Delegate draft");
        int step = step("not-a-run");

        nest(run, () -> {
            nest(handoff, () -> { });
            nest(step, () -> { });
        });

        assertThat(types()).containsExactly(SESSION_STARTED, RUN_STARTED, HANDOFF_REQUESTED, STEP_STARTED,
                STEP_ENDED, HANDOFF_FAILED, RUN_ENDED, SESSION_ENDED);
        Event requested = first(HANDOFF_REQUESTED);
        Event failed = first(HANDOFF_FAILED);
        assertThat(failed.handoffId()).isEqualTo(requested.handoffId());
        assertThat(failed.sourceRunId()).isEqualTo(first(RUN_STARTED).runId());
        assertThat(DescribedValues.of(failed).get("reason")).isEqualTo("Delegate draft");
    }

    @Test
    void childRunAfterTheHandoffMethodReturnedCompletesIt() throws Exception {
        int run = run("orchestrator");
        int handoff = handoff("Delegate");
        int child = childRun("worker");

        nest(run, () -> {
            nest(handoff, () -> { });
            nest(child, () -> { });
        });

        assertThat(types()).containsExactly(SESSION_STARTED, RUN_STARTED, HANDOFF_REQUESTED, RUN_STARTED,
                HANDOFF_COMPLETED, RUN_ENDED, RUN_ENDED, SESSION_ENDED);
        assertThat(first(HANDOFF_COMPLETED).runId()).isEqualTo(all(RUN_STARTED).get(1).runId());
        assertThat(first(HANDOFF_COMPLETED).sourceRunId()).isEqualTo(all(RUN_STARTED).get(0).runId());
    }

    @Test
    void childRunOnAnotherThreadTakesTheHandoffWaitingOnItsParentRun() throws Exception {
        int run = run("orchestrator");
        int handoff = handoff("Delegate");
        int child = childRun("worker");

        nest(run, () -> {
            nest(handoff, () -> { });
            Object context = timeline.capture();
            Thread worker = new Thread(() -> {
                Object previous = timeline.attach(context);
                try {
                    nest(child, () -> { });
                } catch (Exception e) {
                    throw new AssertionError(e);
                } finally {
                    timeline.detach(previous);
                }
            });
            worker.start();
            worker.join();
        });

        assertThat(all(HANDOFF_COMPLETED)).hasSize(1);
        assertThat(all(HANDOFF_FAILED)).isEmpty();
        assertThat(first(HANDOFF_COMPLETED).runId()).isEqualTo(all(RUN_STARTED).get(1).runId());
    }

    @Test
    void handoffsWaitingOnARunAreTakenInTheOrderRequested() throws Exception {
        int run = run("orchestrator");
        int first = handoff("first");
        int second = handoff("second");
        int child = childRun("worker");

        nest(run, () -> {
            nest(first, () -> { });
            nest(second, () -> { });
            nest(child, () -> { });
        });

        assertThat(DescribedValues.of(first(HANDOFF_COMPLETED)).get("reason")).isEqualTo("first");
        assertThat(DescribedValues.of(first(HANDOFF_FAILED)).get("reason")).isEqualTo("second");
    }

    @Test
    void grandchildRunDoesNotTakeAHandoffWaitingOnTheOuterRun() throws Exception {
        int run = run("orchestrator");
        int first = handoff("first");
        int second = handoff("second");
        int child = childRun("worker");
        int grandchild = childRun("helper");

        nest(run, () -> {
            nest(first, () -> { });
            nest(second, () -> { });
            nest(child, () -> nest(grandchild, () -> { }));
        });

        assertThat(all(HANDOFF_COMPLETED)).hasSize(1);
        assertThat(first(HANDOFF_COMPLETED).runId()).isEqualTo(all(RUN_STARTED).get(1).runId());
        assertThat(DescribedValues.of(first(HANDOFF_FAILED)).get("reason")).isEqualTo("second");
    }

    @Test
    void handoffRequestedAfterItsRunEndedFailsAtOnce() throws Exception {
        int run = run("orchestrator");
        int handoff = handoff("Too late");
        AtomicReference<Object> runContext = new AtomicReference<>();

        nest(run, () -> runContext.set(timeline.capture())); // e.g. handed to work that outlives the run
        Object previous = timeline.attach(runContext.get());
        try {
            nest(handoff, () -> { });
        } finally {
            timeline.detach(previous);
        }

        assertThat(types()).containsExactly(SESSION_STARTED, RUN_STARTED, RUN_ENDED, SESSION_ENDED,
                HANDOFF_REQUESTED, HANDOFF_FAILED);
        assertThat(first(HANDOFF_FAILED).handoffId()).isEqualTo(first(HANDOFF_REQUESTED).handoffId());
        assertThat(first(HANDOFF_FAILED).sourceRunId()).isEqualTo(first(RUN_STARTED).runId());
    }

    @Test
    void everyHandoffEndsExactlyOnceWhenItsRunEndsWhileOtherThreadsRequestAndTakeThem() throws Exception {
        int run = run("orchestrator");
        int handoff = handoff("Racing");
        int child = childRun("worker");
        for (int round = 0; round < 50; round++) {
            AtomicReference<Object> runContext = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            nest(run, () -> {
                runContext.set(timeline.capture());
                for (int t = 0; t < 4; t++) {
                    int site = t % 2 == 0 ? handoff : child;
                    Thread thread = new Thread(() -> {
                        Object previous = timeline.attach(runContext.get());
                        try {
                            for (int i = 0; i < 20; i++) {
                                nest(site, () -> { });
                            }
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        } finally {
                            timeline.detach(previous);
                        }
                    });
                    threads.add(thread);
                    thread.start();
                }
            });
            for (Thread thread : threads) {
                thread.join();
            }
        }

        List<Long> requested = all(HANDOFF_REQUESTED).stream().map(Event::handoffId).toList();
        List<Long> ended = events.stream().filter(e -> e.type() == HANDOFF_COMPLETED || e.type() == HANDOFF_FAILED)
                .map(Event::handoffId).toList();
        assertThat(requested).hasSize(50 * 2 * 20);
        assertThat(ended).containsExactlyInAnyOrderElementsOf(requested);
    }

    @Test
    void atMostAThousandAndTwentyFourHandoffsWaitOnOneRunTheOldestFailsFirst() throws Exception {
        int run = run("orchestrator");
        int handoff = handoff("Unanswered");
        int child = childRun("worker");
        AtomicReference<Integer> failedBeforeTheChild = new AtomicReference<>();

        nest(run, () -> {
            for (int i = 0; i < WaitingHandoffs.MAX + 1; i++) {
                nest(handoff, () -> { });
            }
            failedBeforeTheChild.set(all(HANDOFF_FAILED).size());
            nest(child, () -> { });
        });

        List<Event> requested = all(HANDOFF_REQUESTED);
        assertThat(failedBeforeTheChild.get()).isEqualTo(1);
        assertThat(first(HANDOFF_FAILED).handoffId()).isEqualTo(requested.get(0).handoffId());
        assertThat(first(HANDOFF_COMPLETED).handoffId()).isEqualTo(requested.get(1).handoffId());
        assertThat(all(HANDOFF_FAILED)).hasSize(WaitingHandoffs.MAX);
    }

    @Test
    void explicitHandoffWaitsOnTheRunAndFailsOnlyWhenTheRunEnds() throws Exception {
        int run = run("orchestrator");
        int step = step("after");

        nest(run, () -> {
            nest(step, () -> timeline.explicitApi().handoffRequested("Delegate", new String[] {"ticketId", "T-1"}));
            nest(step, () -> { });
        });

        assertThat(types()).containsExactly(SESSION_STARTED, RUN_STARTED, STEP_STARTED, HANDOFF_REQUESTED,
                STEP_ENDED, STEP_STARTED, STEP_ENDED, HANDOFF_FAILED, RUN_ENDED, SESSION_ENDED);
        assertThat(first(HANDOFF_FAILED).sourceRunId()).isEqualTo(first(RUN_STARTED).runId());
    }

    @Test
    void explicitHandoffCompletedTakesTheHandoffWaitingOnTheParentRun() throws Exception {
        int run = run("orchestrator");
        int child = childRun("worker");

        nest(run, () -> nest(child, () -> {
            assertThat(timeline.explicitApi().handoffCompleted()).isFalse(); // nothing waits yet
            Object context = timeline.capture();
            Thread orchestrator = new Thread(() -> {
                Object previous = timeline.attach(((Frame) context).previous);
                timeline.explicitApi().handoffRequested("late", new String[0]);
                timeline.detach(previous);
            });
            orchestrator.start();
            orchestrator.join();
            assertThat(timeline.explicitApi().handoffCompleted()).isTrue();
            assertThat(timeline.explicitApi().handoffCompleted()).isFalse();
        }));

        assertThat(all(HANDOFF_COMPLETED)).hasSize(1);
        assertThat(first(HANDOFF_COMPLETED).runId()).isEqualTo(all(RUN_STARTED).get(1).runId());
        assertThat(all(HANDOFF_FAILED)).isEmpty();
    }

    @Test
    void handoffFailsWhenItsRunThrowsBeforeAnyChildRun() {
        int run = run("orchestrator");
        int handoff = handoff("Delegate");

        assertThatThrownBy(() -> nest(run, () -> nest(handoff, () -> {
            throw new IllegalStateException("no worker");
        }))).isInstanceOf(IllegalStateException.class);

        assertThat(all(HANDOFF_FAILED)).hasSize(1);
    }

    // ---- one call, one item: overrides calling super, JDK proxies ----

    private DeclaredMethod declared(String key) {
        return callSites.declaredMethod(key);
    }

    /** A call site as the weaver reads it for a method that is or overrides {@code declarations}. */
    private int overriding(ToolSpec tool, boolean standIn, DeclaredMethod... declarations) {
        return callSites.register(new CallSite("Test.method", null, null, null, null, tool, false, declarations,
                standIn, false));
    }

    private void nestOn(Object receiver, int site, Body body) throws Exception {
        Object scope = timeline.enter(site, receiver, new Object[0]);
        try {
            body.run();
        } finally {
            if (scope != null) {
                timeline.exit(scope, null, null);
            }
        }
    }

    @Test
    void overrideCallingSuperOnTheSameObjectIsOneItem() throws Exception {
        DeclaredMethod lookup = declared("A#lookup()");
        int superMethod = overriding(toolSpec("lookup"), false, lookup);
        int override = overriding(toolSpec("lookup"), false, declared("B#lookup()"), lookup);
        Object b = new Object();

        nestOn(b, override, () -> nestOn(b, superMethod, () -> { }));

        assertThat(types()).containsExactly(SESSION_STARTED, TOOL_STARTED, TOOL_ENDED, SESSION_ENDED);
    }

    @Test
    void recursionOfTheSameMethodIsANewItemEachTime() throws Exception {
        DeclaredMethod lookup = declared("A#lookup()");
        int method = overriding(toolSpec("lookup"), false, lookup);
        Object a = new Object();

        nestOn(a, method, () -> nestOn(a, method, () -> { }));

        assertThat(all(TOOL_STARTED)).hasSize(2);
    }

    @Test
    void theSameDeclarationOnAnotherObjectIsANewItem() throws Exception {
        DeclaredMethod run = declared("Node#run()");
        int composite = overriding(toolSpec("node"), false, declared("Composite#run()"), run);
        int leaf = overriding(toolSpec("node"), false, declared("Leaf#run()"), run);

        nestOn(new Object(), composite, () -> nestOn(new Object(), leaf, () -> { }));

        assertThat(all(TOOL_STARTED)).hasSize(2);
    }

    @Test
    void anOverloadCalledOnTheSameObjectIsANewItem() throws Exception {
        int byName = overriding(toolSpec("lookup"), false, declared("A#lookup(Ljava/lang/String;)"));
        int byNumber = overriding(toolSpec("lookup"), false, declared("A#lookup(I)"));
        Object a = new Object();

        nestOn(a, byName, () -> nestOn(a, byNumber, () -> { }));

        assertThat(all(TOOL_STARTED)).hasSize(2);
    }

    @Test
    void jdkProxyForwardingToAnImplementationIsOneItem() throws Exception {
        DeclaredMethod answer = declared("Assistant#answer()");
        int proxy = overriding(toolSpec("answer"), true, answer);
        int implementation = overriding(toolSpec("answer"), false, answer);

        nestOn(new Object(), proxy, () -> nestOn(new Object(), implementation, () -> { }));

        assertThat(types()).containsExactly(SESSION_STARTED, TOOL_STARTED, TOOL_ENDED, SESSION_ENDED);
    }

    @Test
    void anImplementationRunOnAnotherThreadThanItsJdkProxyIsANewItem() throws Exception {
        DeclaredMethod answer = declared("Assistant#answer()");
        int proxy = overriding(toolSpec("answer"), true, answer);
        int implementation = overriding(toolSpec("answer"), false, answer);

        nestOn(new Object(), proxy, () -> {
            Object context = timeline.capture();
            Thread other = new Thread(() -> {
                Object previous = timeline.attach(context);
                try {
                    nestOn(new Object(), implementation, () -> { });
                } catch (Exception e) {
                    throw new AssertionError(e);
                } finally {
                    timeline.detach(previous);
                }
            });
            other.start();
            other.join();
        });

        assertThat(all(TOOL_STARTED)).hasSize(2);
    }

    @Test
    void anInnerCallThatOpensMoreThanTheOuterIsRecorded() throws Exception {
        DeclaredMethod lookup = declared("A#lookup()");
        int superMethod = callSites.register(new CallSite("A.lookup", null, null, null, stepSpec("s", -1),
                toolSpec("lookup"), false, new DeclaredMethod[] {lookup}, false, false));
        int override = overriding(toolSpec("lookup"), false, declared("B#lookup()"), lookup);
        Object b = new Object();

        nestOn(b, override, () -> nestOn(b, superMethod, () -> { }));

        assertThat(all(TOOL_STARTED)).hasSize(2);
    }

    @Test
    void anUnnamedThreadIsNamedByItsId() throws Exception {
        int tool = tool("who");
        Thread unnamed = new Thread(() -> {
            try {
                nest(tool, () -> { });
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "");
        unnamed.start();
        unnamed.join();

        @SuppressWarnings("deprecation")
        String expected = "thread-" + unnamed.getId();
        assertThat(events).extracting(Event::thread).containsOnly(expected);
    }

    // ---- sessions ----

    @Test
    void runWithoutSessionOpensAnImplicitSession() throws Exception {
        int run = run("orchestrator");

        call(run, () -> "done");

        assertThat(types()).containsExactly(SESSION_STARTED, RUN_STARTED, RUN_ENDED, SESSION_ENDED);
        Event started = first(SESSION_STARTED);
        assertThat(started.spec()).isSameAs(SessionSpec.IMPLICIT);
        assertThat(DescribedValues.of(started).get("kind")).isEqualTo("implicit");
        assertThat(first(SESSION_ENDED).status()).isEqualTo(Status.COMPLETED);
        assertThat(first(RUN_STARTED).sessionId()).isEqualTo(started.sessionId());
    }

    @Test
    void toolWithoutSessionOrRunOpensAnImplicitSession() throws Exception {
        int tool = tool("lookup");

        nest(tool, () -> { });

        assertThat(types()).containsExactly(SESSION_STARTED, TOOL_STARTED, TOOL_ENDED, SESSION_ENDED);
        assertThat(first(TOOL_STARTED).runId()).isZero();
    }

    @Test
    void sessionInsideASessionJoinsItAndEmitsNothing() throws Exception {
        int outer = session();
        int inner = session();
        AtomicReference<Object> innerScope = new AtomicReference<>("unset");

        nest(outer, () -> innerScope.set(timeline.enter(inner, new Object[0])));

        assertThat(innerScope.get()).isNull();
        assertThat(types()).containsExactly(SESSION_STARTED, SESSION_ENDED);
    }

    @Test
    void runInsideAJoinedSessionBelongsToTheOuterSession() throws Exception {
        int outer = session();
        int inner = session();
        int run = run("orchestrator");

        nest(outer, () -> nest(inner, () -> nest(run, () -> { })));

        assertThat(types()).containsExactly(SESSION_STARTED, RUN_STARTED, RUN_ENDED, SESSION_ENDED);
        assertThat(first(RUN_STARTED).sessionId()).isEqualTo(first(SESSION_STARTED).sessionId());
    }

    @Test
    void sessionWithRunJoinsTheOpenSessionAndOpensOnlyTheRun() throws Exception {
        int outer = session();
        int sessionAndRun = site(sessionSpec("inner"), null, runSpec("orchestrator", -1), null, null);

        nest(outer, () -> nest(sessionAndRun, () -> { }));

        assertThat(types()).containsExactly(SESSION_STARTED, RUN_STARTED, RUN_ENDED, SESSION_ENDED);
    }

    @Test
    void consecutiveTopLevelSessionsGetDistinctIds() throws Exception {
        int session = session();

        nest(session, () -> { });
        nest(session, () -> { });

        List<Event> started = all(SESSION_STARTED);
        assertThat(started.get(0).sessionId()).isNotEqualTo(started.get(1).sessionId());
    }

    @Test
    void unknownCallSiteIsIgnored() {
        assertThat(timeline.enter(9_999, new Object[0])).isNull();
        assertThat(timeline.enter(-1, null)).isNull();
        assertThat(events).isEmpty();
    }

    @Test
    void contextBelongsToItsThread() throws Exception {
        int session = session();
        int run = run("other-thread");

        nest(session, () -> {
            Thread other = new Thread(() -> {
                try {
                    nest(run, () -> { });
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            other.start();
            other.join();
        });

        List<Event> started = all(SESSION_STARTED);
        assertThat(started).hasSize(2);
        assertThat(first(RUN_STARTED).sessionId()).isEqualTo(started.get(1).sessionId());
        assertThat(first(RUN_STARTED).sessionId()).isNotEqualTo(started.get(0).sessionId());
    }

    // ---- outcomes ----

    @Test
    void exceptionEndsEveryOpenedItemAsFailedWithWhatTheThrowableSaid() {
        int all = site(sessionSpec("pipeline"), null, runSpec("orchestrator", -1), stepSpec("s", -1),
                toolSpec("t"));
        IllegalArgumentException boom = new IllegalArgumentException("bad ticket");

        assertThatThrownBy(() -> call(all, () -> {
            throw boom;
        })).isSameAs(boom);

        List<Event> ended = events.stream().filter(e -> e.status() != null).toList();
        assertThat(ended).extracting(Event::type).containsExactly(TOOL_ENDED, STEP_ENDED, RUN_ENDED, SESSION_ENDED);
        assertThat(ended).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(Status.FAILED);
            assertThat(e.error()).isEqualTo(new Failure("java.lang.IllegalArgumentException", "bad ticket"));
            assertThat(e.output()).isNull();
        });
    }

    @Test
    void outerItemsCompleteWhenTheInnerFailureIsCaught() throws Exception {
        int run = run("orchestrator");
        int tool = tool("flaky");

        nest(run, () -> {
            try {
                nest(tool, () -> {
                    throw new IllegalStateException("flaky");
                });
            } catch (IllegalStateException expected) {
                // handled by the application
            }
        });

        assertThat(first(TOOL_ENDED).status()).isEqualTo(Status.FAILED);
        assertThat(first(RUN_ENDED).status()).isEqualTo(Status.COMPLETED);
        assertThat(first(RUN_ENDED).error()).isNull();
    }

    @Test
    void returnedValueIsCapturedAsOutput() throws Exception {
        int run = run("orchestrator");
        int step = step("s");
        int tool = tool("t");

        call(run, () -> call(step, () -> call(tool, () -> "tool result") + " via step") + " via run");

        assertThat(first(TOOL_ENDED).output()).isEqualTo("tool result");
        assertThat(first(STEP_ENDED).output()).isNull();
        assertThat(first(RUN_ENDED).output()).isEqualTo("tool result via step via run");
        assertThat(first(SESSION_ENDED).output()).isEqualTo("tool result via step via run");
    }

    @Test
    void outputIsTruncatedToMaxChars() throws Exception {
        timeline = timeline(true, 5);
        int tool = tool("t");

        call(tool, () -> "abcdefghij");

        assertThat(first(TOOL_ENDED).output()).isEqualTo("abcde…");
    }

    @Test
    void outputShorterThanMaxCharsIsKeptWhole() throws Exception {
        timeline = timeline(true, 5);
        int tool = tool("t");

        call(tool, () -> "abcde");

        assertThat(first(TOOL_ENDED).output()).isEqualTo("abcde");
    }

    @Test
    void nullReturnHasNoOutput() throws Exception {
        int tool = tool("t");

        call(tool, () -> null);

        assertThat(first(TOOL_ENDED).output()).isNull();
    }

    @Test
    void outputIsNotCapturedWhenCaptureIsOff() throws Exception {
        timeline = timeline(false, 512);
        int run = run("orchestrator");

        call(run, () -> "secret output");

        assertThat(events).allSatisfy(e -> assertThat(e.output()).isNull());
    }

    @Test
    void returnedValueWhoseToStringThrowsIsContained() throws Exception {
        int tool = tool("t");
        Object loud = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no");
            }
        };

        assertThat(call(tool, () -> loud)).isSameAs(loud);

        assertThat(first(TOOL_ENDED).status()).isEqualTo(Status.COMPLETED);
        assertThat(first(TOOL_ENDED).output()).startsWith("<toString() of ").contains("IllegalStateException");
    }

    @Test
    void endedEventsCarryANonNegativeDuration() throws Exception {
        int run = run("orchestrator");

        nest(run, () -> Thread.sleep(2));

        assertThat(first(RUN_ENDED).durationNanos()).isGreaterThanOrEqualTo(2_000_000L);
        assertThat(first(RUN_ENDED).nanos()).isGreaterThan(first(RUN_STARTED).nanos());
        assertThat(first(RUN_STARTED).thread()).isEqualTo(Thread.currentThread().getName());
    }

    // ---- context restored ----

    @Test
    void contextIsRestoredWhenARunExits() throws Exception {
        int session = session();
        int run = run("orchestrator");
        int tool = tool("after-run");

        nest(session, () -> {
            nest(run, () -> { });
            nest(tool, () -> { });
        });

        Event toolStarted = first(TOOL_STARTED);
        assertThat(toolStarted.sessionId()).isEqualTo(first(SESSION_STARTED).sessionId());
        assertThat(toolStarted.runId()).isZero();
    }

    @Test
    void contextIsRestoredAfterAnException() throws Exception {
        int session = session();
        int run = run("orchestrator");
        int step = step("failing");
        int tool = tool("after-failure");

        nest(session, () -> nest(run, () -> {
            try {
                nest(step, () -> {
                    throw new IllegalStateException("x");
                });
            } catch (IllegalStateException expected) {
                // handled
            }
            nest(tool, () -> { });
        }));

        Event toolStarted = first(TOOL_STARTED);
        assertThat(toolStarted.runId()).isEqualTo(first(RUN_STARTED).runId());
        assertThat(toolStarted.stepId()).isZero();
    }

    @Test
    void nothingIsCurrentAfterTheOutermostCallExits() throws Exception {
        int run = run("orchestrator");

        assertThatThrownBy(() -> nest(run, () -> {
            throw new IllegalStateException("x");
        })).isInstanceOf(IllegalStateException.class);
        nest(run, () -> { });

        List<Event> started = all(SESSION_STARTED);
        assertThat(started).hasSize(2);
        assertThat(started.get(0).sessionId()).isNotEqualTo(started.get(1).sessionId());
        assertThat(all(RUN_STARTED).get(1).stepIndex()).isZero();
    }

    // ---- a full queue ----

    @Test
    void eventsRefusedByAFullQueueAreCountedPerSession() throws Exception {
        int session = session();
        int run = run("orchestrator");

        full = true;
        nest(session, () -> nest(run, () -> { })); // 4 events lost
        full = false;
        nest(session, () -> { }); // none lost
        full = true;
        nest(session, () -> { }); // 2 lost

        assertThat(dropped.total()).isEqualTo(6);
        Map<Long, Long> reported = new LinkedHashMap<>();
        dropped.drain(reported::put);
        assertThat(reported.values()).containsExactly(4L, 2L);
        assertThat(reported.keySet()).doesNotContain(first(SESSION_STARTED).sessionId());

        Map<Long, Long> again = new LinkedHashMap<>();
        dropped.drain(again::put);
        assertThat(again).isEmpty();
    }

    @Test
    void lossAfterADrainIsReportedAgainForTheSameSession() throws Exception {
        int session = session();
        int tool = tool("t");
        Map<Long, Long> first = new LinkedHashMap<>();
        Map<Long, Long> second = new LinkedHashMap<>();

        nest(session, () -> {
            full = true;
            nest(tool, () -> { }); // 2 lost
            full = false;
            dropped.drain(first::put);
            full = true;
            nest(tool, () -> { });
            nest(tool, () -> { }); // 4 lost
            full = false;
        });
        dropped.drain(second::put);

        long sessionId = first(SESSION_STARTED).sessionId();
        assertThat(first).containsExactly(Map.entry(sessionId, 2L));
        assertThat(second).containsExactly(Map.entry(sessionId, 4L));
        assertThat(dropped.total()).isEqualTo(6);
    }

    @Test
    void lossCountedFromManyThreadsIsReportedExactly() throws InterruptedException {
        int tool = tool("t");
        full = true;
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 1_000; i++) {
                    timeline.exit(timeline.enter(tool, null), null, null);
                }
            });
            threads[t].start();
        }
        Map<Long, Long> reported = new LinkedHashMap<>();
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                dropped.drain((session, count) -> reported.merge(session, count, Long::sum));
            }
            thread.join();
        }
        dropped.drain((session, count) -> reported.merge(session, count, Long::sum));

        // each call is one implicit session losing its 4 events
        assertThat(reported).hasSize(4_000);
        assertThat(reported.values()).containsOnly(4L);
        assertThat(dropped.total()).isEqualTo(16_000);
    }

    @Test
    void aNullAttributeValueFromTheExplicitApiIsKeptAsEmptyAndTheCallStillEnds() {
        Object scope = timeline.explicitApi().tool("t", "low", "execute", "t", null, null);
        timeline.explicitApi().addAttribute("k", null);
        timeline.exit(scope, null, null);

        assertThat(events).extracting(Event::type).containsExactly(EventType.SESSION_STARTED,
                EventType.TOOL_STARTED, EventType.TOOL_ENDED, EventType.SESSION_ENDED);
        assertThat(events.get(2).extra()).containsEntry("k", "");
    }
}
