package sh.ratri.agent.export.sink.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.Test;
import sh.ratri.agent.json.JsonObject;
import sh.ratri.agent.json.JsonReader;
import sh.ratri.agent.json.JsonWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class OtlpMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSION = "01a210d9-53b2-7679-815a-9b3700000001";
    private static final String ORCH = "01a210d9-53b5-7679-815a-9b3700000002";
    private static final String STEP = "01a210d9-53b6-7679-815a-9b3700000003";
    private static final String HANDOFF = "01a210d9-53b7-7679-815a-9b3700000004";
    private static final String WORKER = "01a210d9-53b8-7679-815a-9b3700000005";
    private static final String TOOL = "01a210d9-53b9-7679-815a-9b3700000006";
    private static final String FAILING_TOOL = "01a210d9-53ba-7679-815a-9b3700000007";

    private long micros = 17_000_000L;
    private final List<ObjectNode> events = new ArrayList<>();

    private ObjectNode event(String type, Map<String, String> ids) {
        micros += 1_000;
        ObjectNode e = JSON.createObjectNode().put("schema", "ratri.event/v1").put("eventId", "e" + events.size())
                .put("type", type)
                .put("timestamp", java.time.Instant.ofEpochSecond(1_790_000_000L, micros * 1_000).toString())
                .put("sessionId", SESSION);
        ids.forEach(e::put);
        e.putObject("attributes");
        events.add(e);
        return (ObjectNode) e.get("attributes");
    }

    private void supportOps() {
        ObjectNode session = event("session.started", Map.of()).put("kind", "pipeline").put("inputSummary", "Handle");
        session.putObject("metadata").put("triggerKind", "support_escalation");
        event("run.started", Map.of("runId", ORCH)).put("stepKey", "orchestrator").put("stepName", "Orchestrator")
                .put("stepIndex", 0).put("role", "orchestrator");
        event("step.started", Map.of("runId", ORCH, "stepId", STEP)).put("stepKey", "triage-ticket")
                .put("stepName", "Triage ticket").put("stepIndex", 1);
        event("step.ended", Map.of("runId", ORCH, "stepId", STEP)).put("status", "completed").put("durationMs", 0.5);
        ObjectNode requested = event("handoff.requested", Map.of("runId", ORCH, "handoffId", HANDOFF))
                .put("sourceRunId", ORCH).put("reason", "Delegate");
        requested.putObject("payloadSummary").put("ticketId", "SUP-123");
        event("run.started", Map.of("runId", WORKER, "parentRunId", ORCH)).put("stepKey", "response-worker")
                .put("stepName", "Response worker").put("stepIndex", 2).put("role", "worker");
        event("handoff.completed", Map.of("runId", WORKER, "handoffId", HANDOFF)).put("sourceRunId", ORCH);
        ObjectNode tool = event("tool.started", Map.of("runId", WORKER, "parentRunId", ORCH, "toolCallId", TOOL));
        tool.putObject("tool").put("name", "support.compose_reply").put("riskLevel", "low");
        tool.putObject("action").put("type", "write").put("name", "support.compose_reply");
        tool.putObject("resource").put("type", "work_item").put("externalId", "SUP-123");
        tool.put("inputSummary", "ticketId=SUP-123, tone=calm");
        event("tool.ended", Map.of("runId", WORKER, "toolCallId", TOOL)).put("status", "completed")
                .put("durationMs", 0.2).put("outputSummary", "Draft");
        ObjectNode failing = event("tool.started", Map.of("runId", WORKER, "toolCallId", FAILING_TOOL));
        failing.putObject("tool").put("name", "refund").put("riskLevel", "high");
        failing.putObject("action").put("type", "execute").put("name", "refund");
        ObjectNode failed = event("tool.ended", Map.of("runId", WORKER, "toolCallId", FAILING_TOOL))
                .put("status", "failed").put("durationMs", 0.1);
        failed.putObject("error").put("type", "java.lang.IllegalStateException").put("message", "no refunds");
        event("run.ended", Map.of("runId", WORKER, "parentRunId", ORCH)).put("status", "completed")
                .put("durationMs", 3.0);
        event("run.ended", Map.of("runId", ORCH)).put("status", "completed").put("durationMs", 9.0);
        event("session.ended", Map.of()).put("status", "completed").put("durationMs", 10.0);
    }

    /**
     * OTLP/JSON spells trace and span ids in hex where proto3 JSON expects base64, so they are
     * turned into base64 before the official parser reads the request, as OTLP receivers do.
     */
    static ExportTraceServiceRequest parse(JsonObject request) throws Exception {
        JsonNode copy = JSON.readTree(JsonWriter.compact(request));
        hexIdsToBase64(copy);
        ExportTraceServiceRequest.Builder builder = ExportTraceServiceRequest.newBuilder();
        JsonFormat.parser().merge(JSON.writeValueAsString(copy), builder);
        return builder.build();
    }

    private static void hexIdsToBase64(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (String field : List.of("traceId", "spanId", "parentSpanId")) {
                if (object.has(field)) {
                    byte[] bytes = HexFormat.of().parseHex(object.get(field).asText());
                    object.put(field, java.util.Base64.getEncoder().encodeToString(bytes));
                }
            }
        }
        node.forEach(OtlpMapperTest::hexIdsToBase64);
    }

    private static String hex(com.google.protobuf.ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    private static Map<String, AnyValue> attributes(List<KeyValue> kvs) {
        return kvs.stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
    }

    private static String text(Span span, String key) {
        AnyValue v = attributes(span.getAttributesList()).get(key);
        return v == null ? null : v.hasIntValue() ? Long.toString(v.getIntValue())
                : v.hasBoolValue() ? Boolean.toString(v.getBoolValue()) : v.getStringValue();
    }

    /** The event as the sinks get it from {@code EventJson.tree}. */
    private static JsonObject tree(ObjectNode event) {
        try {
            return (JsonObject) JsonReader.read(JSON.writeValueAsString(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<JsonObject> mapAll() {
        OtlpMapper mapper = new OtlpMapper(1_000);
        List<JsonObject> spans = new ArrayList<>();
        events.forEach(e -> mapper.accept(tree(e), spans));
        assertThat(mapper.openSpans()).isZero();
        return spans;
    }

    private static Map<String, Span> byName(ExportTraceServiceRequest request) {
        return request.getResourceSpans(0).getScopeSpans(0).getSpansList().stream()
                .collect(Collectors.toMap(Span::getName, s -> s));
    }

    @Test
    void sessionRunsStepsAndToolsBecomeOneTraceWithParentLinks() throws Exception {
        supportOps();
        ExportTraceServiceRequest request = parse(new OtlpRequest("support-ops", "Support ops", "0.1.0")
                .build(mapAll()));

        assertThat(attributes(request.getResourceSpans(0).getResource().getAttributesList()).get("service.name")
                .getStringValue()).isEqualTo("support-ops");
        Map<String, Span> spans = byName(request);
        assertThat(spans).containsOnlyKeys("session pipeline", "invoke_agent Orchestrator", "step Triage ticket",
                "invoke_agent Response worker", "execute_tool support.compose_reply", "execute_tool refund");
        String traceId = SESSION.replace("-", "");
        spans.values().forEach(s -> assertThat(hex(s.getTraceId())).isEqualTo(traceId));

        Span session = spans.get("session pipeline");
        Span orchestrator = spans.get("invoke_agent Orchestrator");
        Span step = spans.get("step Triage ticket");
        Span worker = spans.get("invoke_agent Response worker");
        Span tool = spans.get("execute_tool support.compose_reply");
        assertThat(session.getParentSpanId().isEmpty()).isTrue();
        assertThat(hex(session.getSpanId())).isEqualTo("815a9b3700000001");
        assertThat(orchestrator.getParentSpanId()).isEqualTo(session.getSpanId());
        assertThat(step.getParentSpanId()).isEqualTo(orchestrator.getSpanId());
        assertThat(worker.getParentSpanId()).isEqualTo(orchestrator.getSpanId());
        assertThat(tool.getParentSpanId()).isEqualTo(worker.getSpanId());
        assertThat(hex(tool.getSpanId())).hasSize(16);

        assertThat(session.getStartTimeUnixNano()).isEqualTo(1_790_000_000L * 1_000_000_000L + 17_001_000_000L);
        assertThat(session.getEndTimeUnixNano()).isGreaterThan(orchestrator.getEndTimeUnixNano());
        assertThat(step.getEndTimeUnixNano() - step.getStartTimeUnixNano()).isEqualTo(1_000_000L);
    }

    @Test
    void attributesFollowTheGenAiConventions() throws Exception {
        supportOps();
        Map<String, Span> spans = byName(parse(new OtlpRequest("k", "n", "v").build(mapAll())));

        Span orchestrator = spans.get("invoke_agent Orchestrator");
        assertThat(text(orchestrator, "gen_ai.operation.name")).isEqualTo("invoke_agent");
        assertThat(text(orchestrator, "gen_ai.agent.name")).isEqualTo("Orchestrator");
        assertThat(text(orchestrator, "gen_ai.agent.id")).isEqualTo("orchestrator");
        assertThat(text(orchestrator, "gen_ai.conversation.id")).isEqualTo(SESSION);
        assertThat(text(orchestrator, "ratri.step.index")).isEqualTo("0");
        assertThat(text(orchestrator, "ratri.role")).isEqualTo("orchestrator");
        assertThat(orchestrator.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);

        Span tool = spans.get("execute_tool support.compose_reply");
        assertThat(text(tool, "gen_ai.operation.name")).isEqualTo("execute_tool");
        assertThat(text(tool, "gen_ai.tool.name")).isEqualTo("support.compose_reply");
        assertThat(text(tool, "gen_ai.tool.call.id")).isEqualTo(TOOL);
        assertThat(text(tool, "ratri.risk_level")).isEqualTo("low");
        assertThat(text(tool, "ratri.action.type")).isEqualTo("write");
        assertThat(text(tool, "ratri.action.name")).isEqualTo("support.compose_reply");
        assertThat(text(tool, "ratri.resource.type")).isEqualTo("work_item");
        assertThat(text(tool, "ratri.resource.external_id")).isEqualTo("SUP-123");
        assertThat(text(tool, "ratri.output_summary")).isEqualTo("Draft");
        assertThat(text(tool, "gen_ai.tool.call.arguments")).isEqualTo("ticketId=SUP-123, tone=calm");
        assertThat(text(tool, "gen_ai.tool.call.result")).isEqualTo("Draft");

        Span session = spans.get("session pipeline");
        assertThat(text(session, "ratri.session.kind")).isEqualTo("pipeline");
        assertThat(text(session, "ratri.session.metadata.triggerKind")).isEqualTo("support_escalation");
        assertThat(text(spans.get("step Triage ticket"), "ratri.step.key")).isEqualTo("triage-ticket");
    }

    @Test
    void aFailedToolIsAnErrorSpanWithTheExceptionAsMessage() throws Exception {
        supportOps();
        Span failed = byName(parse(new OtlpRequest("k", "n", "v").build(mapAll()))).get("execute_tool refund");
        assertThat(failed.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(failed.getStatus().getMessage()).isEqualTo("java.lang.IllegalStateException: no refunds");
        assertThat(text(failed, "error.type")).isEqualTo("java.lang.IllegalStateException");
        assertThat(text(failed, "ratri.status")).isEqualTo("failed");
    }

    @Test
    void aHandoffIsEventsOnTheSourceRunAndALinkFromTheTargetRun() throws Exception {
        supportOps();
        Map<String, Span> spans = byName(parse(new OtlpRequest("k", "n", "v").build(mapAll())));
        Span orchestrator = spans.get("invoke_agent Orchestrator");
        Span worker = spans.get("invoke_agent Response worker");
        assertThat(orchestrator.getEventsList()).extracting(Span.Event::getName)
                .containsExactly("handoff.requested", "handoff.completed");
        assertThat(attributes(orchestrator.getEvents(0).getAttributesList()).get("ratri.handoff.payload.ticketId")
                .getStringValue()).isEqualTo("SUP-123");
        assertThat(worker.getLinksList()).hasSize(1);
        assertThat(worker.getLinks(0).getSpanId()).isEqualTo(orchestrator.getSpanId());
        assertThat(worker.getLinks(0).getTraceId()).isEqualTo(orchestrator.getTraceId());
    }

    /** A release deploy decided by the policy: the decision comes just before the tool starts. */
    private void decidedDeploy(String decision, String rule, boolean withApproval, boolean toolStartLost) {
        event("session.started", Map.of()).put("kind", "pipeline").putObject("metadata");
        event("run.started", Map.of("runId", ORCH)).put("stepKey", "deployer").put("stepName", "Deployer")
                .put("stepIndex", 0).put("role", "orchestrator");
        ObjectNode decided = event("policy.decision", Map.of("runId", ORCH, "toolCallId", TOOL))
                .put("decision", decision).put("rule", rule).put("tool", "deploy.production")
                .put("reason", "critical risk needs an approval");
        if (withApproval) {
            decided.putObject("approval").put("id", "APR-7").put("approver", "alice");
        }
        if (!toolStartLost) {
            ObjectNode tool = event("tool.started", Map.of("runId", ORCH, "toolCallId", TOOL));
            tool.putObject("tool").put("name", "deploy.production").put("riskLevel", "critical");
            tool.putObject("action").put("type", "deploy").put("name", "deploy.production");
        }
        ObjectNode ended = event("tool.ended", Map.of("runId", ORCH, "toolCallId", TOOL))
                .put("status", "block".equals(decision) ? "blocked" : "completed").put("durationMs", 0.01);
        if ("block".equals(decision)) {
            ended.putObject("error").put("type", "sh.ratri.ToolBlockedException").put("message", "blocked");
        }
        event("run.ended", Map.of("runId", ORCH)).put("status", "completed").put("durationMs", 1.0);
        event("session.ended", Map.of()).put("status", "completed").put("durationMs", 2.0);
    }

    private static Span toolSpan(ExportTraceServiceRequest request) {
        return request.getResourceSpans(0).getScopeSpans(0).getSpansList().stream()
                .filter(s -> hex(s.getSpanId()).equals(TOOL.replace("-", "").substring(16)))
                .findFirst().orElseThrow();
    }

    @Test
    void aDecisionThatArrivesBeforeItsToolIsASpanEventAndAttributesOnTheToolSpan() throws Exception {
        decidedDeploy("block", "approval-required", false, false);
        Span tool = toolSpan(parse(new OtlpRequest("k", "n", "v").build(mapAll())));

        assertThat(tool.getName()).isEqualTo("execute_tool deploy.production");
        assertThat(text(tool, "agent.threat.detection.action")).isEqualTo("block");
        assertThat(text(tool, "ratri.policy.decision")).isEqualTo("block");
        assertThat(text(tool, "ratri.policy.rule")).isEqualTo("approval-required");
        assertThat(text(tool, "ratri.policy.reason")).isEqualTo("critical risk needs an approval");
        assertThat(text(tool, "ratri.policy.approval.id")).isNull();
        assertThat(text(tool, "ratri.status")).isEqualTo("blocked");
        assertThat(tool.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(tool.getEventsList()).hasSize(1);
        Span.Event decision = tool.getEvents(0);
        assertThat(decision.getName()).isEqualTo("policy.decision");
        assertThat(decision.getTimeUnixNano()).isLessThan(tool.getStartTimeUnixNano());
        assertThat(attributes(decision.getAttributesList())).containsOnlyKeys("agent.threat.detection.action",
                "ratri.policy.decision", "ratri.policy.rule", "ratri.policy.reason");
    }

    @Test
    void anApprovedCallCarriesTheApprovalAndIsAnAllowInTheDraftVocabulary() throws Exception {
        decidedDeploy("approved", "approved", true, false);
        Span tool = toolSpan(parse(new OtlpRequest("k", "n", "v").build(mapAll())));

        assertThat(text(tool, "agent.threat.detection.action")).isEqualTo("allow");
        assertThat(text(tool, "ratri.policy.decision")).isEqualTo("approved");
        assertThat(text(tool, "ratri.policy.approval.id")).isEqualTo("APR-7");
        assertThat(text(tool, "ratri.policy.approval.approver")).isEqualTo("alice");
        assertThat(attributes(tool.getEvents(0).getAttributesList()).get("ratri.policy.approval.approver")
                .getStringValue()).isEqualTo("alice");
    }

    @Test
    void aFlagIsAWarnAndReachesASpanRebuiltBecauseItsStartWasLost() throws Exception {
        decidedDeploy("flag", "tool-not-declared", false, true);
        Span tool = toolSpan(parse(new OtlpRequest("k", "n", "v").build(mapAll())));

        assertThat(text(tool, "agent.threat.detection.action")).isEqualTo("warn");
        assertThat(text(tool, "ratri.policy.rule")).isEqualTo("tool-not-declared");
        assertThat(tool.getEventsList()).extracting(Span.Event::getName).containsExactly("policy.decision");
    }

    @Test
    void theDraftToolDispositionSaysWhetherTheDecidedCallRanOnTheSpanOnly() throws Exception {
        Map<String, String> dispositions = Map.of("allow", "allow", "approved", "allow", "flag", "allow",
                "block", "deny");
        for (Map.Entry<String, String> expected : dispositions.entrySet()) {
            events.clear();
            decidedDeploy(expected.getKey(), "block".equals(expected.getKey()) ? "approval-required" : "allowed",
                    "approved".equals(expected.getKey()), false);
            Span tool = toolSpan(parse(new OtlpRequest("k", "n", "v").build(mapAll())));

            assertThat(text(tool, "gen_ai.agent.tool.disposition")).as(expected.getKey())
                    .isEqualTo(expected.getValue());
            assertThat(attributes(tool.getEvents(0).getAttributesList()))
                    .doesNotContainKey("gen_ai.agent.tool.disposition");
        }
    }

    @Test
    void spansStillOpenAtExitAreExportedAsUnfinishedEndingThen() throws Exception {
        supportOps();
        events.subList(events.size() - 5, events.size()).clear(); // from the failing tool's start on
        OtlpMapper mapper = new OtlpMapper(1_000);
        List<JsonObject> spans = new ArrayList<>();
        events.forEach(e -> mapper.accept(tree(e), spans));
        assertThat(spans).hasSize(2); // the step and the completed tool
        long exit = 1_800_000_000_000_000_000L;
        mapper.unfinished(exit, spans);
        Map<String, Span> byName = byName(parse(new OtlpRequest("k", "n", "v").build(spans)));
        assertThat(byName).containsOnlyKeys("session pipeline", "invoke_agent Orchestrator", "step Triage ticket",
                "invoke_agent Response worker", "execute_tool support.compose_reply");
        Span session = byName.get("session pipeline");
        assertThat(text(session, "ratri.unfinished")).isEqualTo("true");
        assertThat(session.getEndTimeUnixNano()).isEqualTo(exit);
        assertThat(text(byName.get("step Triage ticket"), "ratri.unfinished")).isNull();
    }

    @Test
    void theOpenSpanMapIsBoundedAndPushesTheOldestOutAsUnfinished() {
        supportOps();
        OtlpMapper mapper = new OtlpMapper(2);
        List<JsonObject> spans = new ArrayList<>();
        events.subList(0, 3).forEach(e -> mapper.accept(tree(e), spans)); // session, run, step opened
        assertThat(mapper.openSpans()).isEqualTo(2);
        assertThat(spans).hasSize(1);
        assertThat(spans.get(0).get("name")).isEqualTo("session pipeline");
        assertThat(JsonWriter.compact(spans.get(0))).contains("ratri.unfinished");
    }
}
