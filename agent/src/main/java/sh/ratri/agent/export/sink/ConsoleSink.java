package sh.ratri.agent.export.sink;

import sh.ratri.agent.config.SinkName;
import sh.ratri.agent.export.Batch;
import sh.ratri.agent.export.EventJson;
import sh.ratri.agent.export.Sink;
import sh.ratri.agent.json.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code exporter=console}: a live tree on stderr as events happen, one line per start and end,
 * indented by depth (session, run, child run, step, tool). ASCII only, since the application's
 * stderr may not be UTF-8.
 *
 * <pre>
 * ratri > session pipeline "Handle urgent enterprise support escalation"
 * ratri   > run orchestrator "Orchestrator" #0 (orchestrator)
 * ratri     > step triage-ticket "Triage ticket" #1
 * ratri     < step triage-ticket completed 0.5 ms
 * ratri     > tool support.compose_reply risk=low write on work_item SUP-123
 * ratri     < tool support.compose_reply risk=low completed 13.1 ms
 * ratri     > llm openai gpt-4o
 * ratri     < llm openai gpt-4o completed 412.0 ms  tokens in=812 out=96  $0.00299
 * ratri     ! policy block deploy.production (risk-above-max): risk critical above max high
 * ratri     + policy approved deploy.production by alice (APR-7)
 * </pre>
 *
 * Policy decisions get a line, just before their tool's, when they flag, block or approve a call;
 * {@code allow}, the common case, stays quiet so the tree reads as before.
 */
final class ConsoleSink implements Sink {

    private static final int MAX_TRACKED = 10_000;

    private final EventJson json;
    private final PrintStream out;
    private static final int PRINT_AT = 1 << 16;

    private final StringBuilder lines = new StringBuilder();
    /** Depth of each open session, run and step, by id; bounded so an unended item cannot grow it forever. */
    private final Map<String, Open> open = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Open> eldest) {
            return size() > MAX_TRACKED;
        }
    };

    /** An open item: its depth and how its end line names it. */
    private record Open(int depth, String label) {
    }

    ConsoleSink(EventJson json, PrintStream out) {
        this.json = json;
        this.out = out;
    }

    @Override
    public String name() {
        return SinkName.CONSOLE.wire();
    }

    @Override
    public void write(Batch batch) throws IOException {
        for (int i = 0; i < batch.size(); i++) {
            line(json.tree(batch.event(i), batch.sequence(i)));
        }
        if (lines.length() >= PRINT_AT) {
            flush(); // a backlog means no idle flush for a while: the buffer stays bounded
        }
    }

    /** Adds the lines for one event, as {@link EventJson#tree} renders it. */
    void line(JsonObject e) {
        JsonObject a = e.object("attributes");
        String session = e.text("sessionId");
        String run = e.text("runId");
        String step = e.text("stepId");
        switch (e.text("type")) {
            case "session.started" -> {
                open.put(session, new Open(0, "session " + a.text("kind")));
                print(0, "> session " + a.text("kind") + quoted(a.text("inputSummary")) + "  " + session);
            }
            case "session.ended" -> end(session, a);
            case "run.started" -> {
                String parent = e.text("parentRunId");
                int depth = depthOf(parent != null ? parent : session) + 1;
                open.put(run, new Open(depth, "run " + a.text("stepKey")));
                print(depth, "> run " + a.text("stepKey") + quoted(a.text("stepName")) + " #"
                        + a.text("stepIndex") + " (" + a.text("role") + ")");
            }
            case "run.ended" -> end(run, a);
            case "step.started" -> {
                int depth = depthOf(run != null ? run : session) + 1;
                open.put(step, new Open(depth, "step " + a.text("stepKey")));
                print(depth, "> step " + a.text("stepKey") + quoted(a.text("stepName")) + " #"
                        + a.text("stepIndex"));
            }
            case "step.ended" -> end(step, a);
            case "tool.started" -> {
                String tool = e.text("toolCallId");
                int depth = depthOf(step != null ? step : run != null ? run : session) + 1;
                JsonObject spec = a.object("tool");
                open.put(tool, new Open(depth, "tool " + spec.text("name") + " risk=" + spec.text("riskLevel")));
                StringBuilder text = new StringBuilder("> tool ").append(spec.text("name"))
                        .append(" risk=").append(spec.text("riskLevel"))
                        .append(' ').append(a.object("action").text("type"));
                if (a.containsKey("resource")) {
                    text.append(" on ").append(a.object("resource").text("type")).append(' ')
                            .append(a.object("resource").text("externalId"));
                }
                print(depth, text.toString());
            }
            case "tool.ended" -> end(e.text("toolCallId"), a);
            case "llm.started" -> {
                int depth = depthOf(step != null ? step : run != null ? run : session) + 1;
                String label = "llm " + a.text("provider") + (a.text("model") == null ? "" : " " + a.text("model"));
                open.put(e.text("llmCallId"), new Open(depth, label));
                print(depth, "> " + label);
            }
            case "llm.ended" -> end(e.text("llmCallId"), a);
            case "handoff.requested" -> print(depthOf(run) + 1, "- handoff requested" + quoted(a.text("reason")));
            case "handoff.completed" -> print(depthOf(run), "- handoff completed: this run took it");
            case "handoff.failed" -> print(depthOf(run) + 1, "- handoff failed: no child run took it");
            case "policy.decision" -> decision(e, a, depthOf(step != null ? step : run != null ? run : session) + 1);
            case "agent.dropped" -> print(depthOf(session), "! " + a.text("count") + " events dropped (queue full)");
            default -> {
                // a type this version does not show
            }
        }
    }

    private void decision(JsonObject e, JsonObject a, int depth) {
        String decision = String.valueOf(a.text("decision"));
        if (decision.equals("allow")) {
            return;
        }
        if (decision.equals("approved")) {
            JsonObject approval = a.object("approval");
            print(depth, "+ policy approved " + a.text("tool") + " by " + approval.text("approver")
                    + (approval.text("id") == null ? "" : " (" + approval.text("id") + ")"));
            return;
        }
        String reason = a.text("reason");
        print(depth, "! policy " + decision + " " + a.text("tool") + " (" + a.text("rule") + ")"
                + (reason == null || reason.isEmpty() ? "" : ": " + reason));
    }

    private void end(String id, JsonObject a) {
        Open item = id == null ? null : open.remove(id);
        String label = item == null ? "(started before it was shown)" : item.label();
        print(item == null ? 0 : item.depth(), "< " + label + " " + ended(a));
    }

    private int depthOf(String id) {
        Open item = id == null ? null : open.get(id);
        return item == null ? 0 : item.depth();
    }

    private static String ended(JsonObject a) {
        StringBuilder text = new StringBuilder(a.text("status")).append(' ')
                .append(String.format(java.util.Locale.ROOT, "%.1f ms", a.number("durationMs")));
        if (a.containsKey("inputTokens") || a.containsKey("outputTokens")) {
            text.append("  tokens in=").append(a.longValue("inputTokens", 0))
                    .append(" out=").append(a.longValue("outputTokens", 0));
        }
        if (a.containsKey("costUsd")) {
            text.append("  $").append(a.text("costUsd"));
        }
        if (a.containsKey("error")) {
            JsonObject error = a.object("error");
            text.append("  ").append(error.text("type"));
            if (error.containsKey("message")) {
                text.append(": ").append(error.text("message"));
            }
        }
        return text.toString();
    }

    private static String quoted(String text) {
        return text == null || text.isEmpty() ? "" : " \"" + text + "\"";
    }

    private void print(int depth, String text) {
        lines.append("ratri ").append("  ".repeat(Math.max(0, depth))).append(text).append(System.lineSeparator());
    }

    @Override
    public void flush() {
        if (lines.length() > 0) {
            out.print(lines);
            out.flush();
            lines.setLength(0);
        }
    }

    @Override
    public void close() {
        flush();
    }
}
