package sh.ratri.agent.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import sh.ratri.agent.schema.EventType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How kotlinx's thread-context element, driven through the dispatcher, moves a coroutine's context. */
class CoroutineContextsTest {

    private final List<Event> events = new ArrayList<>();
    private final CallSites callSites = new CallSites();
    private final Timeline timeline = new Timeline(callSites, this::offer, new DroppedEvents(),
            new Ids(System.nanoTime()), true, 512);
    private final ExecutorService otherThread = Executors.newSingleThreadExecutor();

    private synchronized boolean offer(Event event) {
        events.add(event.copy()); // the timeline writes the same event again
        return true;
    }

    @AfterEach
    void stop() {
        otherThread.shutdownNow();
    }

    private int run(String key, boolean child) {
        Template k = Template.constant(key);
        return callSites.register(new CallSite("Test." + key, null, null,
                new RunSpec(k, k, -1, Template.constant(child ? "worker" : "orchestrator"), child), null, null));
    }

    private synchronized List<Event> runsStarted() {
        return events.stream().filter(e -> e.type() == EventType.RUN_STARTED).toList();
    }

    @Test
    void coroutineRunsOnAnotherThreadInTheContextItWasCreatedIn() throws Exception {
        int orchestrator = run("orchestrator", false);
        int worker = run("worker", true);
        Object orchestratorFrame = timeline.enter(orchestrator, null);
        Object carried = timeline.coroutineContext();
        timeline.exit(orchestratorFrame, null, null);

        Object afterwards = CompletableFuture.supplyAsync(() -> {
            Object saved = timeline.coroutineThreadState();
            timeline.coroutineSwitch(carried);
            timeline.exit(timeline.enter(worker, null), "done", null);
            timeline.coroutineSwitch(saved);
            return timeline.capture();
        }, otherThread).get();

        assertThat(afterwards).as("the thread gets its own context back").isNull();
        List<Event> started = runsStarted();
        assertThat(started.get(1).parentRunId()).isEqualTo(started.get(0).runId());
        assertThat(started.get(1).sessionId()).isEqualTo(started.get(0).sessionId());
    }

    @Test
    void coroutineCreatedWithNothingTracedRunsWithNothingEvenOnAThreadThatHasAContext() {
        Object carried = timeline.coroutineContext();
        Object orchestratorFrame = timeline.enter(run("orchestrator", false), null);

        Object saved = timeline.coroutineThreadState();
        timeline.coroutineSwitch(carried);
        assertThat(timeline.capture()).isNull();
        timeline.coroutineSwitch(saved);

        assertThat(timeline.capture()).isSameAs(orchestratorFrame);
        timeline.exit(orchestratorFrame, null, null);
    }
}
