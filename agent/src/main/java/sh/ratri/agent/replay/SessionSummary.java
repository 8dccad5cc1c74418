package sh.ratri.agent.replay;

import java.time.Instant;
import java.util.List;

/**
 * The numbers a one-line or one-header view of a session needs: what it was, how it ended, and
 * how many runs, steps, tools and handoffs it held. {@code errors} counts runs, steps and tools
 * that failed (or ended with an error, unless blocked) and handoffs that no run accepted;
 * {@code policy} counts the policy decisions on its tool calls; {@code llm} totals its model calls.
 */
record SessionSummary(
        String sessionId,
        String agentKey,
        String kind,
        Instant start,
        String status,
        Double durationMs,
        int runs,
        int steps,
        int tools,
        int handoffs,
        int errors,
        int events,
        DecisionCounts policy,
        LlmUsage llm) {

    static SessionSummary of(SessionNode session, int events) {
        List<Node> all = Node.depthFirst(session.children()).toList();
        int runs = 0;
        int steps = 0;
        int tools = 0;
        int handoffs = 0;
        int errors = 0;
        for (Node node : all) {
            if (node instanceof Node.Run run) {
                runs++;
                errors += run.outcome().failed() ? 1 : 0;
            } else if (node instanceof Node.Step step) {
                steps++;
                errors += step.outcome().failed() ? 1 : 0;
            } else if (node instanceof Node.Tool tool) {
                tools++;
                errors += tool.outcome().failed() ? 1 : 0;
            } else if (node instanceof Node.Handoff handoff) {
                handoffs++;
                errors += handoff.state() == Node.HandoffState.FAILED ? 1 : 0;
            }
        }
        String kind = session.recorded() ? (session.kind() == null ? "session" : session.kind()) : null;
        return new SessionSummary(session.sessionId(), session.agentKey(), kind, session.start(),
                session.outcome().status(), session.outcome().durationMs(), runs, steps, tools, handoffs, errors, events,
                DecisionCounts.of(DecidedCall.of(session)), LlmUsage.total(session.children()));
    }
}
