package sh.ratri.agent.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code replay --markdown FILE}: a compact summary for a CI job page (GitHub's
 * {@code $GITHUB_STEP_SUMMARY}, GitLab's Markdown reports): per session one header line, one line
 * of counts and a table of its runs, steps, tools and handoffs with status, risk and duration; then,
 * when the policy flagged, blocked or approved any call, a table of those calls (tool, run,
 * decision, rule, reason, approver). Allowed calls are only counted.
 *
 * <p>All recorded text is escaped so that it shows as written and cannot add links, images,
 * HTML or table cells. A table stops after {@value #MAX_ROWS} rows and says how many it left out.
 */
final class MarkdownReplay implements SessionOutput {

    static final int MAX_ROWS = 100;
    private static final String INDENT = "\u2003";

    private final Appendable target;
    private final StringBuilder out = new StringBuilder();

    MarkdownReplay(Appendable target) throws IOException {
        this.target = target;
        line("## Ratri session replay");
        flush();
    }

    static String render(List<SessionNode> sessions, Map<String, SessionEvents> events, SkipReport skipped) {
        StringBuilder text = new StringBuilder();
        try {
            MarkdownReplay markdown = new MarkdownReplay(text);
            for (SessionNode session : sessions) {
                markdown.session(session, events.getOrDefault(session.sessionId(), SessionEvents.empty()));
            }
            markdown.finish(skipped);
        } catch (IOException e) {
            throw new UncheckedIOException("a StringBuilder does not fail", e);
        }
        return text.toString();
    }

    @Override
    public void session(SessionNode session, SessionEvents events) throws IOException {
        line("");
        session(session, events.size());
        flush();
    }

    @Override
    public void finish(SkipReport skipped) throws IOException {
        if (!skipped.isEmpty()) {
            line("");
            line("_" + escape(skipped.describe()) + "_");
        }
        flush();
    }

    private void flush() throws IOException {
        target.append(out);
        out.setLength(0);
    }

    private void session(SessionNode node, int eventCount) {
        SessionSummary session = SessionSummary.of(node, eventCount);
        List<String> header = new ArrayList<>();
        header.add(statusIcon(session.status()) + " " + (session.kind() == null ? "session" : escape(session.kind())));
        if (node.inputSummary() != null && !node.inputSummary().isEmpty()) {
            header.add(escape(node.inputSummary()));
        }
        header.add(session.status() + (session.durationMs() == null ? "" : " in " + TextReplay.duration(session.durationMs())));
        line("### " + String.join(" — ", header));
        line("session " + code(session.sessionId())
                + (session.agentKey() == null ? "" : " · agent " + code(session.agentKey()))
                + " · " + SessionList.count(session.runs(), "run")
                + " · " + SessionList.count(session.steps(), "step")
                + " · " + SessionList.count(session.tools(), "tool")
                + " · " + SessionList.count(session.handoffs(), "handoff")
                + " · " + SessionList.count(session.errors(), "error")
                + " · " + SessionList.count(session.events(), "event")
                + policyCounts(session.policy())
                + llmTotals(session.llm()));
        line("");
        line("| item | type | status | risk | duration |");
        line("|:--|:--|:--|:--|--:|");
        List<String> rows = new ArrayList<>();
        int[] leftOut = {0, 0};
        rows(node.children(), 0, rows, leftOut);
        rows.forEach(this::line);
        if (leftOut[0] > 0) {
            line("| … " + SessionList.count(leftOut[0], "more item") + " (" + leftOut[1]
                    + " failed or blocked): see `replay --html` | | | | |");
        }
        decisions(DecidedCall.of(node));
    }

    private static String llmTotals(LlmUsage llm) {
        if (llm.calls() == 0) {
            return "";
        }
        String usage = llm.describe();
        return " · " + SessionList.count(llm.calls(), "llm call") + (usage.isEmpty() ? "" : " (" + escape(usage) + ")");
    }

    private static String policyCounts(DecisionCounts counts) {
        if (counts.total() == 0) {
            return "";
        }
        return " · policy: " + counts.allowed() + " allow, " + counts.flagged() + " flag, " + counts.blocked()
                + " block, " + counts.approved() + " approved";
    }

    /** The calls a reviewer must look at: what the policy flagged, blocked or let through on an approval. */
    private void decisions(List<DecidedCall> calls) {
        List<DecidedCall> notable = calls.stream()
                .filter(call -> !Node.Policy.ALLOW.equals(call.decision().decision()))
                .toList();
        if (notable.isEmpty()) {
            return;
        }
        line("");
        line("**Policy decisions** (flagged, blocked, approved calls)");
        line("");
        line("| tool | run | decision | rule | reason | approver |");
        line("|:--|:--|:--|:--|:--|:--|");
        for (DecidedCall call : notable.subList(0, Math.min(MAX_ROWS, notable.size()))) {
            Node.Policy decision = call.decision();
            String approver = decision.approver() == null ? "" : escape(decision.approver())
                    + (decision.approvalId() == null ? "" : " (" + escape(decision.approvalId()) + ")");
            line("| " + (call.toolName() == null ? "?" : code(call.toolName()))
                    + " | " + escape(orUnknown(call.runLabel()))
                    + " | " + decisionIcon(decision.decision()) + " " + escape(orUnknown(decision.decision()))
                    + " | " + escape(orUnknown(decision.rule()))
                    + " | " + (decision.reason() == null ? "" : escape(decision.reason()))
                    + " | " + approver + " |");
        }
        if (notable.size() > MAX_ROWS) {
            line("| … " + SessionList.count(notable.size() - MAX_ROWS, "more decision") + ": see `replay --html` | | | | | |");
        }
    }

    private static String decisionIcon(String decision) {
        return switch (decision == null ? "" : decision) {
            case Node.Policy.FLAG -> "⚠️";
            case Node.Policy.BLOCK -> "⛔";
            case Node.Policy.APPROVED -> "✅";
            default -> "•";
        };
    }

    /** leftOut[0] counts rows past the limit, leftOut[1] those of them that failed or were blocked. */
    private static void rows(List<Node> nodes, int depth, List<String> rows, int[] leftOut) {
        for (Node node : nodes) {
            String row = row(node, depth);
            if (row != null) {
                if (rows.size() < MAX_ROWS) {
                    rows.add(row);
                } else {
                    leftOut[0]++;
                    String status = FailGate.status(node);
                    leftOut[1] += Outcome.FAILED_STATUS.equals(status) || Outcome.BLOCKED_STATUS.equals(status) ? 1 : 0;
                }
            }
            rows(node.children(), depth + 1, rows, leftOut);
        }
    }

    private static String row(Node node, int depth) {
        return node.accept(new Row(depth == 0 ? "" : INDENT.repeat(depth - 1) + "↳ "));
    }

    /** An entry's row of the table; null for the entries the table leaves out. */
    private static final class Row implements Node.Visitor<String> {
        private final String indent;

        Row(String indent) {
            this.indent = indent;
        }

        @Override
        public String run(Node.Run run) {
            return cells(indent + label(run.stepKey(), run.stepName(), run.runId()),
                    "run" + (run.role() == null ? "" : " (" + escape(run.role()) + ")"), run.outcome(), "");
        }

        @Override
        public String step(Node.Step step) {
            return cells(indent + label(step.stepKey(), step.stepName(), step.stepId()), "step", step.outcome(), "");
        }

        @Override
        public String tool(Node.Tool tool) {
            return cells(indent + code(tool.name() == null ? tool.toolCallId() : tool.name()), "tool", tool.outcome(),
                    tool.riskLevel() == null ? "" : riskIcon(tool.riskLevel()) + " " + escape(tool.riskLevel()));
        }

        @Override
        public String llm(Node.Llm llm) {
            String usage = llm.usage().describe();
            return cells(indent + "llm " + escape(orUnknown(llm.provider())) + (llm.model() == null ? "" : " " + code(llm.model()))
                    + (usage.isEmpty() ? "" : " — " + escape(usage)), "llm", llm.outcome(), "");
        }

        @Override
        public String handoff(Node.Handoff handoff) {
            String route = escape(orUnknown(handoff.sourceStepKey())) + " → " + escape(orUnknown(handoff.targetStepKey()));
            String status = FailGate.status(handoff);
            return "| " + indent + "handoff " + (handoff.reason() == null ? "" : "“" + escape(handoff.reason()) + "” ")
                    + route + " | handoff | " + statusIcon(status) + " " + status
                    + (handoff.failureReason() == null ? "" : ": " + escape(handoff.failureReason())) + " |  |  |";
        }

        /** The target run's side of a handoff: the handoff row already says it. */
        @Override
        public String handoffReceived(Node.HandoffReceived received) {
            return null;
        }

        /** Decisions have their own table. */
        @Override
        public String policy(Node.Policy policy) {
            return null;
        }

        @Override
        public String dropped(Node.Dropped dropped) {
            return "| " + indent + SessionList.count((int) Math.min(Integer.MAX_VALUE, dropped.count()), "event")
                    + " dropped (queue full) | agent |  |  |  |";
        }
    }

    private static String cells(String item, String type, Outcome outcome, String risk) {
        String status = statusIcon(outcome.status()) + " " + escape(outcome.status());
        if (outcome.error() != null) {
            status += ": " + escape((outcome.error().type() == null ? "error" : outcome.error().type())
                    + (outcome.error().message() == null ? "" : ": " + outcome.error().message()));
        }
        String duration = outcome.durationMs() == null ? "" : TextReplay.duration(outcome.durationMs());
        return "| " + item + " | " + type + " | " + status + " | " + risk + " | " + duration + " |";
    }

    private static String label(String stepKey, String stepName, String id) {
        if (stepKey == null) {
            return code(id) + " (start not recorded)";
        }
        return "**" + escape(stepKey) + "**" + (stepName == null || stepName.isEmpty() ? "" : " " + escape(stepName));
    }

    static String statusIcon(String status) {
        return switch (status == null ? "" : status) {
            case "completed" -> "✅";
            case "failed" -> "❌";
            case "blocked" -> "⛔";
            case "unfinished" -> "⏳";
            default -> "•";
        };
    }

    private static String riskIcon(String risk) {
        return switch (risk) {
            case "low" -> "🟢";
            case "medium" -> "🟡";
            case "high" -> "🟠";
            case "critical" -> "🔴";
            default -> "⚪";
        };
    }

    private static String orUnknown(String text) {
        return text == null ? "?" : text;
    }

    /** Inline code when the text holds no backtick (code spans cannot escape one), else escaped text. */
    static String code(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.contains("`") ? escape(flat) : "`" + flat.replace("|", "\\|") + "`";
    }

    /** Shows recorded text as written: no Markdown, no HTML, no line or cell breaks. */
    static String escape(String text) {
        String flat = text.replaceAll("\\s+", " ");
        StringBuilder escaped = new StringBuilder(flat.length() + 8);
        for (char c : flat.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                // the characters that start emphasis, code, links, strike-through or a table cell
                case '\\', '`', '*', '_', '[', ']', '|', '~' ->
                        escaped.append('\\').append(c);
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
