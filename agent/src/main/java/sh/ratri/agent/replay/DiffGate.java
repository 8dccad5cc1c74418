package sh.ratri.agent.replay;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code --fail-on new-tool,risk-up,missing-step} with {@code --diff}: fails the replay when a
 * matched session called a tool its baseline never called, called a tool at a higher risk, or
 * left out a step or run its baseline had. Sessions found on one side only never fail it: a new
 * test is not a regression, and a removed one is the test suite's business. The reason names the
 * first such change of the first such session, and how many there are in all.
 */
final class DiffGate {

    private DiffGate() {}

    static Optional<String> check(BehaviourDiff.Result diff, Set<String> failOn) {
        List<String> gates = BehaviourDiff.GATES.stream().filter(failOn::contains).toList();
        if (gates.isEmpty()) {
            return Optional.empty();
        }
        BehaviourDiff.Pair first = null;
        BehaviourDiff.Change cause = null;
        int count = 0;
        for (BehaviourDiff.Pair pair : diff.pairs()) {
            for (BehaviourDiff.Change change : pair.changes()) {
                if (change.gate() != null && gates.contains(change.gate())) {
                    count++;
                    if (cause == null) {
                        first = pair;
                        cause = change;
                    }
                }
            }
        }
        if (cause == null) {
            return Optional.empty();
        }
        String reason = switch (cause.gate()) {
            case BehaviourDiff.NEW_TOOL -> "calls a new tool " + cause.subject();
            case BehaviourDiff.RISK_UP -> "calls tool " + cause.subject() + " at risk " + cause.after()
                    + " (baseline " + cause.before() + ")";
            default -> "lacks " + cause.item().label() + " " + cause.subject() + " (baseline " + first.baseline().sessionId() + ")";
        };
        return Optional.of(("replay: --fail-on " + String.join(",", gates) + ": session " + first.current().sessionId()
                + " (" + first.current().title() + ") " + reason
                + (count == 1 ? "" : " (" + count + " changes in all)")).replaceAll("\\p{Cntrl}+", " "));
    }
}
