package sh.ratri.agent.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The events of one session in timeline order, indexed by the replay entry they belong to, so a
 * view can show "the events behind this bar" without searching.
 */
final class SessionEvents {

    static final String SESSION_KEY = "session";

    private final List<RecordedEvent> events = new ArrayList<>();
    private final Map<String, List<Integer>> byEntry = new HashMap<>();

    /** @param timeline the deduplicated, time-ordered events of one session */
    static SessionEvents of(List<RecordedEvent> timeline) {
        SessionEvents events = new SessionEvents();
        timeline.forEach(events::add);
        return events;
    }

    static SessionEvents empty() {
        return new SessionEvents();
    }

    private void add(RecordedEvent event) {
        int index = events.size();
        events.add(event);
        for (String key : keysOf(event)) {
            byEntry.computeIfAbsent(key, k -> new ArrayList<>()).add(index);
        }
    }

    List<RecordedEvent> all() {
        return events;
    }

    int size() {
        return events.size();
    }

    /** Positions in {@link #all()} of the events behind a replay entry, or of the session's own events. */
    List<Integer> positionsOf(Node node) {
        return byEntry.getOrDefault(node.accept(KEY), List.of());
    }

    List<Integer> positionsOfSession() {
        return byEntry.getOrDefault(SESSION_KEY, List.of());
    }

    private static List<String> keysOf(RecordedEvent event) {
        if (event.kind().isEmpty()) {
            return List.of();
        }
        return switch (event.kind().get()) {
            case SESSION_STARTED, SESSION_ENDED -> List.of(SESSION_KEY);
            case RUN_STARTED, RUN_ENDED -> List.of("run:" + event.runId());
            case STEP_STARTED, STEP_ENDED -> List.of("step:" + event.stepId());
            case TOOL_STARTED, TOOL_ENDED -> List.of("tool:" + event.toolCallId());
            case HANDOFF_REQUESTED, HANDOFF_FAILED -> List.of("handoff:" + event.handoffId());
            case HANDOFF_COMPLETED -> List.of("handoff:" + event.handoffId(), "received:" + event.handoffId());
            // a decision about a tool call is shown with the call, and as its own mark
            case POLICY_DECISION -> event.toolCallId() == null
                    ? List.of("policy:" + event.timestamp())
                    : List.of("tool:" + event.toolCallId(), "policy:" + event.timestamp());
            case AGENT_DROPPED -> List.of("dropped:" + event.timestamp());
            case LLM_STARTED, LLM_ENDED -> List.of("llm:" + event.llmCallId());
        };
    }

    /** The key that {@link #keysOf} gives the events of each entry. */
    private static final Node.Visitor<String> KEY = new Node.Visitor<>() {
        @Override
        public String run(Node.Run run) {
            return "run:" + run.runId();
        }

        @Override
        public String step(Node.Step step) {
            return "step:" + step.stepId();
        }

        @Override
        public String tool(Node.Tool tool) {
            return "tool:" + tool.toolCallId();
        }

        @Override
        public String llm(Node.Llm llm) {
            return "llm:" + llm.llmCallId();
        }

        @Override
        public String handoff(Node.Handoff handoff) {
            return "handoff:" + handoff.handoffId();
        }

        @Override
        public String handoffReceived(Node.HandoffReceived received) {
            return "received:" + received.handoffId();
        }

        @Override
        public String policy(Node.Policy policy) {
            return "policy:" + policy.start();
        }

        @Override
        public String dropped(Node.Dropped dropped) {
            return "dropped:" + dropped.start();
        }
    };
}
