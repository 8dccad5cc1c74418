package sh.ratri.examples.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes ratri.event/v1 lines for sessions too large or too hostile to produce with a scenario:
 * events {@code stepMicros} apart, with increasing sequence numbers and ids from a counter.
 */
public final class SyntheticTimeline {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final String sessionId;
    private final long stepMicros;
    private Instant clock = Instant.parse("2026-11-25T03:00:00Z");
    private long sequence;
    private final List<String> lines = new ArrayList<>();
    private String agentKey = "synthetic";

    public SyntheticTimeline(String sessionId, long stepMicros) {
        this.sessionId = sessionId;
        this.stepMicros = stepMicros;
    }

    /** The agent key of the events written from now on. */
    public SyntheticTimeline agent(String key) {
        this.agentKey = key;
        return this;
    }

    /** Starts the clock at {@code start}, so that sessions written one after another follow in time. */
    public SyntheticTimeline startingAt(Instant start) {
        this.clock = start;
        return this;
    }

    public int size() {
        return lines.size();
    }

    public Path writeTo(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, lines);
        return file;
    }

    /** Adds these lines to {@code file}, for a file that holds many sessions. */
    public Path appendTo(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, lines, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        return file;
    }

    /** The duration an item has when it ends with the next event and started with event number {@code startedAt}. */
    public double msSince(int startedAt) {
        return (lines.size() + 1 - startedAt) * stepMicros / 1000.0;
    }

    public SyntheticTimeline sessionStarted(String kind, String inputSummary) {
        ObjectNode attributes = JSON.createObjectNode().put("kind", kind).put("inputSummary", inputSummary);
        attributes.putObject("metadata").put("source", "synthetic");
        return event("session.started", Map.of(), attributes);
    }

    /** A test as a session (DESIGN §8): kind {@code test}, the display name as input, the test's ids as metadata. */
    public SyntheticTimeline testStarted(String testClass, String testMethod) {
        ObjectNode attributes = JSON.createObjectNode().put("kind", "test").put("inputSummary", testMethod + "()");
        attributes.putObject("metadata").put("testClass", testClass).put("testMethod", testMethod)
                .put("uniqueId", "[engine:junit-jupiter]/[class:" + testClass + "]/[method:" + testMethod + "()]");
        return event("session.started", Map.of(), attributes);
    }

    /** A model call's end with its token counts and cost (DESIGN §7). */
    public SyntheticTimeline llmEnded(String llmCallId, String runId, long inputTokens, long outputTokens, double costUsd) {
        return event("llm.ended", Map.of("llmCallId", llmCallId, "runId", runId), JSON.createObjectNode()
                .put("status", "completed").put("durationMs", 1.0).put("inputTokens", inputTokens)
                .put("outputTokens", outputTokens).put("costUsd", costUsd));
    }

    public SyntheticTimeline ended(String type, Map<String, String> ids, String status, double durationMs) {
        return event(type, ids, JSON.createObjectNode().put("status", status).put("durationMs", durationMs));
    }

    public SyntheticTimeline runStarted(String runId, String parentRunId, String stepKey, String stepName, int index, String role) {
        ObjectNode attributes = JSON.createObjectNode().put("stepKey", stepKey).put("stepName", stepName)
                .put("stepIndex", index).put("role", role);
        return event("run.started", parentRunId == null ? Map.of("runId", runId)
                : Map.of("runId", runId, "parentRunId", parentRunId), attributes);
    }

    public SyntheticTimeline stepStarted(String stepId, String runId, String stepKey, int index) {
        return event("step.started", Map.of("stepId", stepId, "runId", runId), JSON.createObjectNode()
                .put("stepKey", stepKey).put("stepName", stepKey).put("stepIndex", index));
    }

    public SyntheticTimeline toolStarted(String toolCallId, String runId, String name, String risk) {
        ObjectNode attributes = JSON.createObjectNode();
        attributes.putObject("tool").put("name", name).put("riskLevel", risk);
        attributes.putObject("action").put("type", "execute").put("name", name);
        return event("tool.started", Map.of("toolCallId", toolCallId, "runId", runId), attributes);
    }

    /** A {@code policy.decision} (DESIGN §6) about the call {@code toolCallId}, which is about to start. */
    public SyntheticTimeline policyDecision(String toolCallId, String runId, String decision, String rule, String tool,
                                            String reason, String approvalId, String approver) {
        ObjectNode attributes = JSON.createObjectNode().put("decision", decision).put("rule", rule).put("tool", tool)
                .put("reason", reason);
        if (approvalId != null) {
            attributes.putObject("approval").put("id", approvalId).put("approver", approver);
        }
        return event("policy.decision", Map.of("toolCallId", toolCallId, "runId", runId), attributes);
    }

    public SyntheticTimeline handoffRequested(String handoffId, String sourceRunId, String reason, Map<String, String> payload) {
        ObjectNode attributes = JSON.createObjectNode().put("sourceRunId", sourceRunId).put("reason", reason);
        payload.forEach(attributes.putObject("payloadSummary")::put);
        return event("handoff.requested", Map.of("handoffId", handoffId, "runId", sourceRunId), attributes);
    }

    public SyntheticTimeline handoffCompleted(String handoffId, String targetRunId, String sourceRunId) {
        return event("handoff.completed", Map.of("handoffId", handoffId, "runId", targetRunId),
                JSON.createObjectNode().put("sourceRunId", sourceRunId));
    }

    private SyntheticTimeline event(String type, Map<String, String> ids, ObjectNode attributes) {
        clock = clock.plus(stepMicros, ChronoUnit.MICROS);
        sequence++;
        ObjectNode event = JSON.createObjectNode()
                .put("schema", "ratri.event/v1")
                .put("eventId", sessionId + "-e" + sequence)
                .put("type", type)
                .put("timestamp", MICROS.format(clock))
                .put("sequence", sequence);
        event.putObject("agent").put("key", agentKey).put("name", "Synthetic");
        event.put("mode", "monitor").put("sessionId", sessionId);
        ids.forEach(event::put);
        event.put("thread", "main");
        event.set("attributes", attributes);
        lines.add(event.toString());
        return this;
    }
}
