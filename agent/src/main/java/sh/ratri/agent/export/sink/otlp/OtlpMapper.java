package sh.ratri.agent.export.sink.otlp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sh.ratri.agent.json.JsonObject;
import sh.ratri.agent.schema.EventType;
import sh.ratri.agent.schema.Fields;
import sh.ratri.agent.schema.Status;

/**
 * Turns {@code ratri.event/v1} events into OTLP spans per the OpenTelemetry GenAI agent
 * conventions: the session is the root span, runs are {@code invoke_agent} spans under the session
 * or their parent run, steps sit under their run, tools are {@code execute_tool} spans under their
 * step or run. Handoffs become span events on the source run and a link from the target run. A
 * {@code policy.decision} becomes a span event and attributes on its tool's span ({@link PolicyAttributes});
 * it comes just before the tool's start, so it waits (bounded) for that span to open.
 *
 * <p>The trace id is the session id's 16 bytes; a span id is the low 8 bytes of its entity id
 * (session, run, step or tool call), which are unique per JVM and differ between JVMs. A span is
 * handed out when it ends; spans still open are kept in a bounded map and handed out by
 * {@link #unfinished} with {@code ratri.unfinished=true}.
 */
public final class OtlpMapper {

    private final int maxOpen;
    private final Map<String, OpenSpan> open = new LinkedHashMap<>();
    /** Decisions whose tool span has not opened yet, by the tool's span id. */
    private final Map<String, Decision> undelivered = new LinkedHashMap<>();

    private record Decision(JsonObject attributes, long time) {}

    public OtlpMapper(int maxOpen) {
        this.maxOpen = maxOpen;
    }

    /** Maps one event; spans it ended (or pushed out of the bounded map) are added to {@code ended}. */
    public void accept(JsonObject event, List<JsonObject> ended) {
        Optional<EventType> type = EventType.fromWire(event.text(Fields.TYPE));
        if (type.isEmpty()) {
            return; // an event type this version does not map
        }
        String sessionId = event.text(Fields.SESSION_ID);
        String traceId = traceId(sessionId);
        long time = epochNanos(event.text(Fields.TIMESTAMP));
        JsonObject a = event.object(Fields.ATTRIBUTES);
        switch (type.get()) {
            case SESSION_STARTED -> {
                OpenSpan span = new OpenSpan(traceId, spanId(sessionId), null, "session " + a.text(Fields.KIND),
                        time);
                span.attribute("gen_ai.conversation.id", sessionId)
                        .attribute("ratri.session.kind", a.text(Fields.KIND))
                        .attribute("ratri.session.input_summary", nonEmpty(a.text(Fields.INPUT_SUMMARY)));
                a.object(Fields.METADATA).forEach(
                        (key, value) -> span.attribute("ratri.session.metadata." + key, JsonObject.textOf(value)));
                opened(span, ended, time);
            }
            case RUN_STARTED -> {
                String runId = event.text(Fields.RUN_ID);
                String parentRunId = event.text(Fields.PARENT_RUN_ID);
                String stepName = a.text(Fields.STEP_NAME);
                OpenSpan span = new OpenSpan(traceId, spanId(runId),
                        spanId(parentRunId != null ? parentRunId : sessionId), "invoke_agent " + stepName, time);
                span.attribute("gen_ai.operation.name", "invoke_agent")
                        .attribute("gen_ai.agent.name", stepName)
                        .attribute("gen_ai.agent.id", a.text(Fields.STEP_KEY))
                        .attribute("gen_ai.conversation.id", sessionId)
                        .attribute("ratri.run.id", runId)
                        .attribute("ratri.parent_run.id", parentRunId)
                        .attribute("ratri.step.key", a.text(Fields.STEP_KEY))
                        .attribute("ratri.step.name", stepName)
                        .attribute("ratri.step.index", a.longValue(Fields.STEP_INDEX, 0))
                        .attribute("ratri.role", a.text(Fields.ROLE));
                opened(span, ended, time);
            }
            case STEP_STARTED -> {
                String stepId = event.text(Fields.STEP_ID);
                OpenSpan span = new OpenSpan(traceId, spanId(stepId), parentOf(event, false),
                        "step " + a.text(Fields.STEP_NAME), time);
                span.attribute("gen_ai.conversation.id", sessionId)
                        .attribute("ratri.step.id", stepId)
                        .attribute("ratri.run.id", event.text(Fields.RUN_ID))
                        .attribute("ratri.step.key", a.text(Fields.STEP_KEY))
                        .attribute("ratri.step.name", a.text(Fields.STEP_NAME))
                        .attribute("ratri.step.index", a.longValue(Fields.STEP_INDEX, 0));
                opened(span, ended, time);
            }
            case TOOL_STARTED -> {
                String toolCallId = event.text(Fields.TOOL_CALL_ID);
                String name = a.object(Fields.TOOL).text(Fields.NAME);
                OpenSpan span = new OpenSpan(traceId, spanId(toolCallId), parentOf(event, true),
                        "execute_tool " + name, time);
                span.attribute("gen_ai.operation.name", "execute_tool")
                        .attribute("gen_ai.tool.name", name)
                        .attribute("gen_ai.tool.call.id", toolCallId)
                        .attribute("gen_ai.conversation.id", sessionId)
                        .attribute("ratri.run.id", event.text(Fields.RUN_ID))
                        .attribute("ratri.risk_level", a.object(Fields.TOOL).text(Fields.RISK_LEVEL))
                        .attribute("ratri.action.type", a.object(Fields.ACTION).text(Fields.TYPE))
                        .attribute("ratri.action.name", a.object(Fields.ACTION).text(Fields.NAME))
                        .attribute("gen_ai.tool.call.arguments", a.text(Fields.INPUT_SUMMARY));
                if (a.containsKey(Fields.RESOURCE)) {
                    span.attribute("ratri.resource.type", a.object(Fields.RESOURCE).text(Fields.TYPE))
                            .attribute("ratri.resource.external_id", a.object(Fields.RESOURCE).text(Fields.EXTERNAL_ID));
                }
                Decision decision = undelivered.remove(span.spanId);
                if (decision != null) {
                    PolicyAttributes.addTo(span, decision.attributes(), decision.time());
                }
                opened(span, ended, time);
            }
            case LLM_STARTED -> {
                String llmCallId = event.text(Fields.LLM_CALL_ID);
                String model = a.text(Fields.MODEL);
                OpenSpan span = new OpenSpan(traceId, spanId(llmCallId), parentOf(event, true),
                        model == null ? LlmAttributes.OPERATION : LlmAttributes.OPERATION + " " + model, time);
                LlmAttributes.started(span, a, sessionId, event.text(Fields.RUN_ID));
                opened(span, ended, time);
            }
            case LLM_ENDED -> {
                OpenSpan span = open.get(spanId(event.text(Fields.LLM_CALL_ID)));
                if (span != null) {
                    LlmAttributes.ended(span, a);
                }
                ended(event, event.text(Fields.LLM_CALL_ID), LlmAttributes.OPERATION, time, ended);
            }
            case SESSION_ENDED -> ended(event, sessionId, "session", time, ended);
            case RUN_ENDED -> ended(event, event.text(Fields.RUN_ID), "invoke_agent", time, ended);
            case STEP_ENDED -> ended(event, event.text(Fields.STEP_ID), "step", time, ended);
            case TOOL_ENDED -> ended(event, event.text(Fields.TOOL_CALL_ID), "execute_tool", time, ended);
            case HANDOFF_REQUESTED -> {
                OpenSpan source = open.get(spanId(a.text(Fields.SOURCE_RUN_ID)));
                if (source != null) {
                    List<String> kv = new ArrayList<>(List.of("ratri.handoff.id", event.text(Fields.HANDOFF_ID),
                            "ratri.handoff.reason", a.text(Fields.REASON)));
                    a.object(Fields.PAYLOAD_SUMMARY).forEach((key, value) -> {
                        kv.add("ratri.handoff.payload." + key);
                        kv.add(JsonObject.textOf(value));
                    });
                    source.event("handoff.requested", time, kv.toArray(String[]::new));
                }
            }
            case HANDOFF_COMPLETED -> {
                String sourceRunId = a.text(Fields.SOURCE_RUN_ID);
                String targetRunId = event.text(Fields.RUN_ID);
                OpenSpan source = open.get(spanId(sourceRunId));
                if (source != null) {
                    source.event("handoff.completed", time, "ratri.handoff.id", event.text(Fields.HANDOFF_ID),
                            "ratri.handoff.target_run.id", targetRunId);
                }
                OpenSpan target = open.get(spanId(targetRunId));
                if (target != null && sourceRunId != null) {
                    target.link(traceId, spanId(sourceRunId), "ratri.link.type", "handoff",
                            "ratri.handoff.id", event.text(Fields.HANDOFF_ID));
                }
            }
            case HANDOFF_FAILED -> {
                OpenSpan source = open.get(spanId(a.text(Fields.SOURCE_RUN_ID)));
                if (source != null) {
                    source.event("handoff.failed", time, "ratri.handoff.id", event.text(Fields.HANDOFF_ID),
                            "ratri.handoff.reason", a.text(Fields.REASON));
                }
            }
            case POLICY_DECISION -> decided(event.text(Fields.TOOL_CALL_ID), a, time);
            case AGENT_DROPPED -> {
                OpenSpan session = open.get(spanId(sessionId));
                if (session != null) {
                    session.event("ratri.dropped", time, "ratri.dropped.count", a.text(Fields.COUNT));
                }
            }
        }
    }

    private void decided(String toolCallId, JsonObject attributes, long time) {
        if (toolCallId == null) {
            return; // a decision about no call has no span to go on
        }
        OpenSpan tool = open.get(spanId(toolCallId));
        if (tool != null) {
            PolicyAttributes.addTo(tool, attributes, time);
            return;
        }
        undelivered.put(spanId(toolCallId), new Decision(attributes, time));
        if (undelivered.size() > maxOpen) {
            // its tool.started was lost: the decision cannot wait forever
            Iterator<Decision> oldest = undelivered.values().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** Ends every span still open at {@code nowNanos}, marked {@code ratri.unfinished=true}. */
    public void unfinished(long nowNanos, List<JsonObject> ended) {
        for (OpenSpan span : open.values()) {
            ended.add(span.attribute("ratri.unfinished", true).end(nowNanos));
        }
        open.clear();
        undelivered.clear();
    }

    public int openSpans() {
        return open.size();
    }

    private void opened(OpenSpan span, List<JsonObject> ended, long time) {
        open.put(span.spanId, span);
        if (open.size() > maxOpen) {
            Iterator<OpenSpan> oldest = open.values().iterator();
            OpenSpan evicted = oldest.next();
            oldest.remove();
            ended.add(evicted.attribute("ratri.unfinished", true).end(time));
        }
    }

    private void ended(JsonObject event, String entityId, String kind, long time, List<JsonObject> ended) {
        JsonObject a = event.object(Fields.ATTRIBUTES);
        OpenSpan span = open.remove(spanId(entityId));
        if (span == null) {
            // its start was lost (dropped, or pushed out of the bounded map): rebuild it from the duration
            long start = time - (long) (a.number(Fields.DURATION_MS) * 1_000_000L);
            span = new OpenSpan(traceId(event.text(Fields.SESSION_ID)), spanId(entityId),
                    kind.equals("session") ? null : parentOf(event, kind.equals("execute_tool")), kind, start);
        }
        Decision decision = undelivered.remove(span.spanId);
        if (decision != null) {
            PolicyAttributes.addTo(span, decision.attributes(), decision.time());
        }
        String status = a.text(Fields.STATUS);
        span.attribute("ratri.status", status);
        span.attribute("ratri.output_summary", a.text(Fields.OUTPUT_SUMMARY));
        if (kind.equals("execute_tool")) {
            span.attribute("gen_ai.tool.call.result", a.text(Fields.OUTPUT_SUMMARY));
        }
        if (!Status.COMPLETED.wire().equals(status)) {
            if (a.containsKey(Fields.ERROR)) {
                JsonObject error = a.object(Fields.ERROR);
                span.attribute("error.type", error.text(Fields.TYPE));
                span.error(error.text(Fields.TYPE) + (error.containsKey(Fields.MESSAGE) ? ": " + error.text(Fields.MESSAGE) : ""));
            } else {
                span.error(status);
            }
        }
        ended.add(span.end(time));
    }

    /** A step's run; a tool's step, else its run; the session when there is no run. */
    private static String parentOf(JsonObject event, boolean tool) {
        String stepId = tool ? event.text(Fields.STEP_ID) : null;
        if (stepId != null) {
            return spanId(stepId);
        }
        String runId = event.text(Fields.RUN_ID);
        return spanId(runId != null ? runId : event.text(Fields.SESSION_ID));
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

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
