package sh.ratri.agent.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Which sessions a replay shows: {@code --session} (an exact id, else an id prefix), {@code --agent}
 * (agent key or name) and {@code --status} (how the session ended), all of those given.
 */
record SessionFilter(String sessionId, String agent, String status) {

    static SessionFilter of(ReplayOptions options) {
        return new SessionFilter(options.sessionId(), options.agent(), options.status());
    }

    /** Whether {@code --agent} or {@code --status} was given: they need the session read whole to decide. */
    boolean needsSessions() {
        return agent != null || status != null;
    }

    /** {@code --session} as a prefix: the sessions that may be shown, known from the index alone. */
    boolean mayMatch(String id) {
        return sessionId == null || id.startsWith(sessionId);
    }

    boolean matches(SessionNode session) {
        return (agent == null || agent.equals(session.agentKey()) || agent.equals(session.agentName()))
                && (status == null || status.equals(session.outcome().status()));
    }

    /** Of ids that {@link #mayMatch}: the exact {@code --session} id when it is among them, else all of them. */
    <T> List<T> narrow(List<T> candidates, Function<T, String> id) {
        if (sessionId == null) {
            return candidates;
        }
        // An exact id wins; otherwise a prefix, so the id need not be pasted whole.
        List<T> exact = candidates.stream().filter(candidate -> id.apply(candidate).equals(sessionId)).toList();
        return exact.isEmpty() ? candidates : exact;
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
