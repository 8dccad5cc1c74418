package sh.ratri.agent.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * Which sessions a replay shows: {@code --session} (an exact id, else an id prefix), {@code --agent}
 * (agent key or name) and {@code --status} (how the session ended), all of those given.
 */
record SessionFilter(String sessionId, String agent, String status) {

    static SessionFilter of(ReplayOptions options) {
        return new SessionFilter(options.sessionId(), options.agent(), options.status());
    }

    List<SessionNode> apply(List<SessionNode> sessions) {
        List<SessionNode> kept = sessions.stream()
                .filter(s -> agent == null || agent.equals(s.agentKey()) || agent.equals(s.agentName()))
                .filter(s -> status == null || status.equals(s.outcome().status()))
                .toList();
        if (sessionId == null) {
            return kept;
        }
        // An exact id wins; otherwise a prefix, so the id need not be pasted whole.
        List<SessionNode> exact = kept.stream().filter(s -> s.sessionId().equals(sessionId)).toList();
        return exact.isEmpty() ? kept.stream().filter(s -> s.sessionId().startsWith(sessionId)).toList() : exact;
    }

    /** The options as given, e.g. {@code --agent ops --status failed}, for messages. */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (sessionId != null) {
            parts.add("--session " + sessionId);
        }
        if (agent != null) {
            parts.add("--agent " + agent);
        }
        if (status != null) {
            parts.add("--status " + status);
        }
        return String.join(" ", parts);
    }
}
