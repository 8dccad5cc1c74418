package sh.ratri.examples.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSION = "0193f1a2-7c00-7000-8000-000000000001";
    private static final String ORCHESTRATOR_RUN = "0193f1a2-7c00-7000-8000-0000000000r1";
    private static final String WORKER_RUN = "0193f1a2-7c00-7000-8000-0000000000r2";

    private long sequence;

    /** A well-formed envelope; callers fill in ids and attributes. */
    private ObjectNode event(String type) {
        ObjectNode e = JSON.createObjectNode();
        e.put("schema", "ratri.event/v1");
        e.put("eventId", "0193f1a2-7c00-7000-8000-" + String.format("%012d", sequence));
        e.put("type", type);
        e.put("timestamp", "2026-11-25T03:45:31." + String.format("%06d", 123456 + sequence) + "Z");
        e.put("sequence", sequence++);
        e.putObject("agent").put("key", "support-ops").put("name", "Support Ops");
        e.put("mode", "monitor");
        e.put("sessionId", SESSION);
        e.put("thread", "main");
        e.putObject("attributes");
        return e;
    }

    private static ObjectNode attrs(ObjectNode event) {
        return (ObjectNode) event.get("attributes");
    }

    /** The timeline of the support-ops scenario: orchestrator triages, hands off, worker drafts a reply. */
    private List<ObjectNode> supportOpsStream() {
        List<ObjectNode> events = new ArrayList<>();

        ObjectNode sessionStarted = event("session.started");
        attrs(sessionStarted).put("kind", "pipeline").put("inputSummary", "Handle T-1042")
                .putObject("metadata").put("triggerKind", "support_escalation");
        events.add(sessionStarted);

        ObjectNode runStarted = event("run.started");
        runStarted.put("runId", ORCHESTRATOR_RUN);
        attrs(runStarted).put("stepKey", "orchestrator").put("stepName", "Orchestrator")
                .put("stepIndex", 0).put("role", "orchestrator");
        events.add(runStarted);

        ObjectNode stepStarted = event("step.started");
        stepStarted.put("runId", ORCHESTRATOR_RUN).put("stepId", "step-1");
        attrs(stepStarted).put("stepKey", "triage-ticket").put("stepName", "Triage ticket").put("stepIndex", 1);
        events.add(stepStarted);

        ObjectNode stepEnded = event("step.ended");
        stepEnded.put("runId", ORCHESTRATOR_RUN).put("stepId", "step-1");
        attrs(stepEnded).put("status", "completed").put("durationMs", 12.375);
        events.add(stepEnded);

        ObjectNode handoffRequested = event("handoff.requested");
        handoffRequested.put("runId", ORCHESTRATOR_RUN).put("handoffId", "handoff-1");
        ObjectNode hr = attrs(handoffRequested).put("sourceRunId", ORCHESTRATOR_RUN)
                .put("reason", "Delegate customer response draft");
        hr.putObject("payloadSummary").put("ticketId", "T-1042").put("priority", "high");
        events.add(handoffRequested);

        ObjectNode childStarted = event("run.started");
        childStarted.put("runId", WORKER_RUN).put("parentRunId", ORCHESTRATOR_RUN);
        childStarted.put("thread", "pool-1-thread-1");
        attrs(childStarted).put("stepKey", "response-worker").put("stepName", "Response worker")
                .put("stepIndex", 2).put("role", "worker");
        events.add(childStarted);

        ObjectNode handoffCompleted = event("handoff.completed");
        handoffCompleted.put("runId", WORKER_RUN).put("parentRunId", ORCHESTRATOR_RUN).put("handoffId", "handoff-1");
        attrs(handoffCompleted).put("sourceRunId", ORCHESTRATOR_RUN);
        events.add(handoffCompleted);

        ObjectNode toolStarted = event("tool.started");
        toolStarted.put("runId", WORKER_RUN).put("toolCallId", "tool-1");
        ObjectNode ta = attrs(toolStarted);
        ta.putObject("tool").put("name", "support.compose_reply").put("riskLevel", "low");
        ta.putObject("action").put("type", "write").put("name", "support.compose_reply");
        ta.putObject("resource").put("type", "work_item").put("externalId", "T-1042");
        events.add(toolStarted);

        ObjectNode toolEnded = event("tool.ended");
        toolEnded.put("runId", WORKER_RUN).put("toolCallId", "tool-1");
        attrs(toolEnded).put("status", "completed").put("durationMs", 40)
                .put("outputSummary", "Draft reply for T-1042");
        events.add(toolEnded);

        ObjectNode childEnded = event("run.ended");
        childEnded.put("runId", WORKER_RUN).put("parentRunId", ORCHESTRATOR_RUN);
        attrs(childEnded).put("status", "completed").put("durationMs", 55.5).put("outputSummary", "ok");
        events.add(childEnded);

        ObjectNode runEnded = event("run.ended");
        runEnded.put("runId", ORCHESTRATOR_RUN);
        attrs(runEnded).put("status", "completed").put("durationMs", 90.25);
        events.add(runEnded);

        ObjectNode sessionEnded = event("session.ended");
        attrs(sessionEnded).put("status", "completed").put("durationMs", 101.0).put("outputSummary", "[REDACTED]");
        events.add(sessionEnded);

        ObjectNode dropped = event("agent.dropped");
        attrs(dropped).put("count", 3);
        events.add(dropped);

        return events;
    }

    private ObjectNode validRunStarted() {
        return supportOpsStream().get(1);
    }

    // ---------------------------------------------------------------- valid

    @Test
    void schemaFileIsFoundFromTheWorkingDirectory() {
        assertThat(EventSchema.schemaPath()).isRegularFile();
        assertThat(EventSchema.schemaPath().toString().replace('\\', '/')).endsWith(EventSchema.RELATIVE_PATH);
    }

    @Test
    void supportOpsStreamIsValid() {
        List<ObjectNode> events = supportOpsStream();
        assertThat(events).extracting(e -> e.get("type").asText()).containsExactly(
                "session.started", "run.started", "step.started", "step.ended", "handoff.requested",
                "run.started", "handoff.completed", "tool.started", "tool.ended", "run.ended", "run.ended",
                "session.ended", "agent.dropped");
        for (ObjectNode e : events) {
            assertThat(EventSchema.violations(e)).as("violations of %s", e).isEmpty();
        }
        EventSchema.assertAllValid(events);
    }

    @Test
    void failuresPoliciesAndFailedHandoffsAreValid() {
        ObjectNode runFailed = event("run.ended");
        runFailed.put("runId", WORKER_RUN);
        attrs(runFailed).put("status", "failed").put("durationMs", 0)
                .putObject("error").put("type", "java.lang.IllegalStateException").put("message", "boom");
        EventSchema.assertValid(runFailed);

        ObjectNode toolBlocked = event("tool.ended");
        toolBlocked.put("mode", "enforce").put("toolCallId", "tool-9");
        attrs(toolBlocked).put("status", "blocked").put("durationMs", 0.001)
                .putObject("error").put("type", "sh.ratri.ToolBlockedException");
        EventSchema.assertValid(toolBlocked);

        ObjectNode policy = event("policy.decision");
        policy.put("mode", "enforce").put("toolCallId", "tool-9");
        attrs(policy).put("decision", "block").put("rule", "approval-required").put("tool", "db.drop_table")
                .put("reason", "needs an approval");
        EventSchema.assertValid(policy);

        ObjectNode approved = event("policy.decision");
        approved.put("mode", "enforce").put("toolCallId", "tool-10");
        attrs(approved).put("decision", "approved").put("rule", "approved").put("tool", "deploy.production")
                .put("reason", "approved by alice (APR-7)")
                .putObject("approval").put("id", "APR-7").put("approver", "alice");
        EventSchema.assertValid(approved);

        ObjectNode failed = event("handoff.failed");
        failed.put("handoffId", "handoff-2");
        attrs(failed).put("sourceRunId", ORCHESTRATOR_RUN).put("reason", "no child run accepted the handoff");
        EventSchema.assertValid(failed);

        // requested outside any run: no sourceRunId
        ObjectNode orphanRequest = event("handoff.requested");
        orphanRequest.put("handoffId", "handoff-3");
        attrs(orphanRequest).put("reason", "r").putObject("payloadSummary");
        EventSchema.assertValid(orphanRequest);
    }

    @Test
    void attributeObjectsAreForwardCompatible() {
        ObjectNode e = validRunStarted();
        attrs(e).put("someFutureAttribute", true);
        assertThat(EventSchema.violations(e)).isEmpty();
    }

    // ---------------------------------------------------------------- invalid

    @Test
    void rejectsMissingSessionId() {
        ObjectNode e = validRunStarted();
        e.remove("sessionId");
        assertThat(EventSchema.violations(e)).anySatisfy(v -> assertThat(v).contains("sessionId"));
    }

    @Test
    void rejectsEmptySessionId() {
        ObjectNode e = validRunStarted();
        e.put("sessionId", "");
        assertThat(EventSchema.violations(e)).anySatisfy(v -> assertThat(v).contains("sessionId"));
    }

    @Test
    void rejectsWrongSchemaString() {
        ObjectNode e = validRunStarted();
        e.put("schema", "ratri.event/v2");
        assertThat(EventSchema.violations(e)).anySatisfy(v -> assertThat(v).contains("schema").contains("ratri.event/v1"));
    }

    @Test
    void rejectsUnknownRiskLevel() {
        ObjectNode e = supportOpsStream().get(7);
        ((ObjectNode) e.get("attributes").get("tool")).put("riskLevel", "extreme");
        assertThat(EventSchema.violations(e)).anySatisfy(v -> assertThat(v).contains("riskLevel"));
    }

    @Test
    void rejectsTimestampWithoutMicroseconds() {
        for (String bad : List.of("2026-11-25T03:45:31Z", "2026-11-25T03:45:31.123Z",
                "2026-11-25T03:45:31.123456+00:00", "2026-11-25 03:45:31.123456Z", "2026-13-25T03:45:31.123456Z")) {
            ObjectNode e = validRunStarted();
            e.put("timestamp", bad);
            assertThat(EventSchema.violations(e)).as(bad).anySatisfy(v -> assertThat(v).contains("timestamp"));
        }
    }

    @Test
    void rejectsUnknownType() {
        ObjectNode e = validRunStarted();
        e.put("type", "run.paused");
        assertThat(EventSchema.violations(e)).anySatisfy(v -> assertThat(v).contains("type"));
    }

    @Test
    void rejectsRunStartedWithoutRunId() {
        ObjectNode e = validRunStarted();
        e.remove("runId");
        assertThat(EventSchema.violations(e)).anySatisfy(v -> assertThat(v).contains("runId"));
    }

    @Test
    void rejectsNegativeStepIndex() {
        ObjectNode e = validRunStarted();
        attrs(e).put("stepIndex", -2);
        assertThat(EventSchema.violations(e)).anySatisfy(v -> assertThat(v).contains("stepIndex"));
    }

    @Test
    void rejectsUnknownTopLevelField() {
        ObjectNode e = validRunStarted();
        e.put("spanId", "abc");
        assertThat(EventSchema.violations(e)).anySatisfy(v -> assertThat(v).contains("spanId"));
    }

    @Test
    void rejectsMissingTypeSpecificAttribute() {
        ObjectNode e = supportOpsStream().get(0);
        attrs(e).remove("kind");
        assertThat(EventSchema.violations(e)).anySatisfy(v -> assertThat(v).contains("kind"));
    }

    @Test
    void rejectsZeroDroppedCount() {
        ObjectNode e = supportOpsStream().get(12);
        attrs(e).put("count", 0);
        assertThat(EventSchema.violations(e)).anySatisfy(v -> assertThat(v).contains("count"));
    }

    @Test
    void rejectsPolicyDecisionWithUnknownRuleOrApprovalWithoutApprover() {
        ObjectNode unknownRule = event("policy.decision");
        unknownRule.put("toolCallId", "tool-1");
        attrs(unknownRule).put("decision", "flag").put("rule", "critical-needs-approval").put("tool", "t")
                .put("reason", "r");
        assertThat(EventSchema.violations(unknownRule)).anySatisfy(v -> assertThat(v).contains("rule"));

        ObjectNode approvedWithoutApproval = event("policy.decision");
        approvedWithoutApproval.put("toolCallId", "tool-1");
        attrs(approvedWithoutApproval).put("decision", "approved").put("rule", "approved").put("tool", "t")
                .put("reason", "r");
        assertThat(EventSchema.violations(approvedWithoutApproval)).anySatisfy(v -> assertThat(v).contains("approval"));
    }

    @Test
    void assertValidListsViolationsAndTheEvent() {
        ObjectNode e = validRunStarted();
        e.remove("sessionId");
        attrs(e).put("stepIndex", -2);
        assertThatThrownBy(() -> EventSchema.assertValid(e))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("sessionId")
                .hasMessageContaining("stepIndex")
                .hasMessageContaining("\"stepKey\":\"orchestrator\"");
    }

    @Test
    void nullIsNotAnEvent() {
        assertThat(EventSchema.violations((JsonNode) null)).isNotEmpty();
    }
}
