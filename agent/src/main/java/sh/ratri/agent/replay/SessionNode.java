package sh.ratri.agent.replay;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The root of one replay tree. {@code children} holds top-level runs in replay order, plus the
 * few entries that belong to no run (policy decisions or drop counts outside any run, say).
 */
record SessionNode(
        String sessionId,
        boolean recorded,
        String kind,
        String inputSummary,
        Map<String, String> metadata,
        String agentKey,
        String agentName,
        Instant start,
        Outcome outcome,
        List<Node> children) {

    List<Node.Run> runs() {
        return children.stream().filter(Node.Run.class::isInstance).map(Node.Run.class::cast).toList();
    }
}
