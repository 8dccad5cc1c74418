package sh.ratri.junit;

import java.util.List;

/** The policy's decisions about tool calls ({@code policy.decision}), when capabilities are configured. */
public final class PolicyDecisions extends Recorded<PolicyDecisions.Decision, PolicyDecisions> {

    PolicyDecisions(String what, List<Decision> items, List<Decision> recorded) {
        super(what, items, recorded);
    }

    @Override
    PolicyDecisions narrowed(String what, List<Decision> narrowed, List<Decision> recorded) {
        return new PolicyDecisions(what, narrowed, recorded);
    }

    /** {@code allow}, {@code flag}, {@code block} or {@code approved}. */
    public PolicyDecisions withDecision(String decision) {
        return where("decided " + decision, d -> decision.equals(d.decision()));
    }

    public PolicyDecisions withRule(String rule) {
        return where("by rule " + rule, d -> rule.equals(d.rule()));
    }

    /** Decisions about tools whose name matches {@code glob} ({@code *}: any characters). */
    public PolicyDecisions forTool(String glob) {
        return where("about " + glob, d -> Glob.matches(glob, d.tool()));
    }

    /** One {@code policy.decision} event. */
    public static final class Decision {
        private final RecordedEvent event;

        Decision(RecordedEvent event) {
            this.event = event;
        }

        public String decision() {
            return event.attributeText("decision");
        }

        public String rule() {
            return event.attributeText("rule");
        }

        public String tool() {
            return event.attributeText("tool");
        }

        public String reason() {
            return event.attributeText("reason");
        }

        /** Who approved the call, when it was {@code approved}; else null. */
        public String approver() {
            return event.attributeText("approval.approver");
        }

        public String toolCallId() {
            return event.toolCallId();
        }

        @Override
        public String toString() {
            return decision() + " " + tool() + " (" + rule() + ")";
        }
    }
}
