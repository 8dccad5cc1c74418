package sh.ratri.examples.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.examples.support.EventLog.attr;
import static sh.ratri.examples.support.EventLog.text;

/**
 * What a complete, correctly nested recording of the two example pipelines looks like, checked
 * field by field, for tests that run them in unusual surroundings (other class loaders, other
 * agents, a late attach) and must get exactly what {@code SupportOpsIT} and {@code ThreadsIT} get.
 */
public final class PipelineAssertions {

    public static final String SUPPORT_OPS_OUTPUT = "Draft for SUP-123: Hello Acme Corp, We are on it right now.";
    public static final List<String> PARALLEL_WORKERS_OUTPUT = List.of("billing notes for SUP-456 (worker-pool)",
            "account notes for SUP-456 (worker-pool)", "product notes for SUP-456 (worker-pool)");
    public static final List<String> SUPPORT_OPS_TYPES = List.of("session.started", "run.started", "step.started",
            "step.ended", "handoff.requested", "run.started", "handoff.completed", "tool.started", "tool.ended",
            "run.ended", "run.ended", "session.ended");

    private PipelineAssertions() {
    }

    /** {@code log} holds exactly one support-ops session, on {@code main}, with every link and attribute. */
    public static void assertSupportOps(EventLog log) {
        assertThat(log.types()).containsExactlyElementsOf(SUPPORT_OPS_TYPES);
        EventSchema.assertAllValid(log.all());
        JsonNode session = log.single("session.started");
        String sessionId = text(session, "sessionId");
        assertThat(log.all()).allSatisfy(e -> {
            assertThat(text(e, "sessionId")).isEqualTo(sessionId);
            assertThat(text(e, "thread")).isEqualTo("main");
            assertThat(text(e, "mode")).isEqualTo("monitor");
        });
        List<Long> sequences = log.all().stream().map(e -> e.path("sequence").asLong()).toList();
        assertThat(sequences).isSorted().doesNotHaveDuplicates();

        assertThat(attr(session, "kind")).isEqualTo("pipeline");
        assertThat(attr(session, "inputSummary")).isEqualTo("Handle urgent enterprise support escalation");
        assertThat(session.at("/attributes/metadata/triggerKind").asText()).isEqualTo("support_escalation");
        JsonNode sessionEnded = log.endOf(session);
        assertThat(attr(sessionEnded, "status")).isEqualTo("completed");
        assertThat(attr(sessionEnded, "outputSummary")).isEqualTo(SUPPORT_OPS_OUTPUT);

        JsonNode orchestrator = log.started("run.started", "orchestrator");
        String orchestratorId = text(orchestrator, "runId");
        assertThat(attr(orchestrator, "stepName")).isEqualTo("Orchestrator");
        assertThat(orchestrator.at("/attributes/stepIndex").asInt()).isZero();
        assertThat(attr(orchestrator, "role")).isEqualTo("orchestrator");
        assertThat(orchestrator.has("parentRunId")).isFalse();
        assertThat(attr(log.endOf(orchestrator), "status")).isEqualTo("completed");

        JsonNode step = log.started("step.started", "triage-ticket");
        assertThat(attr(step, "stepName")).isEqualTo("Triage ticket");
        assertThat(step.at("/attributes/stepIndex").asInt()).isEqualTo(1);
        assertThat(text(step, "runId")).isEqualTo(orchestratorId);
        assertThat(attr(log.endOf(step), "status")).isEqualTo("completed");

        JsonNode worker = log.started("run.started", "response-worker");
        String workerId = text(worker, "runId");
        assertThat(attr(worker, "stepName")).isEqualTo("Response worker");
        assertThat(worker.at("/attributes/stepIndex").asInt()).isEqualTo(2);
        assertThat(attr(worker, "role")).isEqualTo("worker");
        assertThat(text(worker, "parentRunId")).isEqualTo(orchestratorId);
        assertThat(attr(log.endOf(worker), "status")).isEqualTo("completed");

        JsonNode requested = log.single("handoff.requested");
        JsonNode completed = log.single("handoff.completed");
        assertThat(attr(requested, "reason")).isEqualTo("Delegate customer response draft");
        assertThat(requested.at("/attributes/payloadSummary/ticketId").asText()).isEqualTo("SUP-123");
        assertThat(requested.at("/attributes/payloadSummary/priority").asText()).isEqualTo("urgent");
        assertThat(attr(requested, "sourceRunId")).isEqualTo(orchestratorId);
        assertThat(text(completed, "handoffId")).isEqualTo(text(requested, "handoffId"));
        assertThat(text(completed, "runId")).isEqualTo(workerId);
        assertThat(attr(completed, "sourceRunId")).isEqualTo(orchestratorId);

        JsonNode tool = log.tool("support.compose_reply");
        assertThat(tool.at("/attributes/tool/riskLevel").asText()).isEqualTo("low");
        assertThat(tool.at("/attributes/action/type").asText()).isEqualTo("write");
        assertThat(tool.at("/attributes/action/name").asText()).isEqualTo("support.compose_reply");
        assertThat(tool.at("/attributes/resource/type").asText()).isEqualTo("work_item");
        assertThat(tool.at("/attributes/resource/externalId").asText()).isEqualTo("SUP-123");
        assertThat(attr(tool, "inputSummary")).isEqualTo("ticketId=SUP-123, customer=Acme Corp, tone=We are on it right now.");
        assertThat(text(tool, "runId")).isEqualTo(workerId);
        JsonNode toolEnded = log.endOf(tool);
        assertThat(attr(toolEnded, "status")).isEqualTo("completed");
        assertThat(attr(toolEnded, "outputSummary")).isEqualTo(SUPPORT_OPS_OUTPUT);
    }

    /**
     * {@code log} holds exactly one parallel-workers session: three worker child runs of the
     * orchestrator, on the pool's threads, each with its handoff and its tool call.
     */
    public static void assertParallelWorkers(EventLog log) {
        EventSchema.assertAllValid(log.all());
        JsonNode session = log.single("session.started");
        assertThat(attr(session, "inputSummary")).isEqualTo("Research ticket SUP-456 in parallel");
        assertThat(attr(log.endOf(session), "status")).isEqualTo("completed");
        assertThat(log.all()).allSatisfy(e -> assertThat(text(e, "sessionId")).isEqualTo(text(session, "sessionId")));

        JsonNode orchestrator = log.started("run.started", "orchestrator");
        String orchestratorId = text(orchestrator, "runId");
        assertThat(attr(log.endOf(orchestrator), "status")).isEqualTo("completed");
        List<JsonNode> workers = log.ofType("run.started").stream().filter(e -> "worker".equals(attr(e, "role")))
                .toList();
        assertThat(workers).extracting(e -> attr(e, "stepKey"))
                .containsExactlyInAnyOrder("billing-worker", "account-worker", "product-worker");
        assertThat(workers).allSatisfy(w -> {
            assertThat(text(w, "parentRunId")).isEqualTo(orchestratorId);
            assertThat(text(w, "thread")).isEqualTo("worker-pool");
            assertThat(attr(log.endOf(w), "status")).isEqualTo("completed");
        });
        Set<String> workerRunIds = workers.stream().map(e -> text(e, "runId")).collect(Collectors.toSet());
        assertThat(log.ofType("tool.started")).hasSize(3).allSatisfy(t -> {
            assertThat(t.at("/attributes/tool/name").asText()).isEqualTo("kb.search");
            assertThat(workerRunIds).contains(text(t, "runId"));
            assertThat(attr(log.endOf(t), "status")).isEqualTo("completed");
        });
        assertThat(log.ofType("tool.started")).extracting(t -> t.at("/attributes/resource/externalId").asText())
                .containsExactlyInAnyOrder("billing", "account", "product");
        assertThat(log.ofType("handoff.requested")).hasSize(3)
                .allSatisfy(h -> assertThat(attr(h, "sourceRunId")).isEqualTo(orchestratorId));
        assertThat(log.ofType("handoff.completed")).hasSize(3).allSatisfy(h -> {
            assertThat(workerRunIds).contains(text(h, "runId"));
            assertThat(attr(h, "sourceRunId")).isEqualTo(orchestratorId);
        });
        assertThat(log.ofType("handoff.failed")).isEmpty();
        assertThat(log.types()).hasSize(22);
    }

    /**
     * The session of kind {@code how} holds one orchestrator run and {@code workers} worker child runs
     * under it, each calling one tool in its own run and session, all completed; a worker runs off
     * the {@code main} thread unless {@code mayRunOnCaller}. Returns the session and orchestrator.
     */
    public static JsonNode[] assertWorkersUnderOrchestrator(EventLog log, String how, int workers,
            boolean mayRunOnCaller) {
        JsonNode session = log.single("session.started", e -> how.equals(attr(e, "kind")));
        String sessionId = text(session, "sessionId");
        JsonNode orchestrator = log.single("run.started",
                e -> sessionId.equals(text(e, "sessionId")) && "orchestrator".equals(attr(e, "stepKey")));
        List<JsonNode> workerRuns = log.ofType("run.started").stream()
                .filter(e -> sessionId.equals(text(e, "sessionId")) && "worker".equals(attr(e, "stepKey")))
                .toList();
        assertThat(workerRuns).as(how).hasSize(workers);
        for (JsonNode worker : workerRuns) {
            assertThat(text(worker, "parentRunId")).as(how).isEqualTo(text(orchestrator, "runId"));
            if (!mayRunOnCaller) {
                assertThat(text(worker, "thread")).as(how).isNotEqualTo("main");
            }
            JsonNode tool = log.single("tool.started", e -> text(worker, "runId").equals(text(e, "runId")));
            assertThat(text(tool, "sessionId")).as(how).isEqualTo(sessionId);
            assertThat(attr(log.endOf(tool), "status")).as(how).isEqualTo("completed");
            assertThat(attr(log.endOf(worker), "status")).as(how).isEqualTo("completed");
        }
        return new JsonNode[] {session, orchestrator};
    }
}
