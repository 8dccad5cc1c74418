package sh.ratri.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sh.ratri.examples.scenarios.Threads;
import sh.ratri.examples.support.EventLog;
import sh.ratri.examples.support.EventSchema;
import sh.ratri.examples.support.ForkedJvm;
import sh.ratri.examples.support.PipelineAssertions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.examples.support.EventLog.attr;
import static sh.ratri.examples.support.EventLog.text;

/**
 * Context crosses threads with no user code: executors, scheduled executors, fork/join tasks, futures,
 * new, subclassed and virtual threads, structured scopes.
 */
class ThreadsIT {

    /** Child runs per session where the orchestrator hands over more than one. */
    private static final Map<String, Integer> WORKERS = Map.of("executor-invokeAll", 2, "scheduled-fixed-rate", 3,
            "scheduled-fixed-delay", 3, "forkjoin-fork", 4, "forkjoin-invokeAll", 4, "forkjoin-pool-invoke", 2,
            "forkjoin-common-fork", 2, "parallel-stream", 4, "structured-scope", 2);
    /** A caller that joins may run (part of) the work itself; in every other case only other threads run it. */
    private static final Set<String> MAY_RUN_ON_CALLER = Set.of("forkjoin-pool-invoke", "parallel-stream");

    private static final Map<Integer, EventLog> THREADS_RUNS = new HashMap<>();
    @TempDir
    static Path runs;

    @ParameterizedTest(name = "on JDK {0}")
    @ValueSource(ints = {17, 25})
    void childRunOnAnotherThreadBelongsToTheRunThatSubmittedIt(int jdk) throws Exception {
        EventLog log = threadsScenario(jdk);

        List<String> expected = new ArrayList<>(Threads.ON_JDK_17);
        if (jdk >= 21) {
            expected.addAll(Threads.ON_JDK_21);
        }
        if (jdk >= 25) {
            expected.addAll(Threads.ON_JDK_25);
        }
        for (String how : expected) {
            JsonNode[] sessionAndOrchestrator = PipelineAssertions.assertWorkersUnderOrchestrator(log, how,
                    workers(how), mayRunOnCaller(how));
            JsonNode session = sessionAndOrchestrator[0];
            JsonNode orchestrator = sessionAndOrchestrator[1];
            assertThat(attr(log.endOf(orchestrator), "status")).as(how).isEqualTo("completed");
            assertThat(attr(log.endOf(session), "status")).as(how).isEqualTo("completed");
        }
        // nothing lost: every item that started ended, and no event was dropped
        for (String type : List.of("session.started", "run.started", "tool.started")) {
            assertThat(log.ofType(type)).allSatisfy(started -> assertThat(log.endOf(started)).isNotNull());
        }
        assertThat(log.ofType("agent.dropped")).isEmpty();
    }

    @ParameterizedTest(name = "on JDK {0}")
    @ValueSource(ints = {17, 25})
    void pooledThreadsNeverKeepOneTasksContextForTheNext(int jdk) throws Exception {
        EventLog log = threadsScenario(jdk);

        // after-pool, after-scheduled, after-scheduled-delay, after-single-scheduled, after-forkjoin,
        // after-common-pool, after-thread-subclass: each on a thread that ran traced work before
        List<JsonNode> untraced = log.ofType("tool.started").stream()
                .filter(e -> "threads.untraced".equals(e.at("/attributes/tool/name").asText())).toList();
        assertThat(untraced).hasSize(7).allSatisfy(tool -> {
            JsonNode session = log.single("session.started", e -> text(tool, "sessionId").equals(text(e, "sessionId")));
            assertThat(attr(session, "kind")).isEqualTo("implicit");
            assertThat(tool.has("runId")).isFalse();
        });
    }

    /** How many child runs the orchestrator of the {@code threads} scenario's case {@code how} hands over. */
    static int workers(String how) {
        return WORKERS.getOrDefault(how, 1);
    }

    static boolean mayRunOnCaller(String how) {
        return MAY_RUN_ON_CALLER.contains(how);
    }

    /** The {@code threads} scenario's events on that JDK, run once for all the tests that read them. */
    private static synchronized EventLog threadsScenario(int jdk) throws Exception {
        EventLog log = THREADS_RUNS.get(jdk);
        if (log == null) {
            log = runThreads(jdk, Files.createDirectories(runs.resolve("jdk-" + jdk)));
            THREADS_RUNS.put(jdk, log);
        }
        return log;
    }

    private static EventLog runThreads(int jdk, Path dir) throws Exception {
        ForkedJvm fork = ForkedJvm.scenario("threads").in(dir);
        if (jdk == 25) {
            fork.javaHome(ForkedJvm.TEMURIN_25).jvmOption("--enable-preview"); // StructuredTaskScope
        }
        ForkedJvm.Result r = fork.run();
        assertThat(r.stdout().trim()).isEqualTo("threads done");
        EventLog log = r.events();
        EventSchema.assertAllValid(log.all());
        return log;
    }

    @Test
    void parallelWorkersNestUnderTheOrchestrator(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.scenario("parallel-workers").in(dir).run();
        assertThat(r.stdout()).contains("billing notes for SUP-456", "account notes", "product notes");
        EventLog log = r.events();
        EventSchema.assertAllValid(log.all());
        JsonNode orchestrator = log.started("run.started", "orchestrator");
        List<JsonNode> workers = log.ofType("run.started").stream()
                .filter(e -> "worker".equals(attr(e, "role"))).toList();
        assertThat(workers).extracting(e -> attr(e, "stepKey"))
                .containsExactlyInAnyOrder("billing-worker", "account-worker", "product-worker");
        Set<String> workerRunIds = workers.stream().map(e -> text(e, "runId")).collect(Collectors.toSet());
        assertThat(workers).allSatisfy(w -> {
            assertThat(text(w, "parentRunId")).isEqualTo(text(orchestrator, "runId"));
            assertThat(text(w, "thread")).isEqualTo("worker-pool");
        });
        assertThat(log.ofType("tool.started")).hasSize(3)
                .allSatisfy(t -> assertThat(workerRunIds).contains(text(t, "runId")));
        assertThat(log.ofType("handoff.completed")).hasSize(3).allSatisfy(h -> {
            assertThat(workerRunIds).contains(text(h, "runId"));
            assertThat(attr(h, "sourceRunId")).isEqualTo(text(orchestrator, "runId"));
        });
        assertThat(log.ofType("handoff.failed")).isEmpty();
        // stepIndex: orchestrator 0, the three workers 1..3 in order of entry
        assertThat(workers).extracting(e -> e.at("/attributes/stepIndex").asInt()).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void asyncMethodsEndWhenTheirFutureCompletesFailsOrIsCancelled(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.scenario("async").in(dir).run();
        assertThat(r.stdout().trim()).isEqualTo("worked+done / failed / cancelled=true");
        EventLog log = r.events();
        EventSchema.assertAllValid(log.all());

        JsonNode orchestrator = log.endOf(log.started("run.started", "async-orchestrator"));
        JsonNode worker = log.endOf(log.started("run.started", "async-worker"));
        assertThat(attr(worker, "status")).isEqualTo("completed");
        assertThat(attr(worker, "outputSummary")).isEqualTo("worked");
        assertThat(worker.at("/attributes/durationMs").asDouble()).isGreaterThanOrEqualTo(140);
        assertThat(attr(orchestrator, "status")).isEqualTo("completed");
        assertThat(attr(orchestrator, "outputSummary")).isEqualTo("worked+done");
        assertThat(orchestrator.at("/attributes/durationMs").asDouble())
                .isGreaterThanOrEqualTo(worker.at("/attributes/durationMs").asDouble() + 140);

        JsonNode failed = log.endOf(log.tool("async.failing"));
        assertThat(attr(failed, "status")).isEqualTo("failed");
        assertThat(failed.at("/attributes/error/type").asText()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(failed.at("/attributes/error/message").asText()).isEqualTo("no such customer");

        JsonNode cancelled = log.endOf(log.tool("async.slow"));
        assertThat(attr(cancelled, "status")).isEqualTo("failed");
        assertThat(cancelled.at("/attributes/error/type").asText())
                .isEqualTo("java.util.concurrent.CancellationException");
    }

    @Test
    void methodShapesAreWovenOnceEach(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.scenario("shapes").in(dir).run();
        assertThat(r.stdout().trim()).isEqualTo(
                "plan for launch|default method|derived x|both|handled T-1|4|private|locked|a,b,c|42|EMAIL: hi|3");
        EventLog log = r.events();
        EventSchema.assertAllValid(log.all());
        assertThat(log.ofType("tool.started")).extracting(e -> e.at("/attributes/tool/name").asText())
                .containsExactly("planner.default", "base.check", "derived.both", "handler.handle", "shapes.static",
                        "shapes.private", "shapes.synchronized", "shapes.varargs", "quote.price", "channel.send");
        assertThat(log.ofType("step.started")).extracting(e -> attr(e, "stepKey"))
                .containsExactly("plan", "recurse-3", "recurse-2", "recurse-1", "recurse-0");
        assertThat(log.tool("shapes.varargs").at("/attributes/resource/externalId").asText()).isEqualTo("[a, b, c]");
        assertThat(log.ofType("tool.ended")).allMatch(e -> "completed".equals(attr(e, "status")));
    }

    @Test
    void temurin25IsInstalledForTheVirtualThreadCases() {
        assertThat(Files.isExecutable(ForkedJvm.TEMURIN_25.resolve("bin/java"))).isTrue();
    }
}
