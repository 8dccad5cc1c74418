package sh.ratri.agent.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import sh.ratri.agent.timeline.Event;
import sh.ratri.agent.timeline.EventType;
import sh.ratri.agent.timeline.HandoffSpec;
import sh.ratri.agent.timeline.RunSpec;
import sh.ratri.agent.timeline.SessionSpec;
import sh.ratri.agent.timeline.StepSpec;
import sh.ratri.agent.timeline.ToolSpec;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/** Writes one {@link Event} as a {@code ratri.event/v1} JSON object. */
public final class EventJson {

    public static final String SCHEMA = "ratri.event/v1";

    private static final Set<String> RESERVED = Set.of("status", "durationMs", "outputSummary", "error",
            "stepKey", "stepName", "stepIndex");

    private static final ObjectMapper TREES = new ObjectMapper();

    private final String agentKey;
    private final String agentName;
    private final String mode;
    private final Clock clock;
    private final IdFormat ids;
    private final Redactor redactor;
    private final int maxChars;

    EventJson(String agentKey, String agentName, String mode, Clock clock, IdFormat ids, Redactor redactor,
              int maxChars) {
        this.agentKey = agentKey;
        this.agentName = agentName;
        this.mode = mode;
        this.clock = clock;
        this.ids = ids;
        this.redactor = redactor;
        this.maxChars = maxChars;
    }

    public void write(JsonGenerator g, Event e, long sequence) throws IOException {
        long epochNanos = clock.epochNanos(e.nanos());
        g.writeStartObject();
        g.writeStringField("schema", SCHEMA);
        g.writeStringField("eventId", ids.eventId(epochNanos / 1_000_000L, sequence));
        g.writeStringField("type", e.type().wire());
        g.writeStringField("timestamp", clock.timestamp(epochNanos));
        g.writeNumberField("sequence", sequence);
        g.writeObjectFieldStart("agent");
        g.writeStringField("key", agentKey);
        g.writeStringField("name", agentName);
        g.writeEndObject();
        g.writeStringField("mode", mode);
        g.writeStringField("sessionId", ids.entityId(e.sessionId()));
        id(g, "runId", e.runId());
        id(g, "parentRunId", e.parentRunId());
        id(g, "stepId", e.stepId());
        id(g, "toolCallId", e.toolCallId());
        id(g, "handoffId", e.handoffId());
        g.writeStringField("thread", e.thread());
        g.writeObjectFieldStart("attributes");
        attributes(g, e);
        if (e.extra() != null) {
            for (Map.Entry<String, String> kv : e.extra().entrySet()) {
                if (RESERVED.contains(kv.getKey())) {
                    continue; // an added attribute never overrides a field of the schema
                }
                g.writeStringField(kv.getKey(),
                        redactor.isSecretKey(kv.getKey()) ? Redactor.REDACTED : summary(kv.getValue()));
            }
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /** The same object as a tree, for sinks that map events rather than copy them (console, OTLP). */
    public ObjectNode tree(Event e, long sequence) throws IOException {
        try (TokenBuffer buffer = new TokenBuffer(TREES, false)) {
            write(buffer, e, sequence);
            return TREES.readTree(buffer.asParser());
        }
    }

    private void attributes(JsonGenerator g, Event e) throws IOException {
        String[] v = e.values();
        switch (e.type()) {
            case SESSION_STARTED -> {
                g.writeStringField("kind", SessionSpec.kind(v));
                g.writeStringField("inputSummary", summary(SessionSpec.inputSummary(v)));
                pairs(g, "metadata", SessionSpec.metadata(v));
            }
            case RUN_STARTED -> {
                g.writeStringField("stepKey", RunSpec.stepKey(v));
                g.writeStringField("stepName", RunSpec.stepName(v));
                g.writeNumberField("stepIndex", e.stepIndex());
                g.writeStringField("role", RunSpec.role(v));
            }
            case STEP_STARTED -> {
                g.writeStringField("stepKey", StepSpec.stepKey(v));
                g.writeStringField("stepName", StepSpec.stepName(v));
                g.writeNumberField("stepIndex", e.stepIndex());
            }
            case TOOL_STARTED -> {
                ToolSpec spec = (ToolSpec) e.spec();
                g.writeObjectFieldStart("tool");
                g.writeStringField("name", ToolSpec.name(v));
                g.writeStringField("riskLevel", spec.riskLevel());
                g.writeEndObject();
                g.writeObjectFieldStart("action");
                g.writeStringField("type", ToolSpec.actionType(v));
                g.writeStringField("name", ToolSpec.actionName(v));
                g.writeEndObject();
                if (ToolSpec.hasResource(v)) {
                    g.writeObjectFieldStart("resource");
                    g.writeStringField("type", ToolSpec.resourceType(v));
                    g.writeStringField("externalId", ToolSpec.resourceExternalId(v));
                    g.writeEndObject();
                }
            }
            case HANDOFF_REQUESTED -> {
                id(g, "sourceRunId", e.sourceRunId());
                g.writeStringField("reason", HandoffSpec.reason(v));
                pairs(g, "payloadSummary", HandoffSpec.payloadSummary(v));
            }
            case HANDOFF_COMPLETED -> id(g, "sourceRunId", e.sourceRunId());
            case HANDOFF_FAILED -> {
                id(g, "sourceRunId", e.sourceRunId());
                g.writeStringField("reason", HandoffSpec.reason(v));
            }
            case SESSION_ENDED, RUN_ENDED, STEP_ENDED, TOOL_ENDED -> {
                g.writeStringField("status", e.status().wire());
                g.writeNumberField("durationMs", e.durationNanos() / 1_000L / 1_000.0);
                if (e.output() != null && e.type() != EventType.STEP_ENDED) {
                    g.writeStringField("outputSummary", summary(e.output()));
                }
                if (e.error() != null) {
                    error(g, e.error());
                }
            }
            case AGENT_DROPPED -> g.writeNumberField("count", e.count());
        }
    }

    private void error(JsonGenerator g, Throwable error) throws IOException {
        g.writeObjectFieldStart("error");
        g.writeStringField("type", error.getClass().getName());
        String message;
        try {
            message = error.getMessage();
        } catch (Throwable t) {
            message = null;
        }
        if (message != null) {
            g.writeStringField("message", summary(message));
        }
        g.writeEndObject();
    }

    private void pairs(JsonGenerator g, String field, Map<String, String> pairs) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, String> kv : pairs.entrySet()) {
            g.writeStringField(kv.getKey(),
                    redactor.isSecretKey(kv.getKey()) ? Redactor.REDACTED : summary(kv.getValue()));
        }
        g.writeEndObject();
    }

    private String summary(String text) {
        String bounded = text.length() > maxChars ? text.substring(0, maxChars) + "…" : text;
        return redactor.text(bounded);
    }

    private void id(JsonGenerator g, String field, long id) throws IOException {
        if (id != 0) {
            g.writeStringField(field, ids.entityId(id));
        }
    }
}
