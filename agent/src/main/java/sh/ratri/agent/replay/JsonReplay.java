package sh.ratri.agent.replay;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import sh.ratri.agent.json.JsonObject;
import sh.ratri.agent.json.JsonWriter;

/**
 * Renders the replay as one JSON document ({@code replay --json}). The shape is stable; fields
 * marked ? are left out when there is nothing to say, and every list keeps replay order:
 *
 * <pre>
 * {"sessions": [{
 *    "sessionId", "recorded": bool (false: session.started was not found),
 *    "kind"?, "inputSummary"?, "metadata": {}, "agent": {"key"?, "name"?}, "startedAt",
 *    "status": "completed"|"failed"|"blocked"|"unfinished", "durationMs"?, "outputSummary"?,
 *    "error"?: {"type", "message"},
 *    "runs":  [run…]    top-level runs,
 *    "items": [item…]   entries that belong to no run }],
 *  "skipped": {"unparsableLines": {"count", "at": ["file:line"…]},
 *              "tooLongLines":    {"count", "at": ["file:line reason"…]},
 *              "invalidEvents":   {"count", "at": ["file:line reason"…]},
 *              "duplicateEvents": n, "unknownTypes": {"type": n}}}
 *
 * item, by "kind" (each also has "startedAt"):
 *  "run"      runId, parentRunId?, recorded, stepKey?, stepName?, stepIndex?, role?, status,
 *             durationMs?, outputSummary?, error?, items: [item…]  (steps, tools, handoffs, child runs…)
 *  "step"     stepId, recorded, stepKey?, stepName?, stepIndex?, status, durationMs?, error?, items
 *  "tool"     toolCallId, recorded, name?, riskLevel?, action?: {type, name}, resource?: {type, externalId},
 *             status, durationMs?, outputSummary?, error?, items  (policy decisions about this call)
 *  "handoff"  handoffId, reason?, payloadSummary: {}, sourceRunId?, sourceStepKey?, targetRunId?,
 *             targetStepKey?, state: "pending"|"completed"|"failed", failureReason?
 *  "handoff.received"  handoffId, sourceRunId?, sourceStepKey?, reason?   (under the target run)
 *  "policy"   decision, rule, tool, reason?, approval?: {id?, approver?}
 *  "dropped"  count
 * </pre>
 * {@code "at"} holds the first {@value SkipReport#LOCATIONS_KEPT} locations; {@code "count"} counts them all.
 * The document is written session by session, as each is read.
 */
final class JsonReplay implements SessionOutput {

    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final JsonWriter.PrettyStream document;

    JsonReplay(PrintStream out) throws IOException {
        this.out = out;
        this.document = new JsonWriter.PrettyStream(new PrintStreamWriter(out)).startObject().startArray("sessions");
    }

    @Override
    public void session(SessionNode session, SessionEvents events) throws IOException {
        document.value(session(session));
    }

    @Override
    public void finish(SkipReport skipped) throws IOException {
        document.endArray().field("skipped", skipped(skipped)).endObject().close();
        out.println();
    }

    /** Text for a print stream, encoded by it as its own print calls would be. */
    private static final class PrintStreamWriter extends Writer {
        private final PrintStream out;

        PrintStreamWriter(PrintStream out) {
            this.out = out;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            out.print(new String(chars, offset, length));
        }

        @Override
        public void flush() {
            out.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }

    private static JsonObject session(SessionNode session) {
        JsonObject json = new JsonObject();
        json.put("sessionId", session.sessionId());
        json.put("recorded", session.recorded());
        putIfPresent(json, "kind", session.kind());
        putIfPresent(json, "inputSummary", session.inputSummary());
        json.put("metadata", session.metadata());
        JsonObject agent = new JsonObject();
        json.put("agent", agent);
        putIfPresent(agent, "key", session.agentKey());
        putIfPresent(agent, "name", session.agentName());
        json.put("startedAt", timestamp(session.start()));
        outcome(json, session.outcome());
        List<Object> runs = new ArrayList<>();
        List<Object> items = new ArrayList<>();
        json.put("runs", runs);
        json.put("items", items);
        for (Node child : session.children()) {
            (child instanceof Node.Run ? runs : items).add(item(child));
        }
        return json;
    }

    private static JsonObject item(Node node) {
        return node.accept(new Item());
    }

    /** One entry as a JSON object, its {@code kind} first. */
    private static final class Item implements Node.Visitor<JsonObject> {
        private final JsonObject json = new JsonObject();

        @Override
        public JsonObject run(Node.Run run) {
            json.put("kind", "run");
            json.put("runId", run.runId());
            putIfPresent(json, "parentRunId", run.parentRunId());
            json.put("recorded", run.recorded());
            putIfPresent(json, "stepKey", run.stepKey());
            putIfPresent(json, "stepName", run.stepName());
            putIfPresent(json, "stepIndex", run.stepIndex());
            putIfPresent(json, "role", run.role());
            json.put("startedAt", timestamp(run.start()));
            outcome(json, run.outcome());
            items(json, run.children());
            return json;
        }

        @Override
        public JsonObject step(Node.Step step) {
            json.put("kind", "step");
            json.put("stepId", step.stepId());
            json.put("recorded", step.recorded());
            putIfPresent(json, "stepKey", step.stepKey());
            putIfPresent(json, "stepName", step.stepName());
            putIfPresent(json, "stepIndex", step.stepIndex());
            json.put("startedAt", timestamp(step.start()));
            outcome(json, step.outcome());
            items(json, step.children());
            return json;
        }

        @Override
        public JsonObject tool(Node.Tool tool) {
            json.put("kind", "tool");
            json.put("toolCallId", tool.toolCallId());
            json.put("recorded", tool.recorded());
            putIfPresent(json, "name", tool.name());
            putIfPresent(json, "riskLevel", tool.riskLevel());
            if (tool.actionType() != null || tool.actionName() != null) {
                JsonObject action = new JsonObject();
                json.put("action", action);
                putIfPresent(action, "type", tool.actionType());
                putIfPresent(action, "name", tool.actionName());
            }
            if (tool.resourceType() != null) {
                JsonObject resource = new JsonObject();
                json.put("resource", resource);
                resource.put("type", tool.resourceType());
                putIfPresent(resource, "externalId", tool.resourceId());
            }
            json.put("startedAt", timestamp(tool.start()));
            outcome(json, tool.outcome());
            items(json, tool.children());
            return json;
        }

        @Override
        public JsonObject handoff(Node.Handoff handoff) {
            json.put("kind", "handoff");
            json.put("handoffId", handoff.handoffId());
            putIfPresent(json, "reason", handoff.reason());
            json.put("payloadSummary", handoff.payloadSummary());
            putIfPresent(json, "sourceRunId", handoff.sourceRunId());
            putIfPresent(json, "sourceStepKey", handoff.sourceStepKey());
            putIfPresent(json, "targetRunId", handoff.targetRunId());
            putIfPresent(json, "targetStepKey", handoff.targetStepKey());
            json.put("state", handoff.state().name().toLowerCase(Locale.ROOT));
            putIfPresent(json, "failureReason", handoff.failureReason());
            json.put("startedAt", timestamp(handoff.start()));
            return json;
        }

        @Override
        public JsonObject handoffReceived(Node.HandoffReceived received) {
            json.put("kind", "handoff.received");
            json.put("handoffId", received.handoffId());
            putIfPresent(json, "sourceRunId", received.sourceRunId());
            putIfPresent(json, "sourceStepKey", received.sourceStepKey());
            putIfPresent(json, "reason", received.reason());
            json.put("startedAt", timestamp(received.start()));
            return json;
        }

        @Override
        public JsonObject policy(Node.Policy policy) {
            json.put("kind", "policy");
            putIfPresent(json, "decision", policy.decision());
            putIfPresent(json, "rule", policy.rule());
            putIfPresent(json, "tool", policy.tool());
            putIfPresent(json, "reason", policy.reason());
            if (policy.approvalId() != null || policy.approver() != null) {
                JsonObject approval = new JsonObject();
                putIfPresent(approval, "id", policy.approvalId());
                putIfPresent(approval, "approver", policy.approver());
                json.put("approval", approval);
            }
            json.put("startedAt", timestamp(policy.start()));
            return json;
        }

        @Override
        public JsonObject llm(Node.Llm llm) {
            json.put("kind", "llm");
            json.put("llmCallId", llm.llmCallId());
            json.put("recorded", llm.recorded());
            putIfPresent(json, "provider", llm.provider());
            putIfPresent(json, "model", llm.model());
            putIfPresent(json, "inputSummary", llm.inputSummary());
            LlmUsage usage = llm.usage();
            putIfPresent(json, "inputTokens", usage.inputTokens());
            putIfPresent(json, "outputTokens", usage.outputTokens());
            putIfPresent(json, "cachedInputTokens", usage.cachedInputTokens());
            putIfPresent(json, "reasoningTokens", usage.reasoningTokens());
            putIfPresent(json, "finishReason", usage.finishReason());
            putIfPresent(json, "costUsd", usage.costUsd());
            json.put("startedAt", timestamp(llm.start()));
            outcome(json, llm.outcome());
            return json;
        }

        @Override
        public JsonObject dropped(Node.Dropped dropped) {
            json.put("kind", "dropped");
            json.put("count", dropped.count());
            json.put("startedAt", timestamp(dropped.start()));
            return json;
        }
    }

    private static void items(JsonObject json, List<Node> children) {
        json.put("items", children.stream().map(JsonReplay::item).toList());
    }

    private static void outcome(JsonObject json, Outcome outcome) {
        json.put("status", outcome.status());
        if (outcome.durationMs() != null) {
            json.put("durationMs", outcome.durationMs());
        }
        putIfPresent(json, "outputSummary", outcome.outputSummary());
        if (outcome.error() != null) {
            JsonObject error = new JsonObject();
            json.put("error", error);
            putIfPresent(error, "type", outcome.error().type());
            putIfPresent(error, "message", outcome.error().message());
        }
    }

    private static JsonObject skipped(SkipReport skipped) {
        return new JsonObject()
                .with("unparsableLines", lines(skipped.unparsableLines()))
                .with("tooLongLines", lines(skipped.tooLongLines()))
                .with("invalidEvents", lines(skipped.invalidEvents()))
                .with("duplicateEvents", skipped.duplicateEvents())
                .with("unknownTypes", new TreeMap<>(skipped.unknownTypes()));
    }

    private static JsonObject lines(SkipReport.Lines lines) {
        return new JsonObject().with("count", lines.count()).with("at", lines.at());
    }

    private static void putIfPresent(JsonObject json, String field, Object value) {
        if (value != null) {
            json.put(field, value);
        }
    }

    private static String timestamp(Instant instant) {
        return instant == null ? null : MICROS.format(instant);
    }
}
