package sh.ratri.agent.schema;

import java.util.Optional;

/**
 * The {@code type} field of {@code ratri.event/v1}, and the top-level id without which an event of
 * that type cannot be placed. Sinks and replay switch over it exhaustively, so a new type is a
 * compile error wherever it must be handled.
 */
public enum EventType {
    SESSION_STARTED("session.started", null),
    SESSION_ENDED("session.ended", null),
    RUN_STARTED("run.started", Fields.RUN_ID),
    RUN_ENDED("run.ended", Fields.RUN_ID),
    STEP_STARTED("step.started", Fields.STEP_ID),
    STEP_ENDED("step.ended", Fields.STEP_ID),
    TOOL_STARTED("tool.started", Fields.TOOL_CALL_ID),
    TOOL_ENDED("tool.ended", Fields.TOOL_CALL_ID),
    HANDOFF_REQUESTED("handoff.requested", Fields.HANDOFF_ID),
    HANDOFF_COMPLETED("handoff.completed", Fields.HANDOFF_ID),
    HANDOFF_FAILED("handoff.failed", Fields.HANDOFF_ID),
    POLICY_DECISION("policy.decision", null),
    LLM_STARTED("llm.started", Fields.LLM_CALL_ID),
    LLM_ENDED("llm.ended", Fields.LLM_CALL_ID),
    AGENT_DROPPED("agent.dropped", null);

    private final String wire;
    private final String requiredId;

    EventType(String wire, String requiredId) {
        this.wire = wire;
        this.requiredId = requiredId;
    }

    public String wire() {
        return wire;
    }

    /** The top-level id field without which an event of this type cannot be placed, or null. */
    public String requiredId() {
        return requiredId;
    }

    public static Optional<EventType> fromWire(String wire) {
        for (EventType type : values()) {
            if (type.wire.equals(wire)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
