package sh.ratri.agent.replay;

import java.time.Instant;

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
        Count count = new Count();
        Node.depthFirst(session.children()).forEach(node -> node.accept(count));
        String kind = session.recorded() ? (session.kind() == null ? "session" : session.kind()) : null;
        return new SessionSummary(session.sessionId(), session.agentKey(), kind, session.start(),
                session.outcome().status(), session.outcome().durationMs(), count.runs, count.steps, count.tools,
                count.handoffs, count.errors, events,
                DecisionCounts.of(DecidedCall.of(session)), LlmUsage.total(session.children()));
    }

    /** Tallies the entries it visits; returns nothing. Model calls, decisions and marks are counted elsewhere. */
    private static final class Count implements Node.Visitor<Void> {
        int runs;
        int steps;
        int tools;
        int handoffs;
        int errors;

        @Override
        public Void run(Node.Run run) {
            runs++;
            errors += run.outcome().failed() ? 1 : 0;
            return null;
        }

        @Override
        public Void step(Node.Step step) {
            steps++;
            errors += step.outcome().failed() ? 1 : 0;
            return null;
        }

        @Override
        public Void tool(Node.Tool tool) {
            tools++;
            errors += tool.outcome().failed() ? 1 : 0;
            return null;
        }

        @Override
        public Void llm(Node.Llm llm) {
            return null;
        }

        @Override
        public Void handoff(Node.Handoff handoff) {
            handoffs++;
            errors += handoff.state() == Node.HandoffState.FAILED ? 1 : 0;
            return null;
        }

        @Override
        public Void handoffReceived(Node.HandoffReceived received) {
            return null;
        }

        @Override
        public Void policy(Node.Policy policy) {
            return null;
        }

        @Override
        public Void dropped(Node.Dropped dropped) {
            return null;
        }
    }
}
