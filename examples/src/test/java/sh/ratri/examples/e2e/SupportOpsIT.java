package sh.ratri.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.examples.support.EventLog;
import sh.ratri.examples.support.EventSchema;
import sh.ratri.examples.support.ForkedJvm;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.examples.support.EventLog.attr;
import static sh.ratri.examples.support.EventLog.text;

/** The support-ops pipeline under the real agent jar, asserted event by event. */
class SupportOpsIT {

    @TempDir
    static Path dir;
    static ForkedJvm.Result result;
    static EventLog log;

    @BeforeAll
    static void runPipeline() throws Exception {
        result = ForkedJvm.scenario("support-ops").in(dir)
                .agentArgs("agent.key=support-ops-orchestrator,agent.name=Support Ops Orchestrator").run();
        log = result.events();
    }

    @Test
    void applicationOutputIsUnchanged() {
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("Draft for SUP-123: Hello Acme Corp, We are on it right now."
                + System.lineSeparator());
    }

    @Test
    void eventsComeInTheOrderTheyHappened() {
        assertThat(log.types()).containsExactly(
                "session.started", "run.started", "step.started", "step.ended", "handoff.requested",
                "run.started", "handoff.completed", "tool.started", "tool.ended", "run.ended", "run.ended",
                "session.ended");
        List<Long> sequences = log.all().stream().map(e -> e.path("sequence").asLong()).toList();
        assertThat(sequences).isSorted().doesNotHaveDuplicates();
        assertThat(log.all().stream().map(e -> e.path("eventId").asText()).collect(Collectors.toSet()))
                .hasSize(log.all().size());
    }

    @Test
    void everyEventMatchesTheSchema() {
        EventSchema.assertAllValid(log.all());
    }

    @Test
    void everyEventCarriesTheEnvelope() {
        String sessionId = text(log.single("session.started"), "sessionId");
        for (JsonNode e : log.all()) {
            assertThat(text(e, "schema")).isEqualTo("ratri.event/v1");
            assertThat(text(e, "sessionId")).isEqualTo(sessionId);
            assertThat(text(e, "mode")).isEqualTo("monitor");
            assertThat(text(e, "thread")).isEqualTo("main");
            assertThat(e.at("/agent/key").asText()).isEqualTo("support-ops-orchestrator");
            assertThat(e.at("/agent/name").asText()).isEqualTo("Support Ops Orchestrator");
            assertThat(text(e, "timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        }
    }

    @Test
    void sessionIsThePipelineWithItsMetadata() {
        JsonNode started = log.single("session.started");
        assertThat(attr(started, "kind")).isEqualTo("pipeline");
        assertThat(attr(started, "inputSummary")).isEqualTo("Handle urgent enterprise support escalation");
        assertThat(started.at("/attributes/metadata/triggerKind").asText()).isEqualTo("support_escalation");
        JsonNode ended = log.endOf(started);
        assertThat(attr(ended, "status")).isEqualTo("completed");
        assertThat(ended.at("/attributes/durationMs").asDouble()).isPositive();
        assertThat(attr(ended, "outputSummary")).isEqualTo("Draft for SUP-123: Hello Acme Corp, We are on it right now.");
    }

    @Test
    void orchestratorRunHoldsTheTriageStep() {
        JsonNode run = log.started("run.started", "orchestrator");
        assertThat(attr(run, "stepName")).isEqualTo("Orchestrator");
        assertThat(run.at("/attributes/stepIndex").asInt()).isEqualTo(0);
        assertThat(attr(run, "role")).isEqualTo("orchestrator");
        assertThat(run.has("parentRunId")).isFalse();

        JsonNode step = log.started("step.started", "triage-ticket");
        assertThat(attr(step, "stepName")).isEqualTo("Triage ticket");
        assertThat(step.at("/attributes/stepIndex").asInt()).isEqualTo(1);
        assertThat(text(step, "runId")).isEqualTo(text(run, "runId"));
        assertThat(text(step, "stepId")).isNotBlank();
        assertThat(attr(log.endOf(step), "status")).isEqualTo("completed");
        assertThat(attr(log.endOf(run), "status")).isEqualTo("completed");
    }

    @Test
    void handoffIsRequestedByTheOrchestratorAndCompletedByTheWorker() {
        JsonNode orchestrator = log.started("run.started", "orchestrator");
        JsonNode worker = log.started("run.started", "response-worker");
        JsonNode requested = log.single("handoff.requested");
        JsonNode completed = log.single("handoff.completed");

        assertThat(attr(requested, "reason")).isEqualTo("Delegate customer response draft");
        assertThat(requested.at("/attributes/payloadSummary/ticketId").asText()).isEqualTo("SUP-123");
        assertThat(requested.at("/attributes/payloadSummary/priority").asText()).isEqualTo("urgent");
        assertThat(attr(requested, "sourceRunId")).isEqualTo(text(orchestrator, "runId"));
        assertThat(text(requested, "runId")).isEqualTo(text(orchestrator, "runId"));

        assertThat(text(completed, "handoffId")).isEqualTo(text(requested, "handoffId"));
        assertThat(text(completed, "runId")).isEqualTo(text(worker, "runId"));
        assertThat(attr(completed, "sourceRunId")).isEqualTo(text(orchestrator, "runId"));
        assertThat(log.ofType("handoff.failed")).isEmpty();
    }

    @Test
    void workerIsAChildRunOfTheOrchestrator() {
        JsonNode orchestrator = log.started("run.started", "orchestrator");
        JsonNode worker = log.started("run.started", "response-worker");
        assertThat(attr(worker, "stepName")).isEqualTo("Response worker");
        assertThat(worker.at("/attributes/stepIndex").asInt()).isEqualTo(2);
        assertThat(attr(worker, "role")).isEqualTo("worker");
        assertThat(text(worker, "parentRunId")).isEqualTo(text(orchestrator, "runId"));
        assertThat(text(log.endOf(worker), "parentRunId")).isEqualTo(text(orchestrator, "runId"));
    }

    @Test
    void toolCallBelongsToTheWorkerRun() {
        JsonNode worker = log.started("run.started", "response-worker");
        JsonNode tool = log.tool("support.compose_reply");
        assertThat(tool.at("/attributes/tool/riskLevel").asText()).isEqualTo("low");
        assertThat(tool.at("/attributes/action/type").asText()).isEqualTo("write");
        assertThat(tool.at("/attributes/action/name").asText()).isEqualTo("support.compose_reply");
        assertThat(tool.at("/attributes/resource/type").asText()).isEqualTo("work_item");
        assertThat(tool.at("/attributes/resource/externalId").asText()).isEqualTo("SUP-123");
        assertThat(text(tool, "runId")).isEqualTo(text(worker, "runId"));
        assertThat(text(tool, "toolCallId")).isNotBlank();
        JsonNode ended = log.endOf(tool);
        assertThat(attr(ended, "status")).isEqualTo("completed");
        assertThat(attr(ended, "outputSummary")).startsWith("Draft for SUP-123");
    }

    @Test
    void idsAreDistinct() {
        Set<String> ids = Set.of(text(log.single("session.started"), "sessionId"),
                text(log.started("run.started", "orchestrator"), "runId"),
                text(log.started("run.started", "response-worker"), "runId"),
                text(log.started("step.started", "triage-ticket"), "stepId"),
                text(log.tool("support.compose_reply"), "toolCallId"),
                text(log.single("handoff.requested"), "handoffId"));
        assertThat(ids).hasSize(6);
    }

    @Test
    void exitLineSaysWhereTheEventsAreAndHowToReplayThem() {
        assertThat(result.stderrLines()).hasSize(1);
        assertThat(result.stderrLines().get(0))
                .startsWith("ratri: 12 events (1 session) written to ratri-events/")
                .contains(" replay: java -jar ")
                .contains("ratri-agent.jar replay ratri-events/");
    }

    @Test
    void replayShowsTheFourThingsAUserExpects() throws Exception {
        ForkedJvm.Result replay = ForkedJvm.cli(dir, "replay");
        assertThat(replay.exitCode()).isZero();
        String tree = replay.stdout();
        assertThat(tree).contains("pipeline", "Handle urgent enterprise support escalation",
                "triggerKind=support_escalation");
        assertThat(tree).containsSubsequence(
                "run orchestrator", "step triage-ticket", "Delegate customer response draft",
                "ticketId=SUP-123", "priority=urgent", "run response-worker", "handoff completed",
                "tool support.compose_reply", "risk=low", "work_item SUP-123");
        assertThat(replay.stderr()).isEmpty();
    }
}
