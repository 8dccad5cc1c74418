package sh.ratri.agent.replay;

import java.util.List;

/** How many calls of a session were allowed, flagged, blocked and approved by the policy. */
record DecisionCounts(int allowed, int flagged, int blocked, int approved) {

    static DecisionCounts of(List<DecidedCall> calls) {
        int allowed = 0;
        int flagged = 0;
        int blocked = 0;
        int approved = 0;
        for (DecidedCall call : calls) {
            String decision = call.decision().decision();
            if (Node.Policy.ALLOW.equals(decision)) {
                allowed++;
            } else if (Node.Policy.FLAG.equals(decision)) {
                flagged++;
            } else if (Node.Policy.BLOCK.equals(decision)) {
                blocked++;
            } else if (Node.Policy.APPROVED.equals(decision)) {
                approved++;
            }
        }
        return new DecisionCounts(allowed, flagged, blocked, approved);
    }

    int total() {
        return allowed + flagged + blocked + approved;
    }
}
