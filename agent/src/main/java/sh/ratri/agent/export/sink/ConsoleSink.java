package sh.ratri.agent.export.sink;

import sh.ratri.agent.config.SinkName;
import sh.ratri.agent.export.Batch;
import sh.ratri.agent.export.EventJson;
import sh.ratri.agent.export.Sink;
import sh.ratri.agent.json.JsonObject;
import sh.ratri.agent.schema.EventType;
import sh.ratri.agent.schema.Fields;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

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
        JsonObject a = e.object(Fields.ATTRIBUTES);
        String session = e.text(Fields.SESSION_ID);
        String run = e.text(Fields.RUN_ID);
        String step = e.text(Fields.STEP_ID);
        Optional<EventType> type = EventType.fromWire(e.text(Fields.TYPE));
        if (type.isEmpty()) {
            return; // a type this version does not show
        }
        switch (type.get()) {
            case SESSION_STARTED -> {
                open.put(session, new Open(0, "session " + a.text(Fields.KIND)));
                print(0, "> session " + a.text(Fields.KIND) + quoted(a.text(Fields.INPUT_SUMMARY)) + "  " + session);
            }
            case SESSION_ENDED -> end(session, a);
            case RUN_STARTED -> {
                String parent = e.text(Fields.PARENT_RUN_ID);
                int depth = depthOf(parent != null ? parent : session) + 1;
                open.put(run, new Open(depth, "run " + a.text(Fields.STEP_KEY)));
                print(depth, "> run " + a.text(Fields.STEP_KEY) + quoted(a.text(Fields.STEP_NAME)) + " #"
                        + a.text(Fields.STEP_INDEX) + " (" + a.text(Fields.ROLE) + ")");
            }
            case RUN_ENDED -> end(run, a);
            case STEP_STARTED -> {
                int depth = depthOf(run != null ? run : session) + 1;
                open.put(step, new Open(depth, "step " + a.text(Fields.STEP_KEY)));
                print(depth, "> step " + a.text(Fields.STEP_KEY) + quoted(a.text(Fields.STEP_NAME)) + " #"
                        + a.text(Fields.STEP_INDEX));
            }
            case STEP_ENDED -> end(step, a);
            case TOOL_STARTED -> {
                String tool = e.text(Fields.TOOL_CALL_ID);
                int depth = depthOf(step != null ? step : run != null ? run : session) + 1;
                JsonObject spec = a.object(Fields.TOOL);
                open.put(tool, new Open(depth, "tool " + spec.text(Fields.NAME) + " risk=" + spec.text(Fields.RISK_LEVEL)));
                StringBuilder text = new StringBuilder("> tool ").append(spec.text(Fields.NAME))
                        .append(" risk=").append(spec.text(Fields.RISK_LEVEL))
                        .append(' ').append(a.object(Fields.ACTION).text(Fields.TYPE));
                if (a.containsKey(Fields.RESOURCE)) {
                    text.append(" on ").append(a.object(Fields.RESOURCE).text(Fields.TYPE)).append(' ')
                            .append(a.object(Fields.RESOURCE).text(Fields.EXTERNAL_ID));
                }
                print(depth, text.toString());
            }
            case TOOL_ENDED -> end(e.text(Fields.TOOL_CALL_ID), a);
            case LLM_STARTED -> {
                int depth = depthOf(step != null ? step : run != null ? run : session) + 1;
                String label = "llm " + a.text(Fields.PROVIDER) + (a.text(Fields.MODEL) == null ? "" : " " + a.text(Fields.MODEL));
                open.put(e.text(Fields.LLM_CALL_ID), new Open(depth, label));
                print(depth, "> " + label);
            }
            case LLM_ENDED -> end(e.text(Fields.LLM_CALL_ID), a);
            case HANDOFF_REQUESTED -> print(depthOf(run) + 1, "- handoff requested" + quoted(a.text(Fields.REASON)));
            case HANDOFF_COMPLETED -> print(depthOf(run), "- handoff completed: this run took it");
            case HANDOFF_FAILED -> print(depthOf(run) + 1, "- handoff failed: no child run took it");
            case POLICY_DECISION -> decision(e, a, depthOf(step != null ? step : run != null ? run : session) + 1);
            case AGENT_DROPPED -> print(depthOf(session), "! " + a.text(Fields.COUNT) + " events dropped (queue full)");
        }
    }

    private void decision(JsonObject e, JsonObject a, int depth) {
        String decision = String.valueOf(a.text(Fields.DECISION));
        if (decision.equals("allow")) {
            return;
        }
        if (decision.equals("approved")) {
            JsonObject approval = a.object(Fields.APPROVAL);
            print(depth, "+ policy approved " + a.text(Fields.TOOL) + " by " + approval.text(Fields.APPROVER)
                    + (approval.text(Fields.ID) == null ? "" : " (" + approval.text(Fields.ID) + ")"));
            return;
        }
        String reason = a.text(Fields.REASON);
        print(depth, "! policy " + decision + " " + a.text(Fields.TOOL) + " (" + a.text(Fields.RULE) + ")"
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
        StringBuilder text = new StringBuilder(a.text(Fields.STATUS)).append(' ')
                .append(String.format(java.util.Locale.ROOT, "%.1f ms", a.number(Fields.DURATION_MS)));
        if (a.containsKey(Fields.INPUT_TOKENS) || a.containsKey(Fields.OUTPUT_TOKENS)) {
            text.append("  tokens in=").append(a.longValue(Fields.INPUT_TOKENS, 0))
                    .append(" out=").append(a.longValue(Fields.OUTPUT_TOKENS, 0));
        }
        if (a.containsKey(Fields.COST_USD)) {
            text.append("  $").append(a.text(Fields.COST_USD));
        }
        if (a.containsKey(Fields.ERROR)) {
            JsonObject error = a.object(Fields.ERROR);
            text.append("  ").append(error.text(Fields.TYPE));
            if (error.containsKey(Fields.MESSAGE)) {
                text.append(": ").append(error.text(Fields.MESSAGE));
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
