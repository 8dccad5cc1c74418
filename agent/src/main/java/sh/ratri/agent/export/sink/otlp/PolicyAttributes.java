package sh.ratri.agent.export.sink.otlp;

import sh.ratri.agent.json.JsonObject;

/**
 * How a {@code policy.decision} shows on its tool's {@code execute_tool} span: a span event named
 * {@code policy.decision} and the same facts as span attributes, so a backend can filter spans by them.
 *
 * <p>{@code agent.threat.detection.action} follows the draft GenAI proposal
 * (open-telemetry/semantic-conventions-genai#132: {@code allow | block | warn | ask}): flag is
 * {@code warn}, approved is {@code allow}. {@code gen_ai.agent.tool.disposition} follows the draft
 * "AI Agent Action Gate" conventions ({@code allow | simulate | deny}): what became of the call, so
 * flag and approved are {@code allow} (the body ran) and block is {@code deny}; it is a span
 * attribute only, as the draft defines it. What neither vocabulary can say is under {@code ratri.policy.*}.
 */
final class PolicyAttributes {

    static final String EVENT = "policy.decision";
    static final String ACTION = "agent.threat.detection.action";
    static final String DISPOSITION = "gen_ai.agent.tool.disposition";
    static final String DECISION = "ratri.policy.decision";
    static final String RULE = "ratri.policy.rule";
    static final String REASON = "ratri.policy.reason";
    static final String APPROVAL_ID = "ratri.policy.approval.id";
    static final String APPROVER = "ratri.policy.approval.approver";

    private PolicyAttributes() {}

    static void addTo(OpenSpan tool, JsonObject decision, long timeNanos) {
        String verdict = decision.text("decision");
        JsonObject approval = decision.object("approval");
        String[] facts = {
            ACTION, action(verdict),
            DECISION, verdict,
            RULE, decision.text("rule"),
            REASON, decision.text("reason"),
            APPROVAL_ID, approval.text("id"),
            APPROVER, approval.text("approver")};
        for (int i = 0; i < facts.length; i += 2) {
            tool.attribute(facts[i], facts[i + 1]);
        }
        tool.attribute(DISPOSITION, disposition(verdict));
        tool.event(EVENT, timeNanos, facts);
    }

    /** The draft disposition of a call the policy decided; null for a decision it has no word for. */
    static String disposition(String decision) {
        if (decision == null) {
            return null;
        }
        return switch (decision) {
            case "allow", "approved", "flag" -> "allow";
            case "block" -> "deny";
            default -> null;
        };
    }

    /** The draft convention's word for a decision; null for a decision it has no word for. */
    static String action(String decision) {
        if (decision == null) {
            return null;
        }
        return switch (decision) {
            case "allow", "approved" -> "allow";
            case "flag" -> "warn";
            case "block" -> "block";
            default -> null;
        };
    }
}
