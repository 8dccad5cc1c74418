package sh.ratri.agent.replay;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One entry under a session or run in the replay tree. {@code start} is when it was first seen;
 * {@code recorded == false} marks a node known only from later events (its start event was lost).
 *
 * <p>Views that treat each kind of entry differently implement {@link Visitor} rather than test
 * {@code instanceof} kind after kind: a kind added here is then a compile error in every view until
 * it says what to do with it, where an {@code instanceof} chain would silently skip it. (A
 * {@code switch} over the sealed type would say the same more briefly, but pattern matching in
 * {@code switch} is only a preview in Java 17; an enum of kinds would give an exhaustive switch
 * with a cast in every branch.)
 */
sealed interface Node {

    Instant start();

    <R> R accept(Visitor<R> visitor);

    /** One method per kind of entry. */
    interface Visitor<R> {
        R run(Run run);

        R step(Step step);

        R tool(Tool tool);

        R llm(Llm llm);

        R handoff(Handoff handoff);

        R handoffReceived(HandoffReceived received);

        R policy(Policy policy);

        R dropped(Dropped dropped);
    }

    /** What hangs under this entry in the tree: runs, steps and tools have a list; handoffs and marks none. */
    default List<Node> children() {
        return List.of();
    }

    /** Every entry of these subtrees, depth first in replay order (a parent before its children). */
    static Stream<Node> depthFirst(List<Node> nodes) {
        return nodes.stream().flatMap(node -> Stream.concat(Stream.of(node), depthFirst(node.children())));
    }

    record Run(
            String runId,
            String parentRunId,
            boolean recorded,
            String stepKey,
            String stepName,
            Integer stepIndex,
            String role,
            Instant start,
            Outcome outcome,
            List<Node> children) implements Node {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.run(this);
        }
    }

    record Step(
            String stepId,
            boolean recorded,
            String stepKey,
            String stepName,
            Integer stepIndex,
            Instant start,
            Outcome outcome,
            List<Node> children) implements Node {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.step(this);
        }
    }

    record Tool(
            String toolCallId,
            boolean recorded,
            String name,
            String riskLevel,
            String actionType,
            String actionName,
            String resourceType,
            String resourceId,
            Instant start,
            Outcome outcome,
            List<Node> children) implements Node {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.tool(this);
        }

        /** The policy decision taken at this call's entry (recorded just before its start), if any. */
        Optional<Policy> decision() {
            return children.stream().filter(Policy.class::isInstance).map(Policy.class::cast).findFirst();
        }

        /** What hangs under this call besides its decision, which the views show on the call itself. */
        List<Node> childrenBesideDecision() {
            Node decision = decision().orElse(null);
            return children.stream().filter(child -> child != decision).toList();
        }
    }

    /**
     * A model call: {@code model} is the reply's, else the request's; {@code usage} holds its tokens
     * and cost as recorded (null where its {@code llm.ended} said nothing, or is missing).
     */
    record Llm(
            String llmCallId,
            boolean recorded,
            String provider,
            String model,
            String inputSummary,
            Instant start,
            Outcome outcome,
            LlmUsage usage) implements Node {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.llm(this);
        }
    }

    enum HandoffState { PENDING, COMPLETED, FAILED }

    /** A handoff as its source run saw it: requested, then completed by a target run or failed. */
    record Handoff(
            String handoffId,
            String reason,
            Map<String, String> payloadSummary,
            String sourceRunId,
            String sourceStepKey,
            String targetRunId,
            String targetStepKey,
            HandoffState state,
            String failureReason,
            Instant start) implements Node {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.handoff(this);
        }
    }

    /** The target run's side of a completed handoff. */
    record HandoffReceived(
            String handoffId,
            String sourceRunId,
            String sourceStepKey,
            String reason,
            Instant start) implements Node {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.handoffReceived(this);
        }
    }

    /**
     * A {@code policy.decision}: {@code decision} is allow, flag, block or approved; {@code approvalId}
     * and {@code approver} are set when an approval matched.
     */
    record Policy(String decision, String rule, String tool, String reason, String approvalId, String approver,
                  Instant start) implements Node {
        static final String ALLOW = "allow";
        static final String FLAG = "flag";
        static final String BLOCK = "block";
        static final String APPROVED = "approved";
        /** The rule of a call that needed an approval and had none. */
        static final String APPROVAL_REQUIRED = "approval-required";

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.policy(this);
        }
    }

    record Dropped(long count, Instant start) implements Node {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.dropped(this);
        }
    }
}
