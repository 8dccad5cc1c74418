package sh.ratri.agent.timeline;

/** The {@code type} field of {@code ratri.event/v1}. */
public enum EventType {
    SESSION_STARTED("session.started"),
    SESSION_ENDED("session.ended"),
    RUN_STARTED("run.started"),
    RUN_ENDED("run.ended"),
    STEP_STARTED("step.started"),
    STEP_ENDED("step.ended"),
    TOOL_STARTED("tool.started"),
    TOOL_ENDED("tool.ended"),
    HANDOFF_REQUESTED("handoff.requested"),
    HANDOFF_COMPLETED("handoff.completed"),
    HANDOFF_FAILED("handoff.failed"),
    POLICY_DECISION("policy.decision"),
    LLM_STARTED("llm.started"),
    LLM_ENDED("llm.ended"),
    AGENT_DROPPED("agent.dropped");

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
