package sh.ratri.agent.policy;

/**
 * What decided a tool call, in the order DESIGN §6 checks them: the first declaration that fails
 * names the decision, else {@link #APPROVED} or {@link #ALLOWED}.
 */
public enum Rule {
    UNDECLARED_AGENT("undeclared-agent"),
    UNDECLARED_RUN("undeclared-run"),
    TOOL_NOT_DECLARED("tool-not-declared"),
    ACTION_NOT_DECLARED("action-not-declared"),
    RESOURCE_NOT_DECLARED("resource-not-declared"),
    RISK_ABOVE_MAX("risk-above-max"),
    APPROVAL_REQUIRED("approval-required"),
    APPROVED("approved"),
    ALLOWED("allowed"),
    CAPABILITIES_UNAVAILABLE("capabilities-unavailable");

    private final String wire;

    Rule(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
