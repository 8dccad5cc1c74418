package sh.ratri.agent.schema;

/**
 * The field names of {@code ratri.event/v1} ({@code schema/ratri-event-v1.schema.json}), top-level
 * and inside {@code attributes}, written by {@code EventJson} and read by the sinks that work on the
 * JSON tree and by replay. {@code SchemaTest} holds each name against the schema file.
 */
public final class Fields {

    /** The value of the {@code schema} field. */
    public static final String SCHEMA_VERSION = "ratri.event/v1";

    public static final String EVENT_ID = "eventId";
    public static final String SCHEMA = "schema";
    public static final String TYPE = "type";
    public static final String TIMESTAMP = "timestamp";
    public static final String SEQUENCE = "sequence";
    public static final String AGENT = "agent";
    public static final String KEY = "key";
    public static final String NAME = "name";
    public static final String MODE = "mode";
    public static final String SESSION_ID = "sessionId";
    public static final String RUN_ID = "runId";
    public static final String PARENT_RUN_ID = "parentRunId";
    public static final String STEP_ID = "stepId";
    public static final String TOOL_CALL_ID = "toolCallId";
    public static final String HANDOFF_ID = "handoffId";
    public static final String THREAD = "thread";
    public static final String ATTRIBUTES = "attributes";
    public static final String KIND = "kind";
    public static final String INPUT_SUMMARY = "inputSummary";
    public static final String METADATA = "metadata";
    public static final String STEP_KEY = "stepKey";
    public static final String STEP_NAME = "stepName";
    public static final String STEP_INDEX = "stepIndex";
    public static final String ROLE = "role";
    public static final String TOOL = "tool";
    public static final String RISK_LEVEL = "riskLevel";
    public static final String ACTION = "action";
    public static final String RESOURCE = "resource";
    public static final String EXTERNAL_ID = "externalId";
    public static final String SOURCE_RUN_ID = "sourceRunId";
    public static final String REASON = "reason";
    public static final String PAYLOAD_SUMMARY = "payloadSummary";
    public static final String STATUS = "status";
    public static final String DURATION_MS = "durationMs";
    public static final String OUTPUT_SUMMARY = "outputSummary";
    public static final String ERROR = "error";
    public static final String MESSAGE = "message";
    public static final String COUNT = "count";
    public static final String DECISION = "decision";
    public static final String RULE = "rule";
    public static final String APPROVAL = "approval";
    public static final String ID = "id";
    public static final String APPROVER = "approver";
    public static final String LLM_CALL_ID = "llmCallId";
    public static final String PROVIDER = "provider";
    public static final String MODEL = "model";
    public static final String OPERATION = "operation";
    public static final String INPUT_TOKENS = "inputTokens";
    public static final String OUTPUT_TOKENS = "outputTokens";
    public static final String CACHED_INPUT_TOKENS = "cachedInputTokens";
    public static final String REASONING_TOKENS = "reasoningTokens";
    public static final String FINISH_REASON = "finishReason";
    public static final String COST_USD = "costUsd";

    private Fields() {
    }
}
