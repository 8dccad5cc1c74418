package sh.ratri.agent.replay;

import java.util.Optional;

/** The event types replay understands, by their wire name, and the id each one must carry. */
enum EventType {
    SESSION_STARTED("session.started", null),
    SESSION_ENDED("session.ended", null),
    RUN_STARTED("run.started", "runId"),
    RUN_ENDED("run.ended", "runId"),
    STEP_STARTED("step.started", "stepId"),
    STEP_ENDED("step.ended", "stepId"),
    TOOL_STARTED("tool.started", "toolCallId"),
    TOOL_ENDED("tool.ended", "toolCallId"),
    HANDOFF_REQUESTED("handoff.requested", "handoffId"),
    HANDOFF_COMPLETED("handoff.completed", "handoffId"),
    HANDOFF_FAILED("handoff.failed", "handoffId"),
    POLICY_DECISION("policy.decision", null),
    AGENT_DROPPED("agent.dropped", null),
    LLM_STARTED("llm.started", "llmCallId"),
    LLM_ENDED("llm.ended", "llmCallId");

    private final String wireName;
    private final String requiredId;

    EventType(String wireName, String requiredId) {
        this.wireName = wireName;
        this.requiredId = requiredId;
    }

    String wireName() {
        return wireName;
    }

    /** The top-level id field without which an event of this type cannot be placed, or null. */
    String requiredId() {
        return requiredId;
    }

    static Optional<EventType> fromWire(String wireName) {
        for (EventType type : values()) {
            if (type.wireName.equals(wireName)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
