package sh.ratri.frameworks.kotlin;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sh.ratri.examples.support.EventLog;
import sh.ratri.examples.support.EventSchema;
import sh.ratri.examples.support.ForkedJvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.examples.support.EventLog.attr;
import static sh.ratri.examples.support.EventLog.text;

/**
 * Annotated Kotlin suspend and plain functions in coroutines on Kotlin's own dispatchers, under the
 * real agent: {@code CoroutinesApp} runs once per JDK, each scenario in its own session.
 */
class CoroutinesIT {

    private static final Map<Integer, ForkedJvm.Result> RUNS = new ConcurrentHashMap<>();

    private static ForkedJvm.Result run(int jdk) throws Exception {
        ForkedJvm.Result cached = RUNS.get(jdk);
        if (cached != null) {
            return cached;
        }
        ForkedJvm fork = ForkedJvm.main("sh.ratri.frameworks.kotlin.CoroutinesApp", applicationClassPath())
                .in(Files.createTempDirectory("ratri-kotlin-" + jdk));
        if (jdk == 25) {
            fork.javaHome(ForkedJvm.TEMURIN_25);
        }
        ForkedJvm.Result result = fork.run();
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        RUNS.put(jdk, result);
        return result;
    }

    @ParameterizedTest(name = "on JDK {0}")
    @ValueSource(ints = {17, 25})
    void blockedSuspendToolThrowsAtTheCallWithoutRunningItsBodyAndEndsBlocked(int jdk) throws Exception {
        Path dir = Files.createTempDirectory("ratri-kotlin-blocked-" + jdk);
        Path capabilities = Files.writeString(dir.resolve("capabilities.json"),
                "{\"agents\": {\"kotlin-bot\": {\"runs\": {\"*\": {\"tools\": [\"weather.normalise\"]}}}}}");
        ForkedJvm fork = ForkedJvm.main("sh.ratri.frameworks.kotlin.CoroutinesApp", applicationClassPath(), "blocked")
                .in(dir).agentArgs("agent.key=kotlin-bot,mode=enforce,capabilities=" + capabilities);
        if (jdk == 25) {
            fork.javaHome(ForkedJvm.TEMURIN_25);
        }
        ForkedJvm.Result r = fork.run();
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().lines().toList()).containsExactly("blocked tool-not-declared, bodies run: 0");
        EventLog log = r.events().session("kotlin", "blocked tool");
        EventSchema.assertAllValid(log.all());
        JsonNode decision = log.single("policy.decision");
        assertThat(attr(decision, "decision")).isEqualTo("block");
        JsonNode started = log.tool("weather.lookup");
        assertThat(started.path("sequence").asLong()).isEqualTo(decision.path("sequence").asLong() + 1);
        JsonNode ended = log.endOf(started);
        assertThat(attr(ended, "status")).isEqualTo("blocked");
        assertThat(ended.at("/attributes/error/type").asText()).isEqualTo("sh.ratri.ToolBlockedException");
        // the session's code caught the block: it completes
        assertThat(attr(log.single("session.ended"), "status")).isEqualTo("completed");
    }

    private static EventLog session(int jdk, String inputSummary) throws Exception {
        return run(jdk).events().session("kotlin", inputSummary);
    }

    private static List<Path> applicationClassPath() throws IOException {
        List<Path> classPath = new ArrayList<>();
        classPath.add(Path.of(System.getProperty("ratri.appClasses", "target/classes")));
        classPath.addAll(ForkedJvm.copiedJars("ratri.appLibsDir", "target/app-libs"));
        return classPath;
    }

    private static long duration(JsonNode ended) {
        return ended.path("attributes").path("durationMs").asLong();
    }

    @ParameterizedTest(name = "on JDK {0}")
    @ValueSource(ints = {17, 25})
    void suspendToolIsOneItemFromFirstEntryToItsResult(int jdk) throws Exception {
        EventLog log = session(jdk, "delayed tool");
        assertThat(log.ofType("tool.started")).hasSize(1);
        assertThat(log.ofType("tool.ended")).hasSize(1);
        JsonNode started = log.tool("weather.lookup");
        assertThat(started.at("/attributes/resource/externalId").asText()).isEqualTo("Oslo");
        JsonNode ended = log.endOf(started);
        assertThat(attr(ended, "status")).isEqualTo("completed");
        assertThat(attr(ended, "outputSummary")).isEqualTo("sunny in Oslo for 3 days");
        assertThat(duration(ended)).isGreaterThanOrEqualTo(200);
    }

    @ParameterizedTest(name = "on JDK {0}")
    @ValueSource(ints = {17, 25})
    void childRunsOnDefaultIoAndUnconfinedBelongToTheSuspendedOrchestrator(int jdk) throws Exception {
        EventLog log = session(jdk, "concurrent runs");
        JsonNode orchestrator = log.started("run.started", "orchestrator-T-7");
        String orchestratorRun = text(orchestrator, "runId");
        assertThat(log.ofType("run.started")).hasSize(4);
        for (String name : List.of("default", "io", "unconfined")) {
            JsonNode specialist = log.started("run.started", name + "-specialist");
            assertThat(text(specialist, "parentRunId")).as(name).isEqualTo(orchestratorRun);
            JsonNode specialistEnded = log.endOf(specialist);
            assertThat(attr(specialistEnded, "status")).as(name).isEqualTo("completed");
            assertThat(attr(specialistEnded, "outputSummary")).as(name)
                    .isEqualTo(name + ":T-7:sunny in oslo for 2 days");
            // delay(100), then a tool that delays 200 ms
            assertThat(duration(specialistEnded)).as(name).isGreaterThanOrEqualTo(300);

            String specialistRun = text(specialist, "runId");
            List<JsonNode> tools = log.ofType("tool.started").stream()
                    .filter(e -> specialistRun.equals(text(e, "runId"))).toList();
            assertThat(tools).as(name).extracting(e -> e.at("/attributes/tool/name").asText())
                    .containsExactly("weather.normalise", "weather.lookup");
            assertThat(tools.get(1).at("/attributes/resource/externalId").asText()).isEqualTo("oslo");
        }
        assertThat(log.ofType("run.started")).extracting(e -> attr(e, "stepKey"))
                .doesNotContain("null-specialist");

        JsonNode orchestratorEnded = log.endOf(orchestrator);
        assertThat(attr(orchestratorEnded, "status")).isEqualTo("completed");
        assertThat(attr(orchestratorEnded, "outputSummary")).isEqualTo(
                "default:T-7:sunny in oslo for 2 days|io:T-7:sunny in oslo for 2 days|"
                        + "unconfined:T-7:sunny in oslo for 2 days|bergen");
        assertThat(duration(orchestratorEnded)).isGreaterThanOrEqualTo(600);
    }

    @ParameterizedTest(name = "on JDK {0}")
    @ValueSource(ints = {17, 25})
    void plainFunctionInWithContextAfterASuspensionKeepsTheOrchestratorRun(int jdk) throws Exception {
        EventLog log = session(jdk, "concurrent runs");
        String orchestratorRun = text(log.started("run.started", "orchestrator-T-7"), "runId");
        JsonNode bergen = log.single("tool.started", e -> "weather.normalise".equals(e.at("/attributes/tool/name")
                .asText()) && orchestratorRun.equals(text(e, "runId")));
        assertThat(attr(log.endOf(bergen), "outputSummary")).isEqualTo("bergen");
        assertThat(text(bergen, "thread")).startsWith("DefaultDispatcher-worker");
    }

    @ParameterizedTest(name = "on JDK {0}")
    @ValueSource(ints = {17, 25})
    void throwingSuspendToolFailsOnceInItsSession(int jdk) throws Exception {
        EventLog log = session(jdk, "failing tool");
        assertThat(log.ofType("tool.started")).hasSize(1);
        JsonNode ended = log.endOf(log.tool("weather.broken"));
        assertThat(attr(ended, "status")).isEqualTo("failed");
        assertThat(ended.at("/attributes/error/type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(ended.at("/attributes/error/message").asText()).isEqualTo("no station in Atlantis");
        assertThat(duration(ended)).isGreaterThanOrEqualTo(50);
        // the caller caught it: the session completes
        assertThat(attr(log.endOf(log.single("session.started")), "status")).isEqualTo("completed");
    }

    @ParameterizedTest(name = "on JDK {0}")
    @ValueSource(ints = {17, 25})
    void cancelledSuspendToolFailsWithTheCancellation(int jdk) throws Exception {
        EventLog log = session(jdk, "cancelled tool");
        assertThat(log.ofType("tool.started")).hasSize(1);
        JsonNode started = log.tool("weather.slow");
        JsonNode ended = log.endOf(started);
        assertThat(attr(ended, "status")).isEqualTo("failed");
        assertThat(ended.at("/attributes/error/type").asText()).endsWith("CancellationException");
        // cancelled after delay(100), long before its delay(10_000)
        assertThat(duration(ended)).isBetween(50L, 5_000L);
        assertThat(text(started, "thread")).startsWith("DefaultDispatcher-worker");
    }

    @ParameterizedTest(name = "on JDK {0}")
    @ValueSource(ints = {17, 25})
    void suspendingSessionStaysCurrentForCodeThatResumesAfterASuspension(int jdk) throws Exception {
        EventLog log = session(jdk, "suspending session T-9");
        JsonNode session = log.single("session.started");
        JsonNode late = log.started("run.started", "late-specialist");
        assertThat(late.has("parentRunId")).isFalse();
        assertThat(text(late, "thread")).startsWith("DefaultDispatcher-worker");
        JsonNode normalise = log.single("tool.started", e -> !e.has("runId"));
        assertThat(attr(log.endOf(normalise), "outputSummary")).isEqualTo("late");
        JsonNode ended = log.endOf(session);
        assertThat(attr(ended, "status")).isEqualTo("completed");
        assertThat(attr(ended, "outputSummary")).isEqualTo("late|late:T-9:sunny in oslo for 2 days");
        assertThat(duration(ended)).isGreaterThanOrEqualTo(320);
    }

    @ParameterizedTest(name = "on JDK {0}")
    @ValueSource(ints = {17, 25})
    void everyItemIsInAnAnnotatedSessionAndEveryEventIsSchemaValid(int jdk) throws Exception {
        ForkedJvm.Result r = run(jdk);
        EventLog log = r.events();
        EventSchema.assertAllValid(log.all());
        assertThat(log.ofType("session.started")).extracting(e -> attr(e, "kind")).containsOnly("kotlin").hasSize(5);
        assertThat(log.ofType("tool.started")).hasSize(log.ofType("tool.ended").size());
        assertThat(log.ofType("run.started")).hasSize(log.ofType("run.ended").size());
        assertThat(log.all()).extracting(e -> attr(e, "outputSummary")).doesNotContain("COROUTINE_SUSPENDED");
    }

    @ParameterizedTest(name = "on JDK {0}")
    @ValueSource(ints = {17, 25})
    void startsSilentlyAndLeavesTheApplicationsOutputAlone(int jdk) throws Exception {
        ForkedJvm.Result r = run(jdk);
        assertThat(r.stdout().lines().toList()).containsExactly(
                "sunny in Oslo for 3 days",
                "default:T-7:sunny in oslo for 2 days|io:T-7:sunny in oslo for 2 days|"
                        + "unconfined:T-7:sunny in oslo for 2 days|bergen",
                "caught no station in Atlantis",
                "cancelled",
                "late|late:T-9:sunny in oslo for 2 days");
        // the only line is the exit summary saying where the events went
        assertThat(r.stderrLines()).hasSize(1);
        assertThat(r.stderrLines().get(0)).startsWith("ratri: ");
    }
}
