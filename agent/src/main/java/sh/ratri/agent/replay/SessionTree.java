package sh.ratri.agent.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import sh.ratri.agent.json.JsonObject;

/**
 * Builds one {@link SessionNode} tree per session from a deduplicated, time-ordered event list.
 *
 * <p>Events are matched by id, never by position, so a lost or late {@code *.started} still
 * leaves a node (marked not recorded) and a missing {@code *.ended} leaves it unfinished.
 * Siblings are ordered by {@code stepIndex}, then by start; an entry without a step index
 * (tool, handoff, ...) stays right after the indexed sibling that started before it.
 */
final class SessionTree {

    private final String sessionId;
    private RecordedEvent sessionStarted;
    private Outcome sessionOutcome = Outcome.UNFINISHED;
    private Instant firstSeen;
    private String agentKey;
    private String agentName;
    private final Map<String, RunDraft> runs = new LinkedHashMap<>();
    private final Map<String, StepDraft> steps = new LinkedHashMap<>();
    private final Map<String, ToolDraft> tools = new LinkedHashMap<>();
    private final Map<String, HandoffDraft> handoffs = new LinkedHashMap<>();
    private final Map<String, LlmDraft> llmCalls = new LinkedHashMap<>();
    private final List<Draft> marks = new ArrayList<>();

    private SessionTree(String sessionId) {
        this.sessionId = sessionId;
    }

    /** @param timeline events with unique ids, in timestamp-then-sequence order */
    static List<SessionNode> build(List<RecordedEvent> timeline) {
        Map<String, SessionTree> sessions = new LinkedHashMap<>();
        for (int position = 0; position < timeline.size(); position++) {
            RecordedEvent event = timeline.get(position);
            sessions.computeIfAbsent(event.sessionId(), SessionTree::new).add(event, position);
        }
        return sessions.values().stream()
                .map(SessionTree::toSession)
                .sorted(Comparator.comparing(SessionNode::start).thenComparing(SessionNode::sessionId))
                .toList();
    }

    private void add(RecordedEvent event, int position) {
        if (firstSeen == null) {
            firstSeen = event.timestamp();
            agentKey = event.agentKey();
            agentName = event.agentName();
        }
        if (event.kind().isEmpty()) {
            return;
        }
        if (event.runId() != null) {
            run(event.runId()).seen(event, position);
        }
        switch (event.kind().get()) {
            case SESSION_STARTED -> sessionStarted = event;
            case SESSION_ENDED -> sessionOutcome = Outcome.fromEnded(event);
            case RUN_STARTED -> run(event.runId()).started(event, position);
            case RUN_ENDED -> run(event.runId()).outcome = Outcome.fromEnded(event);
            case STEP_STARTED -> step(event, position).started(event, position);
            case STEP_ENDED -> step(event, position).outcome = Outcome.fromEnded(event);
            case TOOL_STARTED -> tool(event, position).started(event, position);
            case TOOL_ENDED -> tool(event, position).outcome = Outcome.fromEnded(event);
            case HANDOFF_REQUESTED -> handoff(event, position).requested(event, position);
            case HANDOFF_COMPLETED -> {
                handoff(event, position).completed(event);
                marks.add(new HandoffReceivedDraft(event, position));
            }
            case HANDOFF_FAILED -> handoff(event, position).failed(event);
            case POLICY_DECISION -> {
                if (event.toolCallId() != null) {
                    tool(event, position); // the decision comes just before tool.started: it opens the call's entry
                }
                marks.add(new PolicyDraft(event, position));
            }
            case AGENT_DROPPED -> marks.add(new DroppedDraft(event, position));
            case LLM_STARTED -> llm(event, position).started(event, position);
            case LLM_ENDED -> llm(event, position).ended(event);
        }
    }

    private RunDraft run(String runId) {
        return runs.computeIfAbsent(runId, RunDraft::new);
    }

    private StepDraft step(RecordedEvent event, int position) {
        return seen(steps, event.stepId(), StepDraft::new, event, position);
    }

    private ToolDraft tool(RecordedEvent event, int position) {
        return seen(tools, event.toolCallId(), ToolDraft::new, event, position);
    }

    private LlmDraft llm(RecordedEvent event, int position) {
        return seen(llmCalls, event.llmCallId(), LlmDraft::new, event, position);
    }

    private HandoffDraft handoff(RecordedEvent event, int position) {
        return seen(handoffs, event.handoffId(), HandoffDraft::new, event, position);
    }

    /** The draft of this id, made at its first event, having seen {@code event}. */
    private static <D extends Draft> D seen(Map<String, D> drafts, String id, Function<String, D> draft,
                                            RecordedEvent event, int position) {
        D seen = drafts.computeIfAbsent(id, draft);
        seen.seen(event, position);
        return seen;
    }

    private SessionNode toSession() {
        List<Draft> top = new ArrayList<>();
        detachRunCycles();
        for (RunDraft run : runs.values()) {
            RunDraft parent = run.detached || run.parentRunId == null ? null : runs.get(run.parentRunId);
            (parent == null || parent == run ? top : parent.children).add(run);
        }
        steps.values().forEach(step -> childrenOf(step.runId, null, null, top).add(step));
        tools.values().forEach(tool -> childrenOf(tool.runId, tool.stepId, null, top).add(tool));
        handoffs.values().forEach(handoff -> childrenOf(handoff.sourceRunId, null, null, top).add(handoff));
        llmCalls.values().forEach(llm -> childrenOf(llm.runId, llm.stepId, null, top).add(llm));
        marks.forEach(mark -> childrenOf(mark.runId, mark.stepId, mark.toolCallId, top).add(mark));

        boolean recorded = sessionStarted != null;
        String key = recorded && sessionStarted.agentKey() != null ? sessionStarted.agentKey() : agentKey;
        String name = recorded && sessionStarted.agentName() != null ? sessionStarted.agentName() : agentName;
        return new SessionNode(
                sessionId,
                recorded,
                recorded ? sessionStarted.attribute("kind") : null,
                recorded ? sessionStarted.attribute("inputSummary") : null,
                recorded ? textMap(sessionStarted.attributes().object("metadata")) : Map.of(),
                key,
                name,
                recorded ? sessionStarted.timestamp() : firstSeen,
                sessionOutcome,
                toNodes(top));
    }

    private List<Draft> childrenOf(String runId, String stepId, String toolCallId, List<Draft> top) {
        if (toolCallId != null && tools.containsKey(toolCallId)) {
            return tools.get(toolCallId).children;
        }
        if (stepId != null && steps.containsKey(stepId)) {
            return steps.get(stepId).children;
        }
        if (runId != null && runs.containsKey(runId)) {
            return runs.get(runId).children;
        }
        return top;
    }

    /** Corrupt files could make runs each other's parent; cut each such loop once so the tree stays finite. */
    private void detachRunCycles() {
        for (RunDraft run : runs.values()) {
            Set<RunDraft> path = new HashSet<>();
            RunDraft current = run;
            while (current != null && path.add(current)) {
                RunDraft parent = current.detached || current.parentRunId == null ? null : runs.get(current.parentRunId);
                if (parent != null && path.contains(parent)) {
                    parent.detached = true;
                    parent = null;
                }
                current = parent;
            }
        }
    }

    private static List<Node> toNodes(List<Draft> drafts) {
        return inReplayOrder(drafts).stream().map(draft -> draft.toNode(toNodes(draft.children))).toList();
    }

    private static List<Draft> inReplayOrder(List<Draft> drafts) {
        List<Draft> ordered = new ArrayList<>(drafts);
        ordered.sort(Comparator.comparingInt(draft -> draft.position));
        Map<Draft, Long> indexKey = new IdentityHashMap<>();
        long latestIndex = Long.MIN_VALUE;
        for (Draft draft : ordered) {
            if (draft.stepIndex() != null) {
                latestIndex = draft.stepIndex();
            }
            indexKey.put(draft, latestIndex);
        }
        ordered.sort(Comparator.<Draft>comparingLong(indexKey::get).thenComparingInt(draft -> draft.position));
        return ordered;
    }

    private static Map<String, String> textMap(JsonObject object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.forEach((name, value) -> map.put(name, JsonObject.textOf(value)));
        return Collections.unmodifiableMap(map);
    }

    private String stepKeyOf(String runId) {
        RunDraft run = runId == null ? null : runs.get(runId);
        return run == null ? null : run.stepKey;
    }

    /** A node under construction: the first event seen fixes its start and place in time. */
    private abstract class Draft {
        Instant start;
        int position = -1;
        String runId;
        String stepId;
        String toolCallId;
        final List<Draft> children = new ArrayList<>();

        void seen(RecordedEvent event, int at) {
            if (position < 0) {
                start = event.timestamp();
                position = at;
            }
            if (runId == null) {
                runId = event.runId();
            }
        }

        void startedBy(RecordedEvent event, int at) {
            start = event.timestamp();
            position = at;
        }

        Integer stepIndex() {
            return null;
        }

        abstract Node toNode(List<Node> childNodes);
    }

    /** A run or a step: named by a step key, and placed among its siblings by its step index. */
    private abstract class KeyedDraft extends Draft {
        boolean recorded;
        String stepKey;
        String stepName;
        Integer index;
        Outcome outcome = Outcome.UNFINISHED;

        void started(RecordedEvent event, int at) {
            startedBy(event, at);
            recorded = true;
            stepKey = event.attribute("stepKey");
            stepName = event.attribute("stepName");
            index = event.attributes().integer("stepIndex");
        }

        @Override
        Integer stepIndex() {
            return index;
        }
    }

    private final class RunDraft extends KeyedDraft {
        String parentRunId;
        boolean detached;
        String role;

        RunDraft(String runId) {
            this.runId = runId;
        }

        @Override
        void seen(RecordedEvent event, int at) {
            super.seen(event, at);
            if (parentRunId == null && event.parentRunId() != null && !event.parentRunId().equals(runId)) {
                parentRunId = event.parentRunId();
            }
        }

        @Override
        void started(RecordedEvent event, int at) {
            super.started(event, at);
            role = event.attribute("role");
            if (event.parentRunId() != null) {
                parentRunId = event.parentRunId();
            }
        }

        @Override
        Node toNode(List<Node> childNodes) {
            return new Node.Run(runId, parentRunId, recorded, stepKey, stepName, index, role, start, outcome, childNodes);
        }
    }

    private final class StepDraft extends KeyedDraft {
        StepDraft(String stepId) {
            this.stepId = stepId;
        }

        @Override
        void started(RecordedEvent event, int at) {
            super.started(event, at);
            if (event.runId() != null) {
                runId = event.runId();
            }
        }

        @Override
        Node toNode(List<Node> childNodes) {
            return new Node.Step(stepId, recorded, stepKey, stepName, index, start, outcome, childNodes);
        }
    }

    /** A tool or model call: it belongs to the step of the first of its events that names one. */
    private abstract class InStepDraft extends Draft {
        @Override
        void seen(RecordedEvent event, int at) {
            super.seen(event, at);
            if (stepId == null) {
                stepId = event.stepId();
            }
        }
    }

    private final class ToolDraft extends InStepDraft {
        boolean recorded;
        String name;
        String riskLevel;
        String actionType;
        String actionName;
        String resourceType;
        String resourceId;
        Outcome outcome = Outcome.UNFINISHED;

        ToolDraft(String toolCallId) {
            this.toolCallId = toolCallId;
        }

        void started(RecordedEvent event, int at) {
            startedBy(event, at);
            recorded = true;
            JsonObject attributes = event.attributes();
            name = attributes.object("tool").text("name");
            riskLevel = attributes.object("tool").text("riskLevel");
            actionType = attributes.object("action").text("type");
            actionName = attributes.object("action").text("name");
            resourceType = attributes.object("resource").text("type");
            resourceId = attributes.object("resource").text("externalId");
        }

        @Override
        Node toNode(List<Node> childNodes) {
            return new Node.Tool(toolCallId, recorded, name, riskLevel, actionType, actionName,
                    resourceType, resourceId, start, outcome, childNodes);
        }
    }

    private final class LlmDraft extends InStepDraft {
        final String llmCallId;
        boolean recorded;
        String provider;
        String requestModel;
        String inputSummary;
        String replyModel;
        Outcome outcome = Outcome.UNFINISHED;
        LlmUsage usage = LlmUsage.UNRECORDED;

        LlmDraft(String llmCallId) {
            this.llmCallId = llmCallId;
        }

        void started(RecordedEvent event, int at) {
            startedBy(event, at);
            recorded = true;
            provider = event.attribute("provider");
            requestModel = event.attribute("model");
            inputSummary = event.attribute("inputSummary");
        }

        void ended(RecordedEvent event) {
            outcome = Outcome.fromEnded(event);
            usage = LlmUsage.fromEnded(event);
            replyModel = event.attribute("model");
        }

        @Override
        Node toNode(List<Node> childNodes) {
            return new Node.Llm(llmCallId, recorded, provider, replyModel != null ? replyModel : requestModel,
                    inputSummary, start, outcome, usage);
        }
    }

    private final class HandoffDraft extends Draft {
        final String handoffId;
        String reason;
        Map<String, String> payloadSummary = Map.of();
        String sourceRunId;
        String targetRunId;
        Node.HandoffState state = Node.HandoffState.PENDING;
        String failureReason;

        HandoffDraft(String handoffId) {
            this.handoffId = handoffId;
        }

        @Override
        void seen(RecordedEvent event, int at) {
            super.seen(event, at);
            if (sourceRunId == null) {
                sourceRunId = event.attribute("sourceRunId");
            }
        }

        void requested(RecordedEvent event, int at) {
            startedBy(event, at);
            reason = event.attribute("reason");
            payloadSummary = textMap(event.attributes().object("payloadSummary"));
            if (event.attribute("sourceRunId") != null) {
                sourceRunId = event.attribute("sourceRunId");
            } else if (event.runId() != null) {
                sourceRunId = event.runId();
            }
        }

        void completed(RecordedEvent event) {
            state = Node.HandoffState.COMPLETED;
            targetRunId = event.runId();
        }

        void failed(RecordedEvent event) {
            if (state != Node.HandoffState.COMPLETED) {
                state = Node.HandoffState.FAILED;
                failureReason = event.attribute("reason");
            }
            if (sourceRunId == null) {
                sourceRunId = event.runId();
            }
        }

        @Override
        Node toNode(List<Node> childNodes) {
            return new Node.Handoff(handoffId, reason, payloadSummary, sourceRunId, stepKeyOf(sourceRunId),
                    targetRunId, stepKeyOf(targetRunId), state, failureReason, start);
        }
    }

    /** Entries that hang off whatever run, step or tool their event names. */
    private abstract class MarkDraft extends Draft {
        MarkDraft(RecordedEvent event, int at) {
            seen(event, at);
            stepId = event.stepId();
            toolCallId = event.toolCallId();
        }
    }

    private final class HandoffReceivedDraft extends MarkDraft {
        final String handoffId;
        final String sourceRunId;

        HandoffReceivedDraft(RecordedEvent event, int at) {
            super(event, at);
            handoffId = event.handoffId();
            sourceRunId = event.attribute("sourceRunId");
            // Shown under the target run even if the event also names a step or tool.
            stepId = null;
            toolCallId = null;
        }

        @Override
        Node toNode(List<Node> childNodes) {
            HandoffDraft handoff = handoffs.get(handoffId);
            String source = sourceRunId != null ? sourceRunId : handoff == null ? null : handoff.sourceRunId;
            return new Node.HandoffReceived(handoffId, source, stepKeyOf(source),
                    handoff == null ? null : handoff.reason, start);
        }
    }

    private final class PolicyDraft extends MarkDraft {
        final String decision;
        final String rule;
        final String tool;
        final String reason;
        final String approvalId;
        final String approver;

        PolicyDraft(RecordedEvent event, int at) {
            super(event, at);
            decision = event.attribute("decision");
            rule = event.attribute("rule");
            tool = event.attribute("tool");
            reason = event.attribute("reason");
            JsonObject approval = event.attributes().object("approval");
            approvalId = approval.text("id");
            approver = approval.text("approver");
        }

        @Override
        Node toNode(List<Node> childNodes) {
            return new Node.Policy(decision, rule, tool, reason, approvalId, approver, start);
        }
    }

    private final class DroppedDraft extends MarkDraft {
        final long count;

        DroppedDraft(RecordedEvent event, int at) {
            super(event, at);
            count = event.attributes().longValue("count", 0);
            stepId = null;
            toolCallId = null;
        }

        @Override
        Node toNode(List<Node> childNodes) {
            return new Node.Dropped(count, start);
        }
    }
}
