package sh.ratri.agent.export.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@code ratri.event/v1} events into OTLP spans per the OpenTelemetry GenAI agent
 * conventions: the session is the root span, runs are {@code invoke_agent} spans under the session
 * or their parent run, steps sit under their run, tools are {@code execute_tool} spans under their
 * step or run. Handoffs become span events on the source run and a link from the target run.
 *
 * <p>The trace id is the session id's 16 bytes; a span id is the low 8 bytes of its entity id
 * (session, run, step or tool call), which are unique per JVM and differ between JVMs. A span is
 * handed out when it ends; spans still open are kept in a bounded map and handed out by
 * {@link #unfinished} with {@code ratri.unfinished=true}.
 */
public final class OtlpMapper {

    private final int maxOpen;
    private final Map<String, OpenSpan> open = new LinkedHashMap<>();

    public OtlpMapper(int maxOpen) {
        this.maxOpen = maxOpen;
    }

    /** Maps one event; spans it ended (or pushed out of the bounded map) are added to {@code ended}. */
    public void accept(JsonNode event, List<ObjectNode> ended) {
        String type = event.path("type").asText();
        String sessionId = event.path("sessionId").asText();
        String traceId = traceId(sessionId);
        long time = epochNanos(event.path("timestamp").asText());
        JsonNode a = event.path("attributes");
        switch (type) {
            case "session.started" -> {
                OpenSpan span = new OpenSpan(traceId, spanId(sessionId), null, "session " + a.path("kind").asText(),
                        time);
                span.attribute("gen_ai.conversation.id", sessionId)
                        .attribute("ratri.session.kind", a.path("kind").asText())
                        .attribute("ratri.session.input_summary", nonEmpty(a.path("inputSummary").asText()));
                a.path("metadata").fields().forEachRemaining(
                        kv -> span.attribute("ratri.session.metadata." + kv.getKey(), kv.getValue().asText()));
                opened(span, ended, time);
            }
            case "run.started" -> {
                String runId = text(event, "runId");
                String parentRunId = text(event, "parentRunId");
                String stepName = a.path("stepName").asText();
                OpenSpan span = new OpenSpan(traceId, spanId(runId),
                        spanId(parentRunId != null ? parentRunId : sessionId), "invoke_agent " + stepName, time);
                span.attribute("gen_ai.operation.name", "invoke_agent")
                        .attribute("gen_ai.agent.name", stepName)
                        .attribute("gen_ai.agent.id", a.path("stepKey").asText())
                        .attribute("gen_ai.conversation.id", sessionId)
                        .attribute("ratri.run.id", runId)
                        .attribute("ratri.parent_run.id", parentRunId)
                        .attribute("ratri.step.key", a.path("stepKey").asText())
                        .attribute("ratri.step.name", stepName)
                        .attribute("ratri.step.index", a.path("stepIndex").asLong())
                        .attribute("ratri.role", a.path("role").asText());
                opened(span, ended, time);
            }
            case "step.started" -> {
                String stepId = text(event, "stepId");
                OpenSpan span = new OpenSpan(traceId, spanId(stepId), parentOf(event, false),
                        "step " + a.path("stepName").asText(), time);
                span.attribute("gen_ai.conversation.id", sessionId)
                        .attribute("ratri.step.id", stepId)
                        .attribute("ratri.run.id", text(event, "runId"))
                        .attribute("ratri.step.key", a.path("stepKey").asText())
                        .attribute("ratri.step.name", a.path("stepName").asText())
                        .attribute("ratri.step.index", a.path("stepIndex").asLong());
                opened(span, ended, time);
            }
            case "tool.started" -> {
                String toolCallId = text(event, "toolCallId");
                String name = a.at("/tool/name").asText();
                OpenSpan span = new OpenSpan(traceId, spanId(toolCallId), parentOf(event, true),
                        "execute_tool " + name, time);
                span.attribute("gen_ai.operation.name", "execute_tool")
                        .attribute("gen_ai.tool.name", name)
                        .attribute("gen_ai.tool.call.id", toolCallId)
                        .attribute("gen_ai.conversation.id", sessionId)
                        .attribute("ratri.run.id", text(event, "runId"))
                        .attribute("ratri.risk_level", a.at("/tool/riskLevel").asText())
                        .attribute("ratri.action.type", a.at("/action/type").asText())
                        .attribute("ratri.action.name", a.at("/action/name").asText());
                if (a.has("resource")) {
                    span.attribute("ratri.resource.type", a.at("/resource/type").asText())
                            .attribute("ratri.resource.external_id", a.at("/resource/externalId").asText());
                }
                opened(span, ended, time);
            }
            case "session.ended" -> ended(event, sessionId, "session", time, ended);
            case "run.ended" -> ended(event, text(event, "runId"), "invoke_agent", time, ended);
            case "step.ended" -> ended(event, text(event, "stepId"), "step", time, ended);
            case "tool.ended" -> ended(event, text(event, "toolCallId"), "execute_tool", time, ended);
            case "handoff.requested" -> {
                OpenSpan source = open.get(spanId(a.path("sourceRunId").asText(null)));
                if (source != null) {
                    List<String> kv = new ArrayList<>(List.of("ratri.handoff.id", text(event, "handoffId"),
                            "ratri.handoff.reason", a.path("reason").asText()));
                    a.path("payloadSummary").fields().forEachRemaining(p -> {
                        kv.add("ratri.handoff.payload." + p.getKey());
                        kv.add(p.getValue().asText());
                    });
                    source.event("handoff.requested", time, kv.toArray(String[]::new));
                }
            }
            case "handoff.completed" -> {
                String sourceRunId = a.path("sourceRunId").asText(null);
                String targetRunId = text(event, "runId");
                OpenSpan source = open.get(spanId(sourceRunId));
                if (source != null) {
                    source.event("handoff.completed", time, "ratri.handoff.id", text(event, "handoffId"),
                            "ratri.handoff.target_run.id", targetRunId);
                }
                OpenSpan target = open.get(spanId(targetRunId));
                if (target != null && sourceRunId != null) {
                    target.link(traceId, spanId(sourceRunId), "ratri.link.type", "handoff",
                            "ratri.handoff.id", text(event, "handoffId"));
                }
            }
            case "handoff.failed" -> {
                OpenSpan source = open.get(spanId(a.path("sourceRunId").asText(null)));
                if (source != null) {
                    source.event("handoff.failed", time, "ratri.handoff.id", text(event, "handoffId"),
                            "ratri.handoff.reason", a.path("reason").asText());
                }
            }
            case "agent.dropped" -> {
                OpenSpan session = open.get(spanId(sessionId));
                if (session != null) {
                    session.event("ratri.dropped", time, "ratri.dropped.count", a.path("count").asText());
                }
            }
            default -> {
                // an event type this version does not map
            }
        }
    }

    /** Ends every span still open at {@code nowNanos}, marked {@code ratri.unfinished=true}. */
    public void unfinished(long nowNanos, List<ObjectNode> ended) {
        for (OpenSpan span : open.values()) {
            ended.add(span.attribute("ratri.unfinished", true).end(nowNanos));
        }
        open.clear();
    }

    public int openSpans() {
        return open.size();
    }

    private void opened(OpenSpan span, List<ObjectNode> ended, long time) {
        open.put(span.spanId, span);
        if (open.size() > maxOpen) {
            Iterator<OpenSpan> oldest = open.values().iterator();
            OpenSpan evicted = oldest.next();
            oldest.remove();
            ended.add(evicted.attribute("ratri.unfinished", true).end(time));
        }
    }

    private void ended(JsonNode event, String entityId, String kind, long time, List<ObjectNode> ended) {
        JsonNode a = event.path("attributes");
        OpenSpan span = open.remove(spanId(entityId));
        if (span == null) {
            // its start was lost (dropped, or pushed out of the bounded map): rebuild it from the duration
            long start = time - (long) (a.path("durationMs").asDouble() * 1_000_000L);
            span = new OpenSpan(traceId(event.path("sessionId").asText()), spanId(entityId),
                    kind.equals("session") ? null : parentOf(event, kind.equals("execute_tool")), kind, start);
        }
        String status = a.path("status").asText();
        span.attribute("ratri.status", status);
        span.attribute("ratri.output_summary", a.has("outputSummary") ? a.path("outputSummary").asText() : null);
        if (!status.equals("completed")) {
            JsonNode error = a.path("error");
            String message = error.isMissingNode() ? status
                    : error.path("type").asText() + (error.has("message") ? ": " + error.path("message").asText() : "");
            if (!error.isMissingNode()) {
                span.attribute("error.type", error.path("type").asText());
            }
            span.error(message);
        }
        ended.add(span.end(time));
    }

    /** A step's run; a tool's step, else its run; the session when there is no run. */
    private static String parentOf(JsonNode event, boolean tool) {
        String stepId = tool ? text(event, "stepId") : null;
        if (stepId != null) {
            return spanId(stepId);
        }
        String runId = text(event, "runId");
        return spanId(runId != null ? runId : event.path("sessionId").asText());
    }

    static String traceId(String sessionId) {
        return sessionId.replace("-", "");
    }

    static String spanId(String entityId) {
        if (entityId == null) {
            return null;
        }
        String hex = entityId.replace("-", "");
        return hex.substring(hex.length() - 16);
    }

    static long epochNanos(String timestamp) {
        Instant t = Instant.parse(timestamp);
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static String text(JsonNode event, String field) {
        JsonNode v = event.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
