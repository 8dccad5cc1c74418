package sh.ratri.agent.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import sh.ratri.agent.json.JsonObject;
import sh.ratri.agent.schema.EventType;

/**
 * The data behind the HTML replay: per session its header numbers, one lane per run (child runs
 * right after their parent, with the parent's lane index), the steps, tools and marks of each lane,
 * the handoffs between lanes, and every event verbatim. Times are milliseconds since the session's
 * first event, so the page only scales numbers. Shape (fields with ? may be absent):
 *
 * <pre>
 * {"sessions": [{"id", "kind"?, "inputSummary"?, "metadata", "agent": {"key"?, "name"?}, "startedAt",
 *    "status", "durationMs"?, "outputSummary"?, "error"?, "counts": {runs, steps, tools, handoffs, errors, events},
 *    "llm": {calls, inputTokens?, outputTokens?, cachedInputTokens?, costUsd?, text} (model calls' totals; lanes have one too),
 *    "policy": {allow, flag, block, approved},
 *    "spanMs", "events": [event…], "sessionEvents": [i…],
 *    "lanes":    [{"id", "parent" (lane index, -1 = none), "depth", "stepKey"?, "stepName"?, "stepIndex"?, "role"?,
 *                  "recorded", "start", "dur"?, "status", "error"?, "output"?, "events": [i…]}],
 *    "items":    [{"lane", "nest", "kind": step|tool|llm|policy|dropped, "label", "sub"?, "start", "dur"?, "status"?,
 *                  "risk"?, "error"?, "output"?, "decision"? (tools): {decision, rule?, reason?, approval?: {id?, approver?}},
 *                  "events": [i…]}],
 *    "handoffs": [{"from", "to" (-1 = none), "toRun"?, "at", "acceptedAt"?, "reason"?, "payload", "state", "failureReason"?,
 *                  "events": [i…]}]}],
 *  "skipped": "skipped: …"?}
 * </pre>
 * {@code events: [i…]} are positions in the session's {@code events}; a tool's include its
 * {@code policy.decision}, which is shown as the tool's badge rather than as a mark of its own.
 */
final class HtmlModel {

    private static final int NO_LANE = -1;

    private final SessionNode session;
    private final SessionEvents events;
    private final Instant origin;
    private final List<JsonObject> lanes = new ArrayList<>();
    private final List<JsonObject> items = new ArrayList<>();
    private final List<JsonObject> handoffs = new ArrayList<>();
    private final Map<String, Integer> laneOfRun = new HashMap<>();
    private double spanMs;

    private HtmlModel(SessionNode session, SessionEvents events) {
        this.session = session;
        this.events = events;
        Instant first = events.size() == 0 ? session.start() : events.all().get(0).timestamp();
        this.origin = session.start() != null && session.start().isBefore(first) ? session.start() : first;
    }

    /** One element of the page's {@code sessions}. */
    static JsonObject of(SessionNode session, SessionEvents events) {
        return new HtmlModel(session, events).session();
    }

    private JsonObject session() {
        SessionSummary summary = SessionSummary.of(session, events.size());
        JsonObject json = new JsonObject();
        json.put("id", session.sessionId());
        json.put("kind", summary.kind());
        json.put("inputSummary", session.inputSummary());
        json.put("metadata", session.metadata());
        json.put("agent", new JsonObject().with("key", session.agentKey()).with("name", session.agentName()));
        json.put("startedAt", session.start() == null ? null : session.start().toString());
        outcome(json, session.outcome());
        json.put("counts", new JsonObject().with("runs", summary.runs()).with("steps", summary.steps())
                .with("tools", summary.tools()).with("handoffs", summary.handoffs()).with("errors", summary.errors())
                .with("events", summary.events()));
        json.put("llm", usage(summary.llm()));
        DecisionCounts policy = summary.policy();
        json.put("policy", new JsonObject().with("allow", policy.allowed()).with("flag", policy.flagged())
                .with("block", policy.blocked()).with("approved", policy.approved()));

        List<Node> outsideRuns = session.children().stream().filter(node -> !(node instanceof Node.Run)).toList();
        if (!outsideRuns.isEmpty()) {
            // entries no run holds (their run's events were lost) get a lane of their own
            int lane = lane(null, NO_LANE, 0, session.start(), Outcome.UNFINISHED, List.of());
            lanes.get(lane).put("stepKey", "(no run)");
            entries(outsideRuns, lane, 0);
        }
        session.runs().forEach(run -> run(run, NO_LANE, 0));
        for (JsonObject handoff : handoffs) {
            String target = handoff.text("toRun");
            handoff.put("to", target == null ? NO_LANE : laneOfRun.getOrDefault(target, NO_LANE));
        }
        json.put("spanMs", Math.max(spanMs, session.outcome().durationMs() == null ? 0 : session.outcome().durationMs()));
        json.put("events", events.all().stream().map(RecordedEvent::json).toList());
        json.put("sessionEvents", events.positionsOfSession());
        json.put("lanes", lanes);
        json.put("items", items);
        json.put("handoffs", handoffs);
        return json;
    }

    private void run(Node.Run run, int parentLane, int depth) {
        int lane = lane(run, parentLane, depth, run.start(), run.outcome(), events.positionsOf(run));
        laneOfRun.put(run.runId(), lane);
        entries(run.children(), lane, 0);
        run.children().stream().filter(Node.Run.class::isInstance)
                .forEach(child -> run((Node.Run) child, lane, depth + 1));
    }

    private int lane(Node.Run run, int parentLane, int depth, Instant start, Outcome outcome, List<Integer> positions) {
        JsonObject lane = new JsonObject();
        lanes.add(lane);
        if (run != null) {
            lane.put("id", run.runId());
            lane.put("stepKey", run.stepKey());
            lane.put("stepName", run.stepName());
            if (run.stepIndex() != null) {
                lane.put("stepIndex", run.stepIndex());
            }
            lane.put("role", run.role());
            lane.put("recorded", run.recorded());
        }
        lane.put("parent", parentLane);
        lane.put("depth", depth);
        timing(lane, start, outcome);
        lane.put("events", positions);
        if (run != null) {
            lane.put("llm", usage(LlmUsage.total(run.children())));
        }
        return lanes.size() - 1;
    }

    /** Steps, tools and marks of one lane, however deeply they nest; child runs and handoffs go elsewhere. */
    private void entries(List<Node> nodes, int lane, int nest) {
        Entry entry = new Entry(lane, nest);
        for (Node node : nodes) {
            node.accept(entry);
        }
    }

    /** Adds one entry, and those nested in it, to a lane; returns nothing. */
    private final class Entry implements Node.Visitor<Void> {
        private final int lane;
        private final int nest;

        Entry(int lane, int nest) {
            this.lane = lane;
            this.nest = nest;
        }

        /** A child run has a lane of its own. */
        @Override
        public Void run(Node.Run run) {
            return null;
        }

        @Override
        public Void step(Node.Step step) {
            JsonObject item = item(lane, nest, "step", step, step.start(), step.outcome());
            item.put("label", step.stepKey() == null ? "step " + step.stepId() : step.stepKey());
            item.put("sub", step.stepName());
            if (step.stepIndex() != null) {
                item.put("stepIndex", step.stepIndex());
            }
            entries(step.children(), lane, nest + 1);
            return null;
        }

        @Override
        public Void tool(Node.Tool tool) {
            JsonObject item = item(lane, nest, "tool", tool, tool.start(), tool.outcome());
            item.put("label", tool.name() == null ? "tool " + tool.toolCallId() : tool.name());
            item.put("risk", tool.riskLevel());
            item.put("sub", String.join(" ", nonNull(tool.actionType(), tool.actionName(),
                    tool.resourceType() == null ? null : "on " + tool.resourceType(), tool.resourceId())));
            tool.decision().ifPresent(decision -> item.put("decision", decision(decision)));
            entries(tool.childrenBesideDecision(), lane, nest + 1);
            return null;
        }

        @Override
        public Void llm(Node.Llm llm) {
            JsonObject item = item(lane, nest, "llm", llm, llm.start(), llm.outcome());
            item.put("label", (llm.model() == null ? "llm" : llm.model())
                    + (llm.usage().describe().isEmpty() ? "" : " · " + llm.usage().describe()));
            item.put("sub", llm.provider());
            return null;
        }

        @Override
        public Void handoff(Node.Handoff handoff) {
            addHandoff(handoff, lane);
            return null;
        }

        /** The handoff, drawn from the source lane with the time it was accepted, shows it. */
        @Override
        public Void handoffReceived(Node.HandoffReceived received) {
            return null;
        }

        @Override
        public Void policy(Node.Policy policy) {
            JsonObject item = item(lane, nest, "policy", policy, policy.start(), null);
            item.put("label", "policy " + policy.decision());
            item.put("sub", String.join(" ", nonNull(policy.rule(), policy.tool())));
            item.put("status", "block".equals(policy.decision()) ? Outcome.BLOCKED_STATUS : "completed");
            return null;
        }

        @Override
        public Void dropped(Node.Dropped dropped) {
            JsonObject item = item(lane, nest, "dropped", dropped, dropped.start(), null);
            item.put("label", SessionList.count((int) Math.min(Integer.MAX_VALUE, dropped.count()), "event")
                    + " dropped");
            item.put("status", Outcome.FAILED_STATUS);
            return null;
        }
    }

    /** {calls, inputTokens?, outputTokens?, cachedInputTokens?, costUsd?, text}: {@code text} as the text replay says it. */
    private static JsonObject usage(LlmUsage usage) {
        JsonObject json = new JsonObject().with("calls", usage.calls()).with("text", usage.describe());
        if (usage.inputTokens() != null) {
            json.put("inputTokens", usage.inputTokens());
        }
        if (usage.outputTokens() != null) {
            json.put("outputTokens", usage.outputTokens());
        }
        if (usage.cachedInputTokens() != null) {
            json.put("cachedInputTokens", usage.cachedInputTokens());
        }
        if (usage.costUsd() != null) {
            json.put("costUsd", usage.costUsd());
        }
        return json;
    }

    private static JsonObject decision(Node.Policy policy) {
        JsonObject json = new JsonObject().with("decision", policy.decision()).with("rule", policy.rule())
                .with("reason", policy.reason());
        if (policy.approvalId() != null || policy.approver() != null) {
            json.put("approval", new JsonObject().with("id", policy.approvalId()).with("approver", policy.approver()));
        }
        return json;
    }

    private JsonObject item(int lane, int nest, String kind, Node node, Instant start, Outcome outcome) {
        JsonObject item = new JsonObject();
        items.add(item);
        item.put("lane", lane);
        item.put("nest", nest);
        item.put("kind", kind);
        if (outcome == null) {
            item.put("start", ms(start));
        } else {
            timing(item, start, outcome);
        }
        item.put("events", events.positionsOf(node));
        return item;
    }

    /** The target lane ("to") is filled in once every run has its lane: a handoff points to a later one. */
    private void addHandoff(Node.Handoff handoff, int lane) {
        JsonObject json = new JsonObject();
        handoffs.add(json);
        json.put("from", lane);
        json.put("toRun", handoff.targetRunId());
        json.put("at", ms(handoff.start()));
        List<Integer> positions = events.positionsOf(handoff);
        for (int position : positions) {
            RecordedEvent event = events.all().get(position);
            if (event.kind().filter(EventType.HANDOFF_COMPLETED::equals).isPresent()) {
                json.put("acceptedAt", ms(event.timestamp()));
            }
        }
        json.put("reason", handoff.reason());
        json.put("payload", handoff.payloadSummary());
        json.put("sourceStepKey", handoff.sourceStepKey());
        json.put("targetStepKey", handoff.targetStepKey());
        json.put("state", FailGate.status(handoff));
        json.put("failureReason", handoff.failureReason());
        json.put("events", positions);
    }

    private void timing(JsonObject json, Instant start, Outcome outcome) {
        double startMs = ms(start);
        json.put("start", startMs);
        outcome(json, outcome);
        if (outcome.durationMs() != null) {
            json.put("dur", outcome.durationMs());
            spanMs = Math.max(spanMs, startMs + outcome.durationMs());
        }
    }

    private static void outcome(JsonObject json, Outcome outcome) {
        json.put("status", outcome.status());
        if (outcome.durationMs() != null) {
            json.put("durationMs", outcome.durationMs());
        }
        if (outcome.outputSummary() != null) {
            json.put("output", outcome.outputSummary());
        }
        if (outcome.error() != null) {
            json.put("error", new JsonObject().with("type", outcome.error().type())
                    .with("message", outcome.error().message()));
        }
    }

    private double ms(Instant instant) {
        if (instant == null || origin == null) {
            return 0;
        }
        double ms = Duration.between(origin, instant).toNanos() / 1_000_000.0;
        spanMs = Math.max(spanMs, ms);
        return ms;
    }

    private static List<String> nonNull(String... parts) {
        return Arrays.stream(parts).filter(part -> part != null && !part.isEmpty()).toList();
    }
}
