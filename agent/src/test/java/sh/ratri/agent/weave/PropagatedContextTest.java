package sh.ratri.agent.weave;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sh.ratri.agent.bootstrap.Bridge;
import sh.ratri.agent.schema.EventType;
import sh.ratri.agent.timeline.CallSite;
import sh.ratri.agent.timeline.CallSites;
import sh.ratri.agent.timeline.DroppedEvents;
import sh.ratri.agent.timeline.Event;
import sh.ratri.agent.timeline.Ids;
import sh.ratri.agent.timeline.Timeline;
import sh.ratri.agent.weave.recognize.Recognition;
import sh.ratri.woven.WeavingFixtures.Traced;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a task handed to another thread runs in once {@link ContextPropagation}'s rewrite has wrapped
 * it: each test wraps the task with {@code Bridge.wrap} where the rewritten JDK method would (the
 * JDK's classes are not rewritten inside this test JVM), with the real timeline installed behind the
 * bridge and call sites the weaver read from {@link Traced}.
 */
class PropagatedContextTest {

    private final CallSites callSites = new CallSites();
    private final List<Event> events = new ArrayList<>();
    private final Timeline timeline = new Timeline(callSites, this::offer, new DroppedEvents(),
            new Ids(System.nanoTime()), true, 512);
    private final ExecutorService pool = Executors.newSingleThreadExecutor();
    private int session;
    private int run;
    private int step;
    private int tool;

    private synchronized boolean offer(Event event) {
        events.add(event.copy()); // the timeline writes the same event again
        return true;
    }

    private synchronized List<Event> events(EventType type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    @BeforeEach
    void weaveAndInstall() {
        LoadingJvm jvm = new LoadingJvm();
        new Weaver(callSites, problem -> { }, false, Recognition.none(), true).install(jvm.instrumentation(), false);
        jvm.load(getClass().getClassLoader(), Traced.class);
        session = site("Traced.session");
        run = site("Traced.orchestrate");
        step = site("Traced.triage");
        tool = site("Traced.lookup");
        Bridge.install(timeline, timeline.explicitApi());
    }

    @AfterEach
    void uninstall() {
        Bridge.install(null, null);
        pool.shutdownNow();
    }

    private int site(String where) {
        for (int id = 0; id < 256; id++) {
            CallSite site = callSites.get(id);
            if (site != null && site.where().equals(where)) {
                return id;
            }
        }
        throw new AssertionError("not woven: " + where);
    }

    /** What the woven advice does around a method body that returns nothing. */
    private void call(int site, Runnable body) {
        Object scope = timeline.enter(site, new Object[0]);
        try {
            body.run();
        } catch (RuntimeException e) {
            timeline.exit(scope, null, e);
            throw e;
        }
        timeline.exit(scope, null, null);
    }

    private void lookup() {
        call(tool, () -> { });
    }

    private long startedRun() {
        return events(EventType.RUN_STARTED).get(0).runId();
    }

    private Object poolThreadContext() throws Exception {
        return pool.submit(timeline::capture).get();
    }

    @Test
    void taskSubmittedInARunRunsInThatRunOnThePoolThread() throws Exception {
        List<String> threads = new ArrayList<>();
        call(session, () -> call(run, () -> {
            Runnable task = Bridge.wrap(() -> {
                threads.add(Thread.currentThread().getName());
                lookup();
            });
            await(pool.submit(task));
        }));

        Event toolStarted = events(EventType.TOOL_STARTED).get(0);
        assertThat(toolStarted.runId()).isEqualTo(startedRun());
        assertThat(toolStarted.thread()).isEqualTo(threads.get(0)).isNotEqualTo(Thread.currentThread().getName());
    }

    @Test
    void callableSubmittedInARunRunsInThatRun() throws Exception {
        call(session, () -> call(run, () -> {
            Callable<String> task = Bridge.wrap(() -> {
                lookup();
                return "done";
            });
            assertThat(await(pool.submit(task))).isEqualTo("done");
        }));

        assertThat(events(EventType.TOOL_STARTED).get(0).runId()).isEqualTo(startedRun());
    }

    @Test
    void contextIsTheOneCurrentWhereTheTaskWasHandedOverNotWhereTheSubmitterIsWhenItRuns() throws Exception {
        call(session, () -> call(run, () -> {
            Runnable task = Bridge.wrap(this::lookup);
            call(step, () -> await(pool.submit(task))); // the submitter has moved into a step meanwhile
        }));

        Event toolStarted = events(EventType.TOOL_STARTED).get(0);
        assertThat(toolStarted.runId()).isEqualTo(startedRun());
        assertThat(toolStarted.stepId()).isZero();
        assertThat(events(EventType.STEP_STARTED)).hasSize(1);
    }

    @Test
    void poolThreadGetsItsOwnEmptyContextBackAfterTheTask() throws Exception {
        call(session, () -> call(run, () -> await(pool.submit(Bridge.wrap(this::lookup)))));

        assertThat(poolThreadContext()).isNull();
    }

    @Test
    void taskThatThrowsStillGivesThePoolThreadItsContextBackAndTheCallerSeesTheException() throws Exception {
        IllegalStateException thrown = new IllegalStateException("task failed");
        List<Throwable> seen = new ArrayList<>();
        call(session, () -> call(run, () -> {
            Future<?> future = pool.submit(Bridge.wrap((Runnable) () -> {
                throw thrown;
            }));
            try {
                future.get();
            } catch (InterruptedException | ExecutionException e) {
                seen.add(e.getCause());
            }
        }));

        assertThat(seen).containsExactly(thrown);
        assertThat(poolThreadContext()).isNull();
    }

    @Test
    void periodicTaskRunsInItsSubmittersContextAtEveryPeriodAndLeavesTheThreadCleanBetween() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger runs = new AtomicInteger();
        List<Object> contextsBetween = new ArrayList<>();
        try {
            call(session, () -> call(run, () -> {
                ScheduledFuture<?> periodic = scheduler.scheduleAtFixedRate(Bridge.wrap(() -> {
                    lookup();
                    runs.incrementAndGet();
                }), 0, 1, TimeUnit.MILLISECONDS);
                do { // at least once: a loaded machine may run all three periods before the first look
                    contextsBetween.add(await(scheduler.submit(timeline::capture)));
                } while (runs.get() < 3);
                periodic.cancel(false);
            }));
        } finally {
            scheduler.shutdownNow();
        }

        assertThat(events(EventType.TOOL_STARTED)).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(toolStarted -> assertThat(toolStarted.runId()).isEqualTo(startedRun()));
        assertThat(contextsBetween).isNotEmpty().containsOnlyNulls();
    }

    @Test
    void taskHandedOverWithNothingTracedIsNotWrapped() {
        Runnable task = () -> { };
        Callable<String> callable = () -> "x";

        assertThat(Bridge.wrap(task)).isSameAs(task);
        assertThat(Bridge.wrap(callable)).isSameAs(callable);
    }

    @Test
    void taskWrappedOnceIsNotWrappedAgainWhenHandedOnToAnotherExecutor() {
        call(session, () -> call(run, () -> {
            Runnable once = Bridge.wrap(() -> { });
            Callable<String> callableOnce = Bridge.wrap(() -> "x");

            assertThat(Bridge.wrap(once)).isSameAs(once);
            assertThat(Bridge.wrap(callableOnce)).isSameAs(callableOnce);
        }));
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
