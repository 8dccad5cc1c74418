package sh.ratri.agent.export;

import com.fasterxml.jackson.databind.JsonNode;

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
 * </pre>
 */
final class ConsoleSink implements Sink {

    private static final int MAX_TRACKED = 10_000;

    private final EventJson json;
    private final PrintStream out;
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
    public void write(Batch batch) throws IOException {
        for (int i = 0; i < batch.size(); i++) {
            line(json.tree(batch.event(i), batch.sequence(i)));
        }
    }

    private void line(JsonNode e) {
        JsonNode a = e.path("attributes");
        String session = e.path("sessionId").asText();
        String run = e.path("runId").asText(null);
        String step = e.path("stepId").asText(null);
        switch (e.path("type").asText()) {
            case "session.started" -> {
                open.put(session, new Open(0, "session " + a.path("kind").asText()));
                print(0, "> session " + a.path("kind").asText() + quoted(a.path("inputSummary").asText())
                        + "  " + session);
            }
            case "session.ended" -> end(session, a);
            case "run.started" -> {
                String parent = e.path("parentRunId").asText(null);
                int depth = depthOf(parent != null ? parent : session) + 1;
                open.put(run, new Open(depth, "run " + a.path("stepKey").asText()));
                print(depth, "> run " + a.path("stepKey").asText() + quoted(a.path("stepName").asText()) + " #"
                        + a.path("stepIndex").asText() + " (" + a.path("role").asText() + ")");
            }
            case "run.ended" -> end(run, a);
            case "step.started" -> {
                int depth = depthOf(run != null ? run : session) + 1;
                open.put(step, new Open(depth, "step " + a.path("stepKey").asText()));
                print(depth, "> step " + a.path("stepKey").asText() + quoted(a.path("stepName").asText()) + " #"
                        + a.path("stepIndex").asText());
            }
            case "step.ended" -> end(step, a);
            case "tool.started" -> {
                String tool = e.path("toolCallId").asText();
                int depth = depthOf(step != null ? step : run != null ? run : session) + 1;
                open.put(tool, new Open(depth, "tool " + a.at("/tool/name").asText() + " risk="
                        + a.at("/tool/riskLevel").asText()));
                StringBuilder text = new StringBuilder("> tool ").append(a.at("/tool/name").asText())
                        .append(" risk=").append(a.at("/tool/riskLevel").asText())
                        .append(' ').append(a.at("/action/type").asText());
                if (a.has("resource")) {
                    text.append(" on ").append(a.at("/resource/type").asText()).append(' ')
                            .append(a.at("/resource/externalId").asText());
                }
                print(depth, text.toString());
            }
            case "tool.ended" -> end(e.path("toolCallId").asText(), a);
            case "handoff.requested" -> print(depthOf(run) + 1, "- handoff requested" + quoted(a.path("reason")
                    .asText()));
            case "handoff.completed" -> print(depthOf(run), "- handoff completed: this run took it");
            case "handoff.failed" -> print(depthOf(run) + 1, "- handoff failed: no child run took it");
            case "agent.dropped" -> print(depthOf(session), "! " + a.path("count").asText()
                    + " events dropped (queue full)");
            default -> {
                // a type this version does not show
            }
        }
    }

    private void end(String id, JsonNode a) {
        Open item = id == null ? null : open.remove(id);
        String label = item == null ? "(started before it was shown)" : item.label();
        print(item == null ? 0 : item.depth(), "< " + label + " " + ended(a));
    }

    private int depthOf(String id) {
        Open item = id == null ? null : open.get(id);
        return item == null ? 0 : item.depth();
    }

    private static String ended(JsonNode a) {
        StringBuilder text = new StringBuilder(a.path("status").asText()).append(' ')
                .append(String.format(java.util.Locale.ROOT, "%.1f ms", a.path("durationMs").asDouble()));
        JsonNode error = a.path("error");
        if (!error.isMissingNode()) {
            text.append("  ").append(error.path("type").asText());
            if (error.has("message")) {
                text.append(": ").append(error.path("message").asText());
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
