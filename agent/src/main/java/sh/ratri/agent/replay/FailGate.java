package sh.ratri.agent.replay;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code --fail-on failed,blocked}: turns a replay into a CI check. A session "holds" a status when
 * one of its runs, steps, tools or handoffs ended with it, or the session itself did; it holds
 * {@code flagged} when the policy flagged one of its calls, {@code blocked} also when the policy
 * blocked one, and {@code unapproved} when a call needed an approval it did not have (rule
 * {@code approval-required}, flagged or blocked). The reason names the session and the first such
 * item, the innermost one (the tool rather than the run it failed, the decision rather than the
 * tool it blocked), so the line points at the cause.
 */
final class FailGate {

    static final String FLAGGED = "flagged";
    static final String UNAPPROVED = "unapproved";
    /** What a gate may fail on: the statuses that mean something went wrong or never ended, and policy findings. */
    static final List<String> GATED = List.of(Outcome.FAILED_STATUS, Outcome.BLOCKED_STATUS, Outcome.UNFINISHED_STATUS,
            FLAGGED, UNAPPROVED);

    private FailGate() {}

    /**
     * The statuses above and, for {@code --diff}, {@link BehaviourDiff#GATES}.
     *
     * @throws IllegalArgumentException naming a status that cannot be gated on
     */
    static Set<String> parseStatuses(String commaList) {
        List<String> known = new ArrayList<>(GATED);
        known.addAll(BehaviourDiff.GATES);
        Set<String> statuses = new LinkedHashSet<>();
        for (String part : commaList.split(",", -1)) {
            String status = part.trim().toLowerCase(Locale.ROOT);
            if (!known.contains(status)) {
                throw new IllegalArgumentException("--fail-on " + (status.isEmpty() ? "needs statuses" : status
                        + " is not one of " + String.join(", ", known)));
            }
            statuses.add(status);
        }
        return Set.copyOf(statuses);
    }

    /** One line naming the first session that holds one of {@code statuses}, or empty when none does. */
    static Optional<String> check(List<SessionNode> sessions, Set<String> statuses) {
        return sessions.stream().map(session -> check(session, statuses)).flatMap(Optional::stream).findFirst();
    }

    /** One line naming this session and its first item that holds one of {@code statuses}, or empty. */
    static Optional<String> check(SessionNode session, Set<String> statuses) {
        if (statuses.isEmpty()) {
            return Optional.empty();
        }
        List<Node> offending = Node.depthFirst(session.children())
                .filter(node -> gate(node, statuses) != null)
                .toList();
        String gates = "--fail-on " + String.join(",", GATED.stream().filter(statuses::contains).toList());
        if (!offending.isEmpty()) {
            Set<Node> offendingSet = Collections.newSetFromMap(new IdentityHashMap<>());
            offendingSet.addAll(offending);
            Node cause = offending.stream()
                    .filter(node -> Node.depthFirst(node.children()).noneMatch(offendingSet::contains))
                    .findFirst()
                    .orElse(offending.get(0));
            String more = offending.size() == 1 ? "" : " (" + offending.size() + " items in all)";
            return Optional.of("replay: " + gates + ": session " + session.sessionId() + " has "
                    + gate(cause, statuses) + " " + describe(cause) + more);
        }
        if (statuses.contains(session.outcome().status())) {
            return Optional.of("replay: " + gates + ": session " + session.sessionId() + " "
                    + session.outcome().status() + errorOf(session.outcome()));
        }
        return Optional.empty();
    }

    /** Which of {@code statuses} the entry holds, or null. */
    private static String gate(Node node, Set<String> statuses) {
        if (node instanceof Node.Policy policy) {
            if (statuses.contains(UNAPPROVED) && Node.Policy.APPROVAL_REQUIRED.equals(policy.rule())) {
                return UNAPPROVED;
            } else if (statuses.contains(FLAGGED) && Node.Policy.FLAG.equals(policy.decision())) {
                return FLAGGED;
            } else if (statuses.contains(Outcome.BLOCKED_STATUS) && Node.Policy.BLOCK.equals(policy.decision())) {
                return Outcome.BLOCKED_STATUS;
            }
            return null;
        }
        String status = status(node);
        return status != null && statuses.contains(status) ? status : null;
    }

    /** The status of a run, step, tool or handoff; null for entries that have none. */
    static String status(Node node) {
        return node.accept(STATUS);
    }

    /** Model calls, the target side of a handoff and drop marks have no status a gate reads. */
    private static final Node.Visitor<String> STATUS = new Node.Visitor<>() {
        @Override
        public String run(Node.Run run) {
            return statusOf(run.outcome());
        }

        @Override
        public String step(Node.Step step) {
            return statusOf(step.outcome());
        }

        @Override
        public String tool(Node.Tool tool) {
            return statusOf(tool.outcome());
        }

        @Override
        public String llm(Node.Llm llm) {
            return null;
        }

        @Override
        public String handoff(Node.Handoff handoff) {
            return switch (handoff.state()) {
                case COMPLETED -> "completed";
                case FAILED -> Outcome.FAILED_STATUS;
                case PENDING -> Outcome.UNFINISHED_STATUS;
            };
        }

        @Override
        public String handoffReceived(Node.HandoffReceived received) {
            return null;
        }

        /** Gated by its decision instead: see {@link #gate}. */
        @Override
        public String policy(Node.Policy policy) {
            return null;
        }

        @Override
        public String dropped(Node.Dropped dropped) {
            return null;
        }
    };

    private static String statusOf(Outcome outcome) {
        // an error counts as failed even where the status said otherwise
        return outcome.error() != null && !Outcome.BLOCKED_STATUS.equals(outcome.status())
                ? Outcome.FAILED_STATUS : outcome.status();
    }

    private static String describe(Node node) {
        return node.accept(DESCRIPTION);
    }

    /** The gated entry as the reason names it; the kinds that have no status, never gated, by kind alone. */
    private static final Node.Visitor<String> DESCRIPTION = new Node.Visitor<>() {
        @Override
        public String run(Node.Run run) {
            return "run " + (run.stepKey() == null ? run.runId() : run.stepKey()) + errorOf(run.outcome());
        }

        @Override
        public String step(Node.Step step) {
            return "step " + (step.stepKey() == null ? step.stepId() : step.stepKey()) + errorOf(step.outcome());
        }

        @Override
        public String tool(Node.Tool tool) {
            return "tool " + (tool.name() == null ? tool.toolCallId() : tool.name()) + errorOf(tool.outcome());
        }

        @Override
        public String llm(Node.Llm llm) {
            return "Llm";
        }

        @Override
        public String handoff(Node.Handoff handoff) {
            return "handoff \"" + oneLine(handoff.reason() == null ? handoff.handoffId() : handoff.reason()) + "\""
                    + (handoff.failureReason() == null ? "" : " (" + oneLine(handoff.failureReason()) + ")");
        }

        @Override
        public String handoffReceived(Node.HandoffReceived received) {
            return "HandoffReceived";
        }

        @Override
        public String policy(Node.Policy policy) {
            return "tool " + (policy.tool() == null ? "?" : oneLine(policy.tool())) + " (policy=" + policy.decision()
                    + (policy.rule() == null ? "" : " " + oneLine(policy.rule()))
                    + (policy.reason() == null ? "" : ": " + oneLine(policy.reason())) + ")";
        }

        @Override
        public String dropped(Node.Dropped dropped) {
            return "Dropped";
        }
    };

    private static String errorOf(Outcome outcome) {
        Outcome.Error error = outcome.error();
        if (error == null) {
            return "";
        }
        return " (" + oneLine((error.type() == null ? "error" : error.type())
                + (error.message() == null ? "" : ": " + error.message())) + ")";
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\p{Cntrl}+", " ");
    }
}
