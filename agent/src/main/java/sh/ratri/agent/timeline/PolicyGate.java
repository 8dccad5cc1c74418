package sh.ratri.agent.timeline;

import sh.ratri.ToolBlockedException;
import sh.ratri.agent.bootstrap.Blocked;
import sh.ratri.agent.policy.Decision;
import sh.ratri.agent.policy.Policy;

/** Where the timeline asks the {@link Policy} about a tool call, with what the frames know of its run. */
final class PolicyGate {

    private final Policy policy;

    PolicyGate(Policy policy) {
        this.policy = policy;
    }

    /** The decision about the tool {@code frame} opened, or null when the policy decides nothing. */
    Decision decide(Frame frame, ToolSpec tool, String[] values) {
        return policy.decide(tool.decisions, !tool.needsArguments(), runStepKey(frame), tool.name(values),
                tool.riskLevel(), tool.actionType(values), tool.resourceType(values), tool.resourceExternalId(values));
    }

    /** Whether any tool call is decided now: else the call's values need not be spelled for it. */
    boolean inForce() {
        return policy.inForce();
    }

    boolean declare(String json) {
        return policy.declare(json);
    }

    /** The scope a blocked call returns to its advice: the body is skipped and this exception thrown. */
    static Blocked blocked(Frame frame, Decision decision) {
        return new Blocked(frame, new ToolBlockedException(decision.tool(), decision.rule().wire(),
                decision.reason()));
    }

    /** The {@code stepKey} of the innermost run open around {@code frame}; null outside any run. */
    private static String runStepKey(Frame frame) {
        for (Frame f = frame; f != null; f = f.previous) {
            if (f.opened(Frame.OPENED_RUN)) {
                return f.runStepKey();
            }
        }
        return null;
    }
}
