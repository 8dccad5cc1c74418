package sh.ratri.agent.replay;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One entry under a session or run in the replay tree. {@code start} is when it was first seen;
 * {@code recorded == false} marks a node known only from later events (its start event was lost).
 */
sealed interface Node {

    Instant start();

    /** What hangs under this entry in the tree; empty for handoffs and marks. */
    List<Node> children();

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
            List<Node> children) implements Node {}

    record Step(
            String stepId,
            boolean recorded,
            String stepKey,
            String stepName,
            Integer stepIndex,
            Instant start,
            Outcome outcome,
            List<Node> children) implements Node {}

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
            List<Node> children) implements Node {}

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
        public List<Node> children() {
            return List.of();
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
        public List<Node> children() {
            return List.of();
        }
    }

    record Policy(String decision, String rule, String tool, Instant start) implements Node {
        @Override
        public List<Node> children() {
            return List.of();
        }
    }

    record Dropped(long count, Instant start) implements Node {
        @Override
        public List<Node> children() {
            return List.of();
        }
    }
}
