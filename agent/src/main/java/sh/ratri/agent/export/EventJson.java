package sh.ratri.agent.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import sh.ratri.agent.timeline.Event;
import sh.ratri.agent.timeline.EventType;
import sh.ratri.agent.timeline.HandoffSpec;
import sh.ratri.agent.timeline.RunSpec;
import sh.ratri.agent.timeline.SessionSpec;
import sh.ratri.agent.timeline.Status;
import sh.ratri.agent.timeline.StepSpec;
import sh.ratri.agent.timeline.ToolSpec;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Writes one {@link Event} as a {@code ratri.event/v1} JSON object. Field names and the values that
 * never change are encoded once, and ids and timestamps are spelled into a reused buffer: this runs
 * for every event on the exporter thread (and only there: it is not thread-safe).
 */
public final class EventJson {

    public static final String SCHEMA = "ratri.event/v1";

    private static final Set<String> RESERVED = Set.of("status", "durationMs", "outputSummary", "error",
            "stepKey", "stepName", "stepIndex");

    private static final ObjectMapper TREES = new ObjectMapper();
    private static final SerializableString F_SCHEMA = name("schema"), F_EVENT_ID = name("eventId"),
            F_TYPE = name("type"), F_TIMESTAMP = name("timestamp"), F_SEQUENCE = name("sequence"),
            F_AGENT = name("agent"), F_KEY = name("key"), F_NAME = name("name"), F_MODE = name("mode"),
            F_SESSION_ID = name("sessionId"), F_RUN_ID = name("runId"), F_PARENT_RUN_ID = name("parentRunId"),
            F_STEP_ID = name("stepId"), F_TOOL_CALL_ID = name("toolCallId"), F_HANDOFF_ID = name("handoffId"),
            F_THREAD = name("thread"), F_ATTRIBUTES = name("attributes"), F_KIND = name("kind"),
            F_INPUT_SUMMARY = name("inputSummary"), F_METADATA = name("metadata"), F_STEP_KEY = name("stepKey"),
            F_STEP_NAME = name("stepName"), F_STEP_INDEX = name("stepIndex"), F_ROLE = name("role"),
            F_TOOL = name("tool"), F_RISK_LEVEL = name("riskLevel"), F_ACTION = name("action"),
            F_RESOURCE = name("resource"), F_EXTERNAL_ID = name("externalId"), F_SOURCE_RUN_ID = name("sourceRunId"),
            F_REASON = name("reason"), F_PAYLOAD_SUMMARY = name("payloadSummary"), F_STATUS = name("status"),
            F_DURATION_MS = name("durationMs"), F_OUTPUT_SUMMARY = name("outputSummary"), F_ERROR = name("error"),
            F_MESSAGE = name("message"), F_COUNT = name("count");
    private static final SerializableString SCHEMA_VALUE = name(SCHEMA);
    private static final SerializableString[] TYPES = new SerializableString[EventType.values().length];
    private static final SerializableString[] STATUSES = new SerializableString[Status.values().length];

    static {
        for (EventType type : EventType.values()) {
            TYPES[type.ordinal()] = name(type.wire());
        }
        for (Status status : Status.values()) {
            STATUSES[status.ordinal()] = name(status.wire());
        }
    }

    private final String agentKey;
    private final String agentName;
    private final String mode;
    private final Clock clock;
    private final IdFormat ids;
    private final Redactor redactor;
    private final int maxChars;
    private final SerializableString agentKeyValue;
    private final SerializableString agentNameValue;
    private final SerializableString modeValue;
    private final char[] buffer = new char[Math.max(IdFormat.LENGTH, Clock.TIMESTAMP_MAX)];

    EventJson(String agentKey, String agentName, String mode, Clock clock, IdFormat ids, Redactor redactor,
              int maxChars) {
        this.agentKey = agentKey;
        this.agentName = agentName;
        this.mode = mode;
        this.clock = clock;
        this.ids = ids;
        this.redactor = redactor;
        this.maxChars = maxChars;
        this.agentKeyValue = name(agentKey);
        this.agentNameValue = name(agentName);
        this.modeValue = name(mode);
    }

    private static SerializableString name(String text) {
        return new SerializedString(text);
    }

    public void write(JsonGenerator g, Event e, long sequence) throws IOException {
        long epochNanos = clock.epochNanos(e.nanos());
        g.writeStartObject();
        g.writeFieldName(F_SCHEMA);
        g.writeString(SCHEMA_VALUE);
        g.writeFieldName(F_EVENT_ID);
        ids.eventId(epochNanos / 1_000_000L, sequence, buffer);
        g.writeString(buffer, 0, IdFormat.LENGTH);
        g.writeFieldName(F_TYPE);
        g.writeString(TYPES[e.type().ordinal()]);
        g.writeFieldName(F_TIMESTAMP);
        g.writeString(buffer, 0, clock.timestamp(epochNanos, buffer));
        g.writeFieldName(F_SEQUENCE);
        g.writeNumber(sequence);
        g.writeFieldName(F_AGENT);
        g.writeStartObject();
        g.writeFieldName(F_KEY);
        g.writeString(agentKeyValue);
        g.writeFieldName(F_NAME);
        g.writeString(agentNameValue);
        g.writeEndObject();
        g.writeFieldName(F_MODE);
        g.writeString(modeValue);
        g.writeFieldName(F_SESSION_ID);
        id(g, e.sessionId());
        id(g, F_RUN_ID, e.runId());
        id(g, F_PARENT_RUN_ID, e.parentRunId());
        id(g, F_STEP_ID, e.stepId());
        id(g, F_TOOL_CALL_ID, e.toolCallId());
        id(g, F_HANDOFF_ID, e.handoffId());
        string(g, F_THREAD, e.thread());
        g.writeFieldName(F_ATTRIBUTES);
        g.writeStartObject();
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
                string(g, F_KIND, SessionSpec.kind(v));
                string(g, F_INPUT_SUMMARY, summary(SessionSpec.inputSummary(v)));
                pairs(g, F_METADATA, SessionSpec.metadata(v));
            }
            case RUN_STARTED -> {
                string(g, F_STEP_KEY, RunSpec.stepKey(v));
                string(g, F_STEP_NAME, RunSpec.stepName(v));
                number(g, F_STEP_INDEX, e.stepIndex());
                string(g, F_ROLE, RunSpec.role(v));
            }
            case STEP_STARTED -> {
                string(g, F_STEP_KEY, StepSpec.stepKey(v));
                string(g, F_STEP_NAME, StepSpec.stepName(v));
                number(g, F_STEP_INDEX, e.stepIndex());
            }
            case TOOL_STARTED -> {
                ToolSpec spec = (ToolSpec) e.spec();
                startObject(g, F_TOOL);
                string(g, F_NAME, ToolSpec.name(v));
                string(g, F_RISK_LEVEL, spec.riskLevel());
                g.writeEndObject();
                startObject(g, F_ACTION);
                string(g, F_TYPE, ToolSpec.actionType(v));
                string(g, F_NAME, ToolSpec.actionName(v));
                g.writeEndObject();
                if (ToolSpec.hasResource(v)) {
                    startObject(g, F_RESOURCE);
                    string(g, F_TYPE, ToolSpec.resourceType(v));
                    string(g, F_EXTERNAL_ID, ToolSpec.resourceExternalId(v));
                    g.writeEndObject();
                }
            }
            case HANDOFF_REQUESTED -> {
                id(g, F_SOURCE_RUN_ID, e.sourceRunId());
                string(g, F_REASON, HandoffSpec.reason(v));
                pairs(g, F_PAYLOAD_SUMMARY, HandoffSpec.payloadSummary(v));
            }
            case HANDOFF_COMPLETED -> id(g, F_SOURCE_RUN_ID, e.sourceRunId());
            case HANDOFF_FAILED -> {
                id(g, F_SOURCE_RUN_ID, e.sourceRunId());
                string(g, F_REASON, HandoffSpec.reason(v));
            }
            case SESSION_ENDED, RUN_ENDED, STEP_ENDED, TOOL_ENDED -> {
                g.writeFieldName(F_STATUS);
                g.writeString(STATUSES[e.status().ordinal()]);
                g.writeFieldName(F_DURATION_MS);
                g.writeNumber(e.durationNanos() / 1_000L / 1_000.0);
                if (e.output() != null && e.type() != EventType.STEP_ENDED) {
                    string(g, F_OUTPUT_SUMMARY, summary(e.output()));
                }
                if (e.error() != null) {
                    error(g, e.error());
                }
            }
            case AGENT_DROPPED -> number(g, F_COUNT, e.count());
        }
    }

    private void error(JsonGenerator g, Throwable error) throws IOException {
        startObject(g, F_ERROR);
        string(g, F_TYPE, error.getClass().getName());
        String message;
        try {
            message = error.getMessage();
        } catch (Throwable t) {
            message = null;
        }
        if (message != null) {
            string(g, F_MESSAGE, summary(message));
        }
        g.writeEndObject();
    }

    private void pairs(JsonGenerator g, SerializableString field, Map<String, String> pairs) throws IOException {
        startObject(g, field);
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

    private void id(JsonGenerator g, SerializableString field, long id) throws IOException {
        if (id != 0) {
            g.writeFieldName(field);
            id(g, id);
        }
    }

    private void id(JsonGenerator g, long id) throws IOException {
        ids.entityId(id, buffer);
        g.writeString(buffer, 0, IdFormat.LENGTH);
    }

    private static void string(JsonGenerator g, SerializableString field, String value) throws IOException {
        g.writeFieldName(field);
        g.writeString(value);
    }

    private static void number(JsonGenerator g, SerializableString field, long value) throws IOException {
        g.writeFieldName(field);
        g.writeNumber(value);
    }

    private static void startObject(JsonGenerator g, SerializableString field) throws IOException {
        g.writeFieldName(field);
        g.writeStartObject();
    }
}
