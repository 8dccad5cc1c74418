package sh.ratri.agent.policy;

/**
 * What the policy decided about one tool call: the {@code policy.decision} event's attributes.
 *
 * @param approval the approval that let the call run, when {@code verdict} is {@link Verdict#APPROVED}; else null
 */
public record Decision(Verdict verdict, Rule rule, String tool, String reason, Approval approval) {

    public boolean blocks() {
        return verdict == Verdict.BLOCK;
    }
}
