package sh.ratri.agent.replay;

import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code replay --list}: one line per session, newest first, in aligned columns:
 *
 * <pre>
 * 0197f3c2-…-0001  support-ops  pipeline  2026-11-25T03:56:48.017Z  76.5 ms  completed  2 runs  1 tool  1 handoff  0 errors  0 flagged  0 blocked  2 llm calls  1200/300 tokens  $0.0123
 * </pre>
 *
 * An unknown value shows as {@code -}; {@code errors} is {@link SessionSummary#errors()};
 * {@code flagged} and {@code blocked} count the policy's flag and block decisions; then the model
 * calls, their input/output tokens and their cost, when any session listed made a model call.
 */
final class SessionList {

    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String UNKNOWN = "-";
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");
    private static final int DURATION_COLUMN = 4;

    private SessionList() {}

    static void render(List<SessionSummary> sessions, PrintStream out) {
        List<SessionSummary> newestFirst = sessions.stream()
                .sorted(Comparator.comparing(SessionSummary::start).thenComparing(SessionSummary::sessionId).reversed())
                .toList();
        boolean anyLlm = newestFirst.stream().anyMatch(session -> session.llm().calls() > 0);
        List<List<String>> rows = newestFirst.stream().map(session -> columns(session, anyLlm)).toList();
        int[] widths = new int[rows.isEmpty() ? 0 : rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                boolean last = i == row.size() - 1;
                // durations read best right-aligned (" 3.1 ms" over "12.4 ms"), the rest left-aligned
                boolean number = i == DURATION_COLUMN;
                String padding = " ".repeat(last ? 0 : widths[i] - cell.length());
                line.append(number ? padding + cell : cell + padding);
                if (!last) {
                    line.append("  ");
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static List<String> columns(SessionSummary session, boolean withLlm) {
        List<String> columns = new ArrayList<>();
        columns.add(session.sessionId());
        columns.add(orUnknown(session.agentKey()));
        columns.add(orUnknown(session.kind()));
        columns.add(session.start() == null ? UNKNOWN : MILLIS.format(session.start()));
        columns.add(session.durationMs() == null ? UNKNOWN : TextReplay.duration(session.durationMs()));
        columns.add(session.status());
        columns.add(count(session.runs(), "run"));
        columns.add(count(session.tools(), "tool"));
        columns.add(count(session.handoffs(), "handoff"));
        columns.add(count(session.errors(), "error"));
        columns.add(session.policy().flagged() + " flagged");
        columns.add(session.policy().blocked() + " blocked");
        if (!withLlm) {
            return columns;
        }
        columns.add(count(session.llm().calls(), "llm call"));
        columns.add(tokens(session.llm()));
        columns.add(session.llm().costUsd() == null ? UNKNOWN : LlmUsage.usd(session.llm().costUsd()));
        return columns;
    }

    private static String tokens(LlmUsage llm) {
        if (llm.inputTokens() == null && llm.outputTokens() == null) {
            return UNKNOWN;
        }
        return (llm.inputTokens() == null ? 0 : llm.inputTokens()) + "/" + (llm.outputTokens() == null ? 0 : llm.outputTokens())
                + " tokens";
    }

    private static String orUnknown(String value) {
        if (value == null || value.isEmpty()) {
            return UNKNOWN;
        }
        return WHITE_SPACE.matcher(value).replaceAll(" ");
    }

    static String count(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
