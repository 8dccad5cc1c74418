package sh.ratri.agent.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * One policy decision of a session with what it was about: the tool call it hangs under and the
 * run holding that call (either may be null when their events were lost or the tool ran outside
 * any run). The one walk that every view of decisions shares.
 */
record DecidedCall(Node.Policy decision, Node.Tool tool, Node.Run run) {

    /** Every decision of the session, in replay order. */
    static List<DecidedCall> of(SessionNode session) {
        List<DecidedCall> calls = new ArrayList<>();
        collect(session.children(), null, null, calls);
        return calls;
    }

    private static void collect(List<Node> nodes, Node.Run run, Node.Tool tool, List<DecidedCall> calls) {
        for (Node node : nodes) {
            if (node instanceof Node.Policy policy) {
                calls.add(new DecidedCall(policy, tool, run));
            }
            collect(node.children(), node instanceof Node.Run inner ? inner : run,
                    node instanceof Node.Tool inner ? inner : tool, calls);
        }
    }

    /** The tool's name as its call recorded it, else as the decision named it. */
    String toolName() {
        return tool != null && tool.name() != null ? tool.name() : decision.tool();
    }

    /** The run's step key, else its id; null outside any run. */
    String runLabel() {
        if (run == null) {
            return null;
        }
        return run.stepKey() != null ? run.stepKey() : run.runId();
    }
}
