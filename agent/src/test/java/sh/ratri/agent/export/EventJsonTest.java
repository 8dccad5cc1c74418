package sh.ratri.agent.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sh.ratri.agent.policy.Approval;
import sh.ratri.agent.policy.Decision;
import sh.ratri.agent.policy.Rule;
import sh.ratri.agent.policy.Verdict;
import sh.ratri.agent.schema.EventType;
import sh.ratri.agent.schema.Status;
import sh.ratri.agent.timeline.CallSiteSpec;
import sh.ratri.agent.timeline.Event;
import sh.ratri.agent.timeline.Failure;
import sh.ratri.agent.timeline.LlmOutcome;
import sh.ratri.agent.timeline.HandoffSpec;
import sh.ratri.agent.timeline.RunSpec;
import sh.ratri.agent.timeline.SessionSpec;
import sh.ratri.agent.timeline.StepSpec;
import sh.ratri.agent.timeline.Template;
import sh.ratri.agent.timeline.ToolSpec;

class EventJsonTest {

    private static final Instant START = Instant.parse("2026-11-25T03:45:31Z");
    private static final long START_NANO_TIME = 7_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final long SESSION = 11L << 22 | 1;
    private static final long RUN = 12L << 22 | 2;
    private static final long PARENT_RUN = 10L << 22 | 3;
    private static final long STEP = 13L << 22 | 4;
    private static final long TOOL = 14L << 22 | 5;
    private static final long HANDOFF = 15L << 22 | 6;

    private static final List<String> COMMON = List.of(
            "schema", "eventId", "type", "timestamp", "sequence", "agent", "mode", "sessionId");

    private final IdFormat ids = new IdFormat(START.toEpochMilli());
    private int maxChars = 512;

    private static final long NANOS = START_NANO_TIME + 123_456_789L;

    // An event's spec says how to read its values; where a test gives the values, any spec of the kind will do.
    private static final SessionSpec SESSION_SPEC = SessionSpec.IMPLICIT;
    private static final RunSpec RUN_SPEC = new RunSpec(Template.constant(""), Template.constant(""), -1,
            Template.constant(""), false);
    private static final StepSpec STEP_SPEC = new StepSpec(Template.constant(""), Template.constant(""), -1);
    private static final HandoffSpec HANDOFF_SPEC = new HandoffSpec(Template.constant(""), List.of());

    private static Event started(EventType type, long runId, long parentRunId, long stepId, long toolCallId,
                                 CallSiteSpec spec, String[] values, int stepIndex) {
        return Event.started(type, NANOS, "main", SESSION, runId, parentRunId, stepId, toolCallId, spec, values,
                stepIndex);
    }

    private static Event ended(EventType type, long runId, long stepId, long toolCallId, Status status,
                               String output, Throwable error) {
        return Event.ended(type, NANOS, "main", SESSION, runId, 0, stepId, toolCallId, status, 1_500_000L, output,
                error == null ? null : Failure.of(error, 512));
    }

    private static Event handoff(EventType type, long runId, long sourceRunId, String... values) {
        return handoff(type, runId, sourceRunId, HANDOFF_SPEC, values);
    }

    private static Event handoff(EventType type, long runId, long sourceRunId, HandoffSpec spec, String... values) {
        return Event.handoff(type, NANOS, "main", SESSION, runId, HANDOFF, sourceRunId, spec, values);
    }

    private EventJson json() {
        return new EventJson("support-ops", "Support ops", "monitor",
                new Clock(START.getEpochSecond() * 1_000_000_000L, START_NANO_TIME), ids,
                new Redactor(List.of("password", "secret", "token", "apiKey", "authorization")), maxChars);
    }

    private JsonNode write(Event event) throws IOException {
        JsonOut out = new JsonOut(64);
        json().write(out, event, 41);
        return JSON.readTree(out.toByteArray());
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> common(String... more) {
        List<String> all = new ArrayList<>(COMMON);
        all.addAll(List.of(more));
        all.add("thread");
        all.add("attributes");
        return all;
    }

    @Test
    void envelopeCarriesSchemaIdsTimeSequenceAgentModeAndThread() throws IOException {
        JsonNode e = write(started(EventType.SESSION_STARTED, 0, 0, 0, 0, SESSION_SPEC,
                new String[] {"pipeline", "Handle T-1"}, -1));

        assertThat(e.get("schema").asText()).isEqualTo("ratri.event/v1");
        assertThat(e.get("eventId").asText()).isEqualTo(ids.eventId(START.toEpochMilli() + 123, 41));
        assertThat(e.get("type").asText()).isEqualTo("session.started");
        assertThat(e.get("timestamp").asText()).isEqualTo("2026-11-25T03:45:31.123456Z");
        assertThat(e.get("sequence").asLong()).isEqualTo(41);
        assertThat(e.get("agent").get("key").asText()).isEqualTo("support-ops");
        assertThat(e.get("agent").get("name").asText()).isEqualTo("Support ops");
        assertThat(e.get("mode").asText()).isEqualTo("monitor");
        assertThat(e.get("sessionId").asText()).isEqualTo(ids.entityId(SESSION));
        assertThat(e.get("thread").asText()).isEqualTo("main");
    }

    @Test
    void oneWriterSpellsEachEventsOwnSessionWhenSessionsInterleave() throws IOException {
        EventJson json = json();
        JsonOut out = new JsonOut(64);
        long[] sessions = {SESSION, SESSION, 0, RUN, SESSION, RUN, RUN};
        for (long session : sessions) {
            json.write(out, Event.ended(EventType.RUN_ENDED, NANOS, "main", session, RUN, 0, 0, 0, Status.COMPLETED,
                    1_000L, null, null), 1);
            out.raw((byte) '\n');
        }

        List<String> lines = List.of(out.toString().split("\n"));
        assertThat(lines).hasSize(sessions.length);
        for (int i = 0; i < sessions.length; i++) {
            assertThat(JSON.readTree(lines.get(i)).get("sessionId").asText()).isEqualTo(ids.entityId(sessions[i]));
        }
    }

    @Test
    void sessionStartedHasKindInputSummaryAndMetadataAndNoOtherIds() throws IOException {
        JsonNode e = write(started(EventType.SESSION_STARTED, 0, 0, 0, 0, SESSION_SPEC,
                new String[] {"pipeline", "Handle T-1", "triggerKind", "support_escalation", "channel", "mail"}, -1));

        assertThat(fields(e)).containsExactlyElementsOf(common());
        JsonNode a = e.get("attributes");
        assertThat(fields(a)).containsExactly("kind", "inputSummary", "metadata");
        assertThat(a.get("kind").asText()).isEqualTo("pipeline");
        assertThat(a.get("inputSummary").asText()).isEqualTo("Handle T-1");
        assertThat(fields(a.get("metadata"))).containsExactly("triggerKind", "channel");
        assertThat(a.get("metadata").get("triggerKind").asText()).isEqualTo("support_escalation");
    }

    @Test
    void sessionStartedWithoutMetadataHasAnEmptyObject() throws IOException {
        JsonNode a = write(started(EventType.SESSION_STARTED, 0, 0, 0, 0, SESSION_SPEC, new String[] {"implicit", ""}, -1))
                .get("attributes");

        assertThat(a.get("metadata").isObject()).isTrue();
        assertThat(a.get("metadata").size()).isZero();
        assertThat(a.get("inputSummary").asText()).isEmpty();
    }

    @Test
    void sessionEndedHasStatusDurationAndOutput() throws IOException {
        JsonNode e = write(ended(EventType.SESSION_ENDED, 0, 0, 0, Status.COMPLETED, "done", null));

        assertThat(fields(e)).containsExactlyElementsOf(common());
        JsonNode a = e.get("attributes");
        assertThat(fields(a)).containsExactly("status", "durationMs", "outputSummary");
        assertThat(a.get("status").asText()).isEqualTo("completed");
        assertThat(a.get("durationMs").asDouble()).isEqualTo(1.5);
        assertThat(a.get("outputSummary").asText()).isEqualTo("done");
    }

    @Test
    void endedWithoutOutputHasNoOutputSummary() throws IOException {
        JsonNode a = write(ended(EventType.RUN_ENDED, RUN, 0, 0, Status.COMPLETED, null, null)).get("attributes");

        assertThat(fields(a)).containsExactly("status", "durationMs");
    }

    @Test
    void runStartedHasStepFieldsAndRole() throws IOException {
        JsonNode e = write(started(EventType.RUN_STARTED, RUN, 0, 0, 0, RUN_SPEC,
                new String[] {"orchestrator", "Orchestrator", "orchestrator"}, 0));

        assertThat(fields(e)).containsExactlyElementsOf(common("runId"));
        assertThat(e.get("runId").asText()).isEqualTo(ids.entityId(RUN));
        JsonNode a = e.get("attributes");
        assertThat(fields(a)).containsExactly("stepKey", "stepName", "stepIndex", "role");
        assertThat(a.get("stepKey").asText()).isEqualTo("orchestrator");
        assertThat(a.get("stepName").asText()).isEqualTo("Orchestrator");
        assertThat(a.get("stepIndex").isInt()).isTrue();
        assertThat(a.get("stepIndex").asInt()).isZero();
        assertThat(a.get("role").asText()).isEqualTo("orchestrator");
    }

    @Test
    void childRunStartedCarriesTopLevelParentRunId() throws IOException {
        JsonNode e = write(started(EventType.RUN_STARTED, RUN, PARENT_RUN, 0, 0, RUN_SPEC,
                new String[] {"response-worker", "Response worker", "worker"}, 2));

        assertThat(fields(e)).containsExactlyElementsOf(common("runId", "parentRunId"));
        assertThat(e.get("parentRunId").asText()).isEqualTo(ids.entityId(PARENT_RUN));
        assertThat(e.get("attributes").get("stepIndex").asInt()).isEqualTo(2);
    }

    @Test
    void runEndedFailedCarriesErrorTypeAndMessage() throws IOException {
        JsonNode e = write(ended(EventType.RUN_ENDED, RUN, 0, 0, Status.FAILED, null,
                new IllegalStateException("worker crashed")));

        JsonNode a = e.get("attributes");
        assertThat(fields(a)).containsExactly("status", "durationMs", "error");
        assertThat(a.get("status").asText()).isEqualTo("failed");
        assertThat(fields(a.get("error"))).containsExactly("type", "message");
        assertThat(a.get("error").get("type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(a.get("error").get("message").asText()).isEqualTo("worker crashed");
    }

    @Test
    void errorWithoutMessageHasNoMessageField() throws IOException {
        JsonNode error = write(ended(EventType.TOOL_ENDED, RUN, 0, TOOL, Status.FAILED, null,
                new NullPointerException())).get("attributes").get("error");

        assertThat(fields(error)).containsExactly("type");
    }

    @Test
    void errorWhoseMessageThrowsHasNoMessageField() throws IOException {
        RuntimeException odd = new RuntimeException() {
            @Override
            public String getMessage() {
                throw new IllegalStateException("no");
            }
        };

        JsonNode error = write(ended(EventType.TOOL_ENDED, RUN, 0, TOOL, Status.FAILED, null, odd))
                .get("attributes").get("error");

        assertThat(fields(error)).containsExactly("type");
    }

    @Test
    void errorMessageIsRedacted() throws IOException {
        JsonNode error = write(ended(EventType.TOOL_ENDED, RUN, 0, TOOL, Status.FAILED, null,
                new IllegalArgumentException("rejected token=abc123"))).get("attributes").get("error");

        assertThat(error.get("message").asText()).isEqualTo("rejected token=[REDACTED]");
    }

    @Test
    void stepStartedAndEndedCarryRunAndStepIds() throws IOException {
        JsonNode started = write(started(EventType.STEP_STARTED, RUN, 0, STEP, 0, STEP_SPEC,
                new String[] {"triage-ticket", "Triage ticket"}, 1));
        JsonNode ended = write(ended(EventType.STEP_ENDED, RUN, STEP, 0, Status.COMPLETED, "ignored", null));

        assertThat(fields(started)).containsExactlyElementsOf(common("runId", "stepId"));
        assertThat(started.get("stepId").asText()).isEqualTo(ids.entityId(STEP));
        assertThat(fields(started.get("attributes"))).containsExactly("stepKey", "stepName", "stepIndex");
        assertThat(started.get("attributes").get("stepIndex").asInt()).isEqualTo(1);
        assertThat(fields(ended)).containsExactlyElementsOf(common("runId", "stepId"));
        assertThat(fields(ended.get("attributes"))).containsExactly("status", "durationMs");
    }

    @Test
    void toolStartedHasToolActionAndResource() throws IOException {
        ToolSpec spec = new ToolSpec(Template.constant("support.compose_reply"), "low", Template.constant("write"),
                Template.constant("support.compose_reply"), Template.constant("work_item"),
                Template.constant("T-42"));
        JsonNode e = write(started(EventType.TOOL_STARTED, RUN, 0, STEP, TOOL, spec,
                new String[] {"support.compose_reply", "write", "support.compose_reply", "work_item", "T-42"}, -1));

        assertThat(fields(e)).containsExactlyElementsOf(common("runId", "stepId", "toolCallId"));
        JsonNode a = e.get("attributes");
        assertThat(fields(a)).containsExactly("tool", "action", "resource");
        assertThat(a.get("tool").get("name").asText()).isEqualTo("support.compose_reply");
        assertThat(a.get("tool").get("riskLevel").asText()).isEqualTo("low");
        assertThat(a.get("action").get("type").asText()).isEqualTo("write");
        assertThat(a.get("action").get("name").asText()).isEqualTo("support.compose_reply");
        assertThat(a.get("resource").get("type").asText()).isEqualTo("work_item");
        assertThat(a.get("resource").get("externalId").asText()).isEqualTo("T-42");
    }

    @Test
    void aSpecsConstantsCopiedFromEarlierCallsAndItsChangingValuesAreWrittenAsAFreshWriterWritesThem()
            throws IOException {
        ToolSpec spec = new ToolSpec(Template.constant("crm.lookup"), "low", Template.constant("read"),
                Template.constant("crm.lookup"), Template.constant("ticket"), Template.constant("T-{0}"),
                new String[] {"token"});
        EventJson reused = json();
        String[] threads = {"main", "worker-1", new String("main"), "main"};
        for (int call = 0; call < 4; call++) {
            // the same constant strings on every call, a new external id and summary per call
            Event e = Event.started(EventType.TOOL_STARTED, NANOS, threads[call], SESSION, RUN, 0, STEP, TOOL,
                    spec, new String[] {"crm.lookup", "read", "crm.lookup", "ticket", "T-" + call,
                            "token=s3cret-" + call}, -1);
            JsonOut again = new JsonOut(64);
            reused.write(again, e, 41);
            JsonOut fresh = new JsonOut(64);
            json().write(fresh, e, 41);

            assertThat(again.toString()).isEqualTo(fresh.toString());
            JsonNode a = JSON.readTree(again.toByteArray());
            assertThat(a.get("thread").asText()).isEqualTo(threads[call]);
            assertThat(a.get("attributes").get("resource").get("externalId").asText()).isEqualTo("T-" + call);
            assertThat(a.get("attributes").get("inputSummary").asText()).isEqualTo("token=[REDACTED]");
        }
    }

    @Test
    void aHandoffsPairsKeysAndConstantValuesCopiedFromEarlierCallsAreWrittenAsAFreshWriterWritesThem()
            throws IOException {
        HandoffSpec spec = new HandoffSpec(Template.constant("Delegate"), List.of());
        EventJson reused = json();
        String priority = "urgent";
        for (int call = 0; call < 4; call++) {
            // constant keys and one constant value, a new ticket and secret per call, a redacted key among them
            Event e = handoff(EventType.HANDOFF_REQUESTED, RUN, RUN, spec, "Delegate", "ticketId", "T-" + call,
                    "priority", priority, "apiKey", "sk-" + call, "note", call % 2 == 0 ? "token=abc" : "plain");
            JsonOut again = new JsonOut(64);
            reused.write(again, e, 41);
            JsonOut fresh = new JsonOut(64);
            json().write(fresh, e, 41);

            assertThat(again.toString()).isEqualTo(fresh.toString());
            JsonNode payload = JSON.readTree(again.toByteArray()).get("attributes").get("payloadSummary");
            assertThat(fields(payload)).containsExactly("ticketId", "priority", "apiKey", "note");
            assertThat(payload.get("ticketId").asText()).isEqualTo("T-" + call);
            assertThat(payload.get("priority").asText()).isEqualTo("urgent");
            assertThat(payload.get("apiKey").asText()).isEqualTo("[REDACTED]");
            assertThat(payload.get("note").asText()).isEqualTo(call % 2 == 0 ? "token=[REDACTED]" : "plain");
        }
    }

    @Test
    void toolStartedWithoutResourceHasNoResourceField() throws IOException {
        ToolSpec spec = new ToolSpec(Template.constant("Lookup.find"), "high", Template.constant("execute"),
                Template.constant("Lookup.find"), null, null);
        JsonNode e = write(started(EventType.TOOL_STARTED, 0, 0, 0, TOOL, spec,
                new String[] {"Lookup.find", "execute", "Lookup.find"}, -1));

        assertThat(fields(e)).containsExactlyElementsOf(common("toolCallId"));
        assertThat(fields(e.get("attributes"))).containsExactly("tool", "action");
        assertThat(e.get("attributes").get("tool").get("riskLevel").asText()).isEqualTo("high");
    }

    @Test
    void toolStartedCarriesTheArgumentsAsInputSummaryRedactedAndTruncated() throws IOException {
        ToolSpec spec = new ToolSpec(Template.constant("crm.login"), "low", Template.constant("execute"),
                Template.constant("crm.login"), null, null, new String[] {"user", "password"});
        maxChars = 30;
        JsonNode e = write(started(EventType.TOOL_STARTED, 0, 0, 0, TOOL, spec,
                new String[] {"crm.login", "execute", "crm.login", "user=ada, password=hunter2, mode=interactive"}, -1));

        assertThat(fields(e.get("attributes"))).containsExactly("tool", "action", "inputSummary");
        assertThat(e.get("attributes").get("inputSummary").asText()).isEqualTo("user=ada, password=[REDACTED], mo…");
    }

    @Test
    void toolEndedHasStatusDurationAndOutput() throws IOException {
        JsonNode e = write(ended(EventType.TOOL_ENDED, RUN, 0, TOOL, Status.COMPLETED, "reply drafted", null));

        assertThat(fields(e)).containsExactlyElementsOf(common("runId", "toolCallId"));
        assertThat(fields(e.get("attributes"))).containsExactly("status", "durationMs", "outputSummary");
    }

    @Test
    void handoffRequestedHasSourceReasonAndPayloadSummary() throws IOException {
        JsonNode e = write(handoff(EventType.HANDOFF_REQUESTED, RUN, RUN,
                "Delegate draft", "ticketId", "T-42", "apiKey", "sk-1"));

        assertThat(fields(e)).containsExactlyElementsOf(common("runId", "handoffId"));
        assertThat(e.get("handoffId").asText()).isEqualTo(ids.entityId(HANDOFF));
        JsonNode a = e.get("attributes");
        assertThat(fields(a)).containsExactly("sourceRunId", "reason", "payloadSummary");
        assertThat(a.get("sourceRunId").asText()).isEqualTo(ids.entityId(RUN));
        assertThat(a.get("reason").asText()).isEqualTo("Delegate draft");
        assertThat(a.get("payloadSummary").get("ticketId").asText()).isEqualTo("T-42");
        assertThat(a.get("payloadSummary").get("apiKey").asText()).isEqualTo("[REDACTED]");
    }

    @Test
    void handoffWithoutSourceRunHasNoSourceRunId() throws IOException {
        JsonNode e = write(handoff(EventType.HANDOFF_REQUESTED, 0, 0, "Delegate"));

        assertThat(fields(e)).containsExactlyElementsOf(common("handoffId"));
        assertThat(fields(e.get("attributes"))).containsExactly("reason", "payloadSummary");
    }

    @Test
    void handoffCompletedHasOnlySourceRunIdAndTheTargetAsRunId() throws IOException {
        JsonNode e = write(handoff(EventType.HANDOFF_COMPLETED, RUN, PARENT_RUN, "Delegate"));

        assertThat(fields(e)).containsExactlyElementsOf(common("runId", "handoffId"));
        assertThat(e.get("runId").asText()).isEqualTo(ids.entityId(RUN));
        assertThat(fields(e.get("attributes"))).containsExactly("sourceRunId");
        assertThat(e.get("attributes").get("sourceRunId").asText()).isEqualTo(ids.entityId(PARENT_RUN));
    }

    @Test
    void handoffFailedHasSourceRunIdAndReason() throws IOException {
        JsonNode e = write(handoff(EventType.HANDOFF_FAILED, RUN, RUN, "Delegate", "ticketId", "T-42"));

        assertThat(fields(e.get("attributes"))).containsExactly("sourceRunId", "reason");
        assertThat(e.get("attributes").get("reason").asText()).isEqualTo("Delegate");
    }

    @Test
    void agentDroppedHasOnlyTheCount() throws IOException {
        JsonNode e = write(Event.dropped(START_NANO_TIME, "ratri-exporter", SESSION, 17));

        assertThat(fields(e)).containsExactlyElementsOf(common());
        assertThat(e.get("type").asText()).isEqualTo("agent.dropped");
        assertThat(e.get("thread").asText()).isEqualTo("ratri-exporter");
        assertThat(fields(e.get("attributes"))).containsExactly("count");
        assertThat(e.get("attributes").get("count").asLong()).isEqualTo(17);
    }

    @Test
    void summariesAreTruncatedToMaxChars() throws IOException {
        maxChars = 4;
        JsonNode a = write(started(EventType.SESSION_STARTED, 0, 0, 0, 0, SESSION_SPEC,
                new String[] {"pipeline", "Handle T-1", "k", "long value"}, -1)).get("attributes");

        assertThat(a.get("inputSummary").asText()).isEqualTo("Hand…");
        assertThat(a.get("metadata").get("k").asText()).isEqualTo("long…");
        assertThat(a.get("kind").asText()).isEqualTo("pipeline");
    }

    @Test
    void summariesAreRedacted() throws IOException {
        JsonNode a = write(started(EventType.SESSION_STARTED, 0, 0, 0, 0, SESSION_SPEC,
                new String[] {"pipeline", "login password=hunter2", "clientSecret", "s3"}, -1)).get("attributes");
        JsonNode output = write(ended(EventType.RUN_ENDED, RUN, 0, 0, Status.COMPLETED, "{token=abc}", null))
                .get("attributes");

        assertThat(a.get("inputSummary").asText()).isEqualTo("login password=[REDACTED]");
        assertThat(a.get("metadata").get("clientSecret").asText()).isEqualTo("[REDACTED]");
        assertThat(output.get("outputSummary").asText()).isEqualTo("{token=[REDACTED]}");
    }

    @Test
    void everyTypeRoundTripsThroughJackson() throws IOException {
        ToolSpec tool = new ToolSpec(Template.constant("t"), "low", Template.constant("execute"),
                Template.constant("t"), null, null);
        HandoffSpec handoffSpec = new HandoffSpec(Template.constant("r"), List.of());
        List<Event> events = List.of(
                started(EventType.SESSION_STARTED, 0, 0, 0, 0, SESSION_SPEC, new String[] {"k", ""}, -1),
                started(EventType.RUN_STARTED, RUN, 0, 0, 0, RUN_SPEC, new String[] {"a", "A", "orchestrator"}, 0),
                started(EventType.STEP_STARTED, RUN, 0, STEP, 0, STEP_SPEC, new String[] {"s", "S"}, 1),
                started(EventType.TOOL_STARTED, RUN, 0, STEP, TOOL, tool, new String[] {"t", "execute", "t"}, -1),
                ended(EventType.TOOL_ENDED, RUN, STEP, TOOL, Status.COMPLETED, "x", null),
                ended(EventType.STEP_ENDED, RUN, STEP, 0, Status.COMPLETED, null, null),
                handoff(EventType.HANDOFF_REQUESTED, RUN, RUN, handoffSpec, "r"),
                handoff(EventType.HANDOFF_COMPLETED, RUN, RUN, "r"),
                handoff(EventType.HANDOFF_FAILED, RUN, RUN, "r"),
                ended(EventType.RUN_ENDED, RUN, 0, 0, Status.BLOCKED, null, null),
                ended(EventType.SESSION_ENDED, 0, 0, 0, Status.COMPLETED, null, null),
                Event.decision(START_NANO_TIME, "main", SESSION, RUN, TOOL, new Decision(Verdict.ALLOW, Rule.ALLOWED,
                        "t", "declared", null)),
                Event.dropped(START_NANO_TIME, "ratri-exporter", SESSION, 1),
                Event.llmStarted(NANOS, "main", SESSION, RUN, 9, new String[] {"openai", null, null}),
                Event.llmEnded(NANOS, "main", SESSION, RUN, 9, Status.COMPLETED, 1_000L, null, null,
                        new LlmOutcome(null, 1, 1, -1, -1, null, Double.NaN)));

        assertThat(events).extracting(Event::type).containsExactlyInAnyOrder(EventType.values());
        for (Event event : events) {
            JsonNode e = write(event);
            assertThat(e.get("type").asText()).isEqualTo(event.type().wire());
            assertThat(e.get("attributes").isObject()).isTrue();
        }
    }

    @Test
    void aPolicyDecisionCarriesItsRunToolCallRuleReasonAndApproval() throws IOException {
        Decision approved = new Decision(Verdict.APPROVED, Rule.APPROVED, "deploy.production",
                "approved by alice (APR-7)", new Approval("APR-7", "deploy.production", null, "alice", Long.MAX_VALUE));
        JsonNode e = write(Event.decision(START_NANO_TIME, "main", SESSION, RUN, TOOL, approved));

        assertThat(e.get("type").asText()).isEqualTo("policy.decision");
        assertThat(e.has("runId")).isTrue();
        assertThat(e.has("toolCallId")).isTrue();
        JsonNode a = e.get("attributes");
        assertThat(a.get("decision").asText()).isEqualTo("approved");
        assertThat(a.get("rule").asText()).isEqualTo("approved");
        assertThat(a.get("tool").asText()).isEqualTo("deploy.production");
        assertThat(a.get("reason").asText()).isEqualTo("approved by alice (APR-7)");
        assertThat(a.get("approval").get("id").asText()).isEqualTo("APR-7");
        assertThat(a.get("approval").get("approver").asText()).isEqualTo("alice");
        assertThat(write(Event.decision(START_NANO_TIME, "main", SESSION, RUN, TOOL, new Decision(Verdict.BLOCK,
                Rule.APPROVAL_REQUIRED, "t", "r", null))).get("attributes").has("approval")).isFalse();
    }

    @Test
    void aLossReportHeldAsNumbersIsWrittenByteForByteAsTheEventItStandsFor() {
        EventJson json = json();
        Batch batch = new Batch(4);
        batch.add(ended(EventType.RUN_ENDED, RUN, 0, 0, Status.COMPLETED, "done", null), 40);
        batch.addLoss(NANOS, SESSION, 17, 41);
        batch.addLoss(NANOS + 1_000_000_000L, RUN, 3, 42); // another session and second

        for (int i = 0; i < batch.size(); i++) {
            JsonOut fromNumbers = new JsonOut(64);
            json.write(fromNumbers, batch, i);
            JsonOut fromEvent = new JsonOut(64);
            json().write(fromEvent, batch.event(i), batch.sequence(i));

            assertThat(fromNumbers.toString()).isEqualTo(fromEvent.toString());
            assertThat(batch.sessionId(i)).isEqualTo(batch.event(i).sessionId());
        }
        assertThat(batch.event(1)).isSameAs(batch.event(1));
        assertThat(batch.event(1).type()).isEqualTo(EventType.AGENT_DROPPED);
        assertThat(batch.event(1).thread()).isEqualTo("ratri-exporter");
        assertThat(batch.event(2).count()).isEqualTo(3);
    }

    @Test
    void aPairsKeyGivenTwiceIsWrittenOnceAtItsFirstPlaceWithItsLastValueAsAMapWroteIt() {
        JsonOut metadata = new JsonOut(64);
        json().write(metadata, started(EventType.SESSION_STARTED, 0, 0, 0, 0, SESSION_SPEC,
                new String[] {"pipeline", "x", "a", "1", "b", "2", "a", "3"}, -1), 41);
        JsonOut payload = new JsonOut(64);
        json().write(payload, handoff(EventType.HANDOFF_REQUESTED, RUN, RUN, "Delegate", "b", "1", "b", "2", "c", "3"), 41);

        assertThat(metadata.toString()).endsWith("\"metadata\":{\"a\":\"3\",\"b\":\"2\"}}}");
        assertThat(payload.toString()).endsWith("\"payloadSummary\":{\"b\":\"2\",\"c\":\"3\"}}}");
    }

    @Test
    void aSummaryThatRecursAsTheSameStringIsWrittenAsAFreshWriterWritesIt() throws IOException {
        maxChars = 20;
        String reply = "Draft for T-1: done";
        String secret = "token=abc";
        String[] outputs = {reply, reply, secret, secret, new String(reply), "Draft for T-2: done", "",
                "x".repeat(30), "caf\u00e9 ok", "caf\u00e9 ok", "line\nbreak", reply};
        EventJson reused = json();
        for (String output : outputs) {
            Event e = ended(EventType.TOOL_ENDED, RUN, 0, TOOL, Status.COMPLETED, output, null);
            JsonOut again = new JsonOut(64);
            reused.write(again, e, 41);
            JsonOut fresh = new JsonOut(64);
            json().write(fresh, e, 41);

            assertThat(again.toString()).isEqualTo(fresh.toString());
        }
        JsonOut out = new JsonOut(64);
        reused.write(out, ended(EventType.TOOL_ENDED, RUN, 0, TOOL, Status.COMPLETED, secret, null), 41);
        assertThat(JSON.readTree(out.toByteArray()).get("attributes").get("outputSummary").asText())
                .isEqualTo("token=[REDACTED]");
    }

    @Test
    void anEventWithoutAThreadNameHasANullThread() throws IOException {
        JsonNode e = write(Event.dropped(NANOS, null, SESSION, 3));

        assertThat(e.get("thread").isNull()).isTrue();
        assertThat(e.get("attributes").get("count").asLong()).isEqualTo(3);
    }

    @Test
    void aNullMetadataKeyIsWrittenAsTheNameNullAndStaysValidJson() throws IOException {
        JsonNode a = write(started(EventType.SESSION_STARTED, 0, 0, 0, 0, SESSION_SPEC,
                new String[] {"pipeline", "x", null, "v"}, -1)).get("attributes");

        assertThat(a.get("metadata").get("null").asText()).isEqualTo("v");
    }

    @Test
    void anEventThatFailsHalfWayLeavesTheOutputAsItWas() throws IOException {
        EventJson json = json();
        JsonOut out = new JsonOut(64);
        json.write(out, ended(EventType.RUN_ENDED, RUN, 0, 0, Status.COMPLETED, "done", null), 1);
        int before = out.size();
        Event broken = started(EventType.TOOL_STARTED, RUN, 0, STEP, TOOL, null, // a tool event needs its spec
                new String[] {"t", "execute", "t"}, -1);

        assertThatThrownBy(() -> json.write(out, broken, 2)).isInstanceOf(NullPointerException.class);
        assertThat(out.size()).isEqualTo(before);
        assertThat(JSON.readTree(out.toByteArray()).get("type").asText()).isEqualTo("run.ended");
    }

    @Test
    void llmEventsCarryTheCallIdUnderTheirRunAndTheReplysTokensAndCost() throws IOException {
        long llmCall = 16L << 22 | 7;
        JsonNode started = write(Event.llmStarted(NANOS, "main", SESSION, RUN, llmCall,
                new String[] {"openai", "gpt-4o", "say hi, token=abc"}));
        assertThat(fields(started)).containsExactlyElementsOf(common("runId", "llmCallId"));
        assertThat(started.get("type").asText()).isEqualTo("llm.started");
        assertThat(started.get("llmCallId").asText()).isEqualTo(ids.entityId(llmCall));
        JsonNode a = started.get("attributes");
        assertThat(fields(a)).containsExactly("provider", "model", "operation", "inputSummary");
        assertThat(a.get("provider").asText()).isEqualTo("openai");
        assertThat(a.get("model").asText()).isEqualTo("gpt-4o");
        assertThat(a.get("operation").asText()).isEqualTo("chat");
        assertThat(a.get("inputSummary").asText()).isEqualTo("say hi, token=[REDACTED]");

        JsonNode ended = write(Event.llmEnded(NANOS, "main", SESSION, RUN, llmCall, Status.COMPLETED, 1_500_000L,
                "hi", null, new LlmOutcome("gpt-4o-2024-08-06", 1000, 100, 400, -1, "stop", 0.003)));
        assertThat(fields(ended)).containsExactlyElementsOf(common("runId", "llmCallId"));
        JsonNode b = ended.get("attributes");
        assertThat(fields(b)).containsExactly("status", "durationMs", "outputSummary", "model", "inputTokens",
                "outputTokens", "cachedInputTokens", "finishReason", "costUsd");
        assertThat(b.get("model").asText()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(b.get("inputTokens").asLong()).isEqualTo(1000);
        assertThat(b.get("outputTokens").asLong()).isEqualTo(100);
        assertThat(b.get("cachedInputTokens").asLong()).isEqualTo(400);
        assertThat(b.get("finishReason").asText()).isEqualTo("stop");
        assertThat(b.get("costUsd").decimalValue()).isEqualByComparingTo("0.003");
    }

    @Test
    void anUnpricedFailedCallHasNoCostNorUnknownTokens() throws IOException {
        JsonNode ended = write(Event.llmEnded(NANOS, "main", SESSION, 0, 16L << 22 | 7, Status.FAILED, 1_500_000L,
                null, Failure.of(new IllegalStateException("500"), 512),
                new LlmOutcome(null, -1, -1, -1, -1, null, Double.NaN)));
        assertThat(fields(ended.get("attributes"))).containsExactly("status", "durationMs", "error");
        assertThat(ended.get("attributes").get("status").asText()).isEqualTo("failed");
    }
}
