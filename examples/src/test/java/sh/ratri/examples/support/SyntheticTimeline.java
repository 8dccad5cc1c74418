package sh.ratri.examples.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import sh.ratri.agent.replay.TimelineFixture;

/**
 * Writes ratri.event/v1 lines for sessions too large or too hostile to produce with a scenario:
 * events {@code stepMicros} apart, with increasing sequence numbers and ids from a counter. The
 * lines are written by the agent's own test fixture ({@link TimelineFixture}); this adds the
 * shorthands the end-to-end tests use (a session from a synthetic source, tools that execute).
 */
public final class SyntheticTimeline {

    private final TimelineFixture events;
    private final long stepMicros;

    public SyntheticTimeline(String sessionId, long stepMicros) {
        this.events = new TimelineFixture(sessionId, Instant.parse("2026-11-25T03:00:00Z"),
                Duration.ofNanos(stepMicros * 1000), "synthetic", "Synthetic");
        this.stepMicros = stepMicros;
    }

    /** The agent key of the events written from now on. */
    public SyntheticTimeline agent(String key) {
        events.agent(key);
        return this;
    }

    /** Starts the clock at {@code start}, so that sessions written one after another follow in time. */
    public SyntheticTimeline startingAt(Instant start) {
        events.startingAt(start);
        return this;
    }

    public int size() {
        return events.size();
    }

    public Path writeTo(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return events.writeTo(file);
    }

    /** Adds these lines to {@code file}, for a file that holds many sessions. */
    public Path appendTo(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, events.lines(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return file;
    }

    /** The duration an item has when it ends with the next event and started with event number {@code startedAt}. */
    public double msSince(int startedAt) {
        return (size() + 1 - startedAt) * stepMicros / 1000.0;
    }

    public SyntheticTimeline sessionStarted(String kind, String inputSummary) {
        events.sessionStarted(kind, inputSummary, Map.of("source", "synthetic"));
        return this;
    }

    /** A test as a session (DESIGN §8): kind {@code test}, the display name as input, the test's ids as metadata. */
    public SyntheticTimeline testStarted(String testClass, String testMethod) {
        events.sessionStarted("test", testMethod + "()", TimelineFixture.ordered("testClass", testClass,
                "testMethod", testMethod,
                "uniqueId", "[engine:junit-jupiter]/[class:" + testClass + "]/[method:" + testMethod + "()]"));
        return this;
    }

    /** A model call's end with its token counts and cost (DESIGN §7). */
    public SyntheticTimeline llmEnded(String llmCallId, String runId, long inputTokens, long outputTokens, double costUsd) {
        events.event("llm.ended", Map.of("llmCallId", llmCallId, "runId", runId), TimelineFixture.attributes()
                .put("status", "completed").put("durationMs", 1.0).put("inputTokens", inputTokens)
                .put("outputTokens", outputTokens).put("costUsd", costUsd));
        return this;
    }

    public SyntheticTimeline ended(String type, Map<String, String> ids, String status, double durationMs) {
        events.event(type, ids, TimelineFixture.attributes().put("status", status).put("durationMs", durationMs));
        return this;
    }

    public SyntheticTimeline runStarted(String runId, String parentRunId, String stepKey, String stepName, int index, String role) {
        events.runStarted(runId, parentRunId, stepKey, stepName, index, role);
        return this;
    }

    public SyntheticTimeline stepStarted(String stepId, String runId, String stepKey, int index) {
        events.stepStarted(stepId, runId, stepKey, stepKey, index);
        return this;
    }

    public SyntheticTimeline toolStarted(String toolCallId, String runId, String name, String risk) {
        events.toolStarted(toolCallId, runId, name, risk, "execute", null, null);
        return this;
    }

    /** A {@code policy.decision} (DESIGN §6) about the call {@code toolCallId}, which is about to start. */
    public SyntheticTimeline policyDecision(String toolCallId, String runId, String decision, String rule, String tool,
                                            String reason, String approvalId, String approver) {
        events.policyDecision(toolCallId, runId, decision, rule, tool, reason, approvalId, approver);
        return this;
    }

    public SyntheticTimeline handoffRequested(String handoffId, String sourceRunId, String reason, Map<String, String> payload) {
        events.handoffRequested(handoffId, sourceRunId, reason, payload);
        return this;
    }

    public SyntheticTimeline handoffCompleted(String handoffId, String targetRunId, String sourceRunId) {
        events.handoffCompleted(handoffId, targetRunId, sourceRunId);
        return this;
    }
}
