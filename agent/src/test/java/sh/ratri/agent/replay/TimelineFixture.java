package sh.ratri.agent.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes ratri.event/v1 lines for one session the way the agent would: one event per call,
 * each a step (1 ms unless told) after the previous, with increasing sequence numbers and ids
 * derived from the count. The one event writer of the tests: the examples' end-to-end tests use it
 * too, through this module's test jar.
 */
public final class TimelineFixture {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final String sessionId;
    private final Duration step;
    private final String agentName;
    private String agentKey;
    private Instant clock;
    private long sequence;
    private final List<String> lines = new ArrayList<>();

    /** Events 1 ms apart from {@code start} (an ISO instant), of the support-ops agent. */
    public TimelineFixture(String sessionId, String start) {
        this(sessionId, Instant.parse(start), Duration.ofMillis(1), "support-ops-orchestrator", "Support ops");
    }

    public TimelineFixture(String sessionId, Instant start, Duration step, String agentKey, String agentName) {
        this.sessionId = sessionId;
        this.clock = start;
        this.step = step;
        this.agentKey = agentKey;
        this.agentName = agentName;
    }

    /** The agent key of the events written from now on. */
    public TimelineFixture agent(String key) {
        this.agentKey = key;
        return this;
    }

    /** Moves the clock to {@code start}: the next event is one step after it. */
    public TimelineFixture startingAt(Instant start) {
        this.clock = start;
        return this;
    }

    /** An empty attributes object, for {@link #event}. */
    public static ObjectNode attributes() {
        return JSON.createObjectNode();
    }

    public int size() {
        return lines.size();
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public Path writeTo(Path file) throws IOException {
        return write(file, lines);
    }

    static Path write(Path file, List<String> lines) throws IOException {
        Files.write(file, lines);
        return file;
    }

    public TimelineFixture sessionStarted(String kind, String inputSummary, Map<String, String> metadata) {
        ObjectNode attributes = JSON.createObjectNode().put("kind", kind).put("inputSummary", inputSummary);
        metadata.forEach(attributes.putObject("metadata")::put);
        return event("session.started", Map.of(), attributes);
    }

    public TimelineFixture sessionEnded(String status, double durationMs) {
        return event("session.ended", Map.of(), ended(status, durationMs));
    }

    public TimelineFixture runStarted(String runId, String parentRunId, String stepKey, String stepName, int stepIndex, String role) {
        ObjectNode attributes = JSON.createObjectNode().put("stepKey", stepKey).put("stepName", stepName)
                .put("stepIndex", stepIndex).put("role", role);
        return event("run.started", parentRunId == null ? Map.of("runId", runId)
                : Map.of("runId", runId, "parentRunId", parentRunId), attributes);
    }

    public TimelineFixture runEnded(String runId, String status, double durationMs) {
        return event("run.ended", Map.of("runId", runId), ended(status, durationMs));
    }

    public TimelineFixture stepStarted(String stepId, String runId, String stepKey, String stepName, int stepIndex) {
        ObjectNode attributes = JSON.createObjectNode().put("stepKey", stepKey).put("stepName", stepName)
                .put("stepIndex", stepIndex);
        return event("step.started", Map.of("stepId", stepId, "runId", runId), attributes);
    }

    public TimelineFixture stepEnded(String stepId, String runId, String status, double durationMs) {
        return event("step.ended", Map.of("stepId", stepId, "runId", runId), ended(status, durationMs));
    }

    public TimelineFixture toolStarted(String toolCallId, String runId, String name, String risk,
                                String actionType, String resourceType, String resourceId) {
        ObjectNode attributes = JSON.createObjectNode();
        attributes.putObject("tool").put("name", name).put("riskLevel", risk);
        attributes.putObject("action").put("type", actionType).put("name", name);
        if (resourceType != null) {
            attributes.putObject("resource").put("type", resourceType).put("externalId", resourceId);
        }
        return event("tool.started", toolIds(toolCallId, runId), attributes);
    }

    public TimelineFixture toolEnded(String toolCallId, String runId, String status, double durationMs, String outputSummary) {
        ObjectNode attributes = ended(status, durationMs);
        if (outputSummary != null) {
            attributes.put("outputSummary", outputSummary);
        }
        return event("tool.ended", toolIds(toolCallId, runId), attributes);
    }

    public TimelineFixture toolFailed(String toolCallId, String runId, double durationMs, String errorType, String message) {
        ObjectNode attributes = ended("failed", durationMs);
        attributes.putObject("error").put("type", errorType).put("message", message);
        return event("tool.ended", toolIds(toolCallId, runId), attributes);
    }

    /** A {@code policy.decision} as DESIGN §6 has it; {@code approvalId} and {@code approver} only when approved. */
    public TimelineFixture policyDecision(String toolCallId, String runId, String decision, String rule, String tool,
                                   String reason, String approvalId, String approver) {
        ObjectNode attributes = JSON.createObjectNode().put("decision", decision).put("rule", rule).put("tool", tool)
                .put("reason", reason);
        if (approvalId != null) {
            attributes.putObject("approval").put("id", approvalId).put("approver", approver);
        }
        return event("policy.decision", runId == null ? Map.of("toolCallId", toolCallId)
                : Map.of("toolCallId", toolCallId, "runId", runId), attributes);
    }

    /** A tool whose body never ran: the policy blocked it and {@code sh.ratri.ToolBlockedException} reached the caller. */
    public TimelineFixture toolBlocked(String toolCallId, String runId, String message) {
        ObjectNode attributes = ended("blocked", 0.01);
        attributes.putObject("error").put("type", "sh.ratri.ToolBlockedException").put("message", message);
        return event("tool.ended", toolIds(toolCallId, runId), attributes);
    }

    public TimelineFixture llmStarted(String llmCallId, String runId, String provider, String model) {
        ObjectNode attributes = JSON.createObjectNode().put("provider", provider).put("model", model)
                .put("operation", "chat");
        return event("llm.started", Map.of("llmCallId", llmCallId, "runId", runId), attributes);
    }

    /** {@code costUsd} null: the model was not priced. */
    public TimelineFixture llmEnded(String llmCallId, String runId, double durationMs, long inputTokens, long cachedInputTokens,
                             long outputTokens, String finishReason, Double costUsd) {
        ObjectNode attributes = ended("completed", durationMs).put("inputTokens", inputTokens)
                .put("outputTokens", outputTokens).put("finishReason", finishReason);
        if (cachedInputTokens > 0) {
            attributes.put("cachedInputTokens", cachedInputTokens);
        }
        if (costUsd != null) {
            attributes.put("costUsd", costUsd);
        }
        return event("llm.ended", Map.of("llmCallId", llmCallId, "runId", runId), attributes);
    }

    public TimelineFixture handoffRequested(String handoffId, String sourceRunId, String reason, Map<String, String> payload) {
        ObjectNode attributes = JSON.createObjectNode().put("sourceRunId", sourceRunId).put("reason", reason);
        ObjectNode payloadSummary = attributes.putObject("payloadSummary");
        payload.forEach(payloadSummary::put);
        return event("handoff.requested", Map.of("handoffId", handoffId, "runId", sourceRunId), attributes);
    }

    public TimelineFixture handoffCompleted(String handoffId, String targetRunId, String sourceRunId) {
        return event("handoff.completed", Map.of("handoffId", handoffId, "runId", targetRunId),
                JSON.createObjectNode().put("sourceRunId", sourceRunId));
    }

    public TimelineFixture handoffFailed(String handoffId, String sourceRunId, String reason) {
        return event("handoff.failed", Map.of("handoffId", handoffId, "runId", sourceRunId),
                JSON.createObjectNode().put("sourceRunId", sourceRunId).put("reason", reason));
    }

    public TimelineFixture event(String type, Map<String, String> ids, ObjectNode attributes) {
        clock = clock.plus(step);
        sequence++;
        ObjectNode event = JSON.createObjectNode()
                .put("schema", "ratri.event/v1")
                .put("eventId", sessionId + "-e" + sequence)
                .put("type", type)
                .put("timestamp", MICROS.format(clock))
                .put("sequence", sequence);
        event.putObject("agent").put("key", agentKey).put("name", agentName);
        event.put("mode", "monitor").put("sessionId", sessionId);
        ids.forEach(event::put);
        event.put("thread", "main");
        event.set("attributes", attributes);
        lines.add(event.toString());
        return this;
    }

    /** A tool outside any run (of an implicit session, say) has no {@code runId}. */
    private static Map<String, String> toolIds(String toolCallId, String runId) {
        return runId == null ? Map.of("toolCallId", toolCallId) : Map.of("toolCallId", toolCallId, "runId", runId);
    }

    /** A map that keeps the order written here, as the agent keeps annotation order. */
    public static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static ObjectNode ended(String status, double durationMs) {
        return JSON.createObjectNode().put("status", status).put("durationMs", durationMs);
    }

    /**
     * A release pipeline under the policy: checkout allowed, packaging flagged (not declared),
     * staging deploy approved by alice, production deploy blocked for want of an approval, which
     * leaves the run and the session blocked.
     */
    static TimelineFixture releaseGate(String sessionId, String start) {
        return new TimelineFixture(sessionId, start)
                .sessionStarted("pipeline", "Release 1.4", Map.of())
                .runStarted("run-rel", null, "release", "Release", 0, "orchestrator")
                .policyDecision("tool-1", "run-rel", "allow", "allowed", "git.checkout", "declared", null, null)
                .toolStarted("tool-1", "run-rel", "git.checkout", "low", "read", null, null)
                .toolEnded("tool-1", "run-rel", "completed", 0.2, null)
                .policyDecision("tool-2", "run-rel", "flag", "tool-not-declared", "build.package",
                        "build.package is not among the tools of run release", null, null)
                .toolStarted("tool-2", "run-rel", "build.package", "medium", "build", null, null)
                .toolEnded("tool-2", "run-rel", "completed", 0.5, null)
                .policyDecision("tool-3", "run-rel", "approved", "approved", "deploy.staging",
                        "approval APR-7 matches", "APR-7", "alice")
                .toolStarted("tool-3", "run-rel", "deploy.staging", "high", "deploy", "environment", "staging")
                .toolEnded("tool-3", "run-rel", "completed", 0.7, null)
                .policyDecision("tool-4", "run-rel", "block", "approval-required", "deploy.production",
                        "critical risk needs an approval", null, null)
                .toolStarted("tool-4", "run-rel", "deploy.production", "critical", "deploy", "environment", "production")
                .toolBlocked("tool-4", "run-rel", "deploy.production blocked: critical risk needs an approval")
                .runEnded("run-rel", "blocked", 3.0)
                .sessionEnded("blocked", 4.0);
    }

    /** The support-ops seed scenario: orchestrator triages, hands off to a worker that calls a tool. */
    static TimelineFixture supportOps(String sessionId, String start) {
        return supportOpsFirstReply(sessionId, start)
                .runEnded("run-worker", "completed", 2.1)
                .runEnded("run-orch", "completed", 10.2)
                .sessionEnded("completed", 12.4);
    }

    /** The support-ops scenario up to the worker's first reply, with its runs and session still open. */
    static TimelineFixture supportOpsFirstReply(String sessionId, String start) {
        return new TimelineFixture(sessionId, start)
                .sessionStarted("pipeline", "Handle urgent enterprise support escalation",
                        Map.of("triggerKind", "support_escalation"))
                .runStarted("run-orch", null, "orchestrator", "Orchestrator", 0, "orchestrator")
                .stepStarted("step-triage", "run-orch", "triage-ticket", "Triage ticket", 1)
                .stepEnded("step-triage", "run-orch", "completed", 0.3)
                .handoffRequested("handoff-1", "run-orch", "Delegate customer response draft",
                        ordered("ticketId", "SUP-123", "priority", "urgent"))
                .runStarted("run-worker", "run-orch", "response-worker", "Response worker", 2, "worker")
                .handoffCompleted("handoff-1", "run-worker", "run-orch")
                .toolStarted("tool-1", "run-worker", "support.compose_reply", "low", "write", "work_item", "SUP-123")
                .toolEnded("tool-1", "run-worker", "completed", 0.1, "Draft reply for SUP-123");
    }
}
