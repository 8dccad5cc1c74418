package sh.ratri.agent.replay;

import java.io.IOException;
import java.util.List;

/**
 * {@code replay --diff BASELINE --markdown FILE|-}: the diff for a CI job summary, instead of the
 * per-session tables (a test suite's hundreds of sessions would bury the few that changed). A
 * summary line, the totals, one table of every change (session, change, the gate it fails) and
 * the sessions found on one side only. Recorded text is escaped as in {@link MarkdownReplay}; the
 * tables stop after {@value MarkdownReplay#MAX_ROWS} rows and say how many they left out.
 */
final class MarkdownDiff implements SessionOutput {

    private final Appendable target;
    private final BehaviourDiff.Result diff;

    MarkdownDiff(Appendable target, BehaviourDiff.Result diff) {
        this.target = target;
        this.diff = diff;
    }

    /** The diff is known before the first session; the sessions themselves are not listed. */
    @Override
    public void session(SessionNode session, SessionEvents events) {
    }

    @Override
    public void finish(SkipReport skipped) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("## Ratri behaviour diff\n\n");
        List<BehaviourDiff.Pair> changed = diff.changed();
        boolean gated = changed.stream().flatMap(pair -> pair.changes().stream()).anyMatch(c -> c.gate() != null);
        out.append(gated ? "⚠️ " : diff.isEmpty() ? "✅ " : "ℹ️ ")
                .append(MarkdownReplay.escape(DiffText.summary(diff))).append("\n\n");
        out.append("**Totals** ").append(MarkdownReplay.escape(DiffText.totals(diff))).append("\n");
        if (!changed.isEmpty()) {
            out.append("\n| session | change | gate |\n|:--|:--|:--|\n");
            int rows = 0;
            int total = 0;
            for (BehaviourDiff.Pair pair : changed) {
                for (BehaviourDiff.Change change : pair.changes()) {
                    total++;
                    if (rows < MarkdownReplay.MAX_ROWS) {
                        rows++;
                        out.append("| ").append(MarkdownReplay.escape(pair.current().title())).append(" ")
                                .append(MarkdownReplay.code(pair.current().sessionId()))
                                .append(" | ").append(MarkdownReplay.escape(DiffText.symbol(change) + " " + DiffText.describe(change)))
                                .append(" | ").append(change.gate() == null ? "" : "`" + change.gate() + "`").append(" |\n");
                    }
                }
            }
            if (total > rows) {
                out.append("| … ").append(SessionList.count(total - rows, "more change"))
                        .append(": see `replay --diff` or `--html` | | |\n");
            }
        }
        onlyOn(out, "Only in this run", diff.onlyInCurrent());
        onlyOn(out, "Only in the baseline", diff.onlyInBaseline());
        if (!skipped.isEmpty()) {
            out.append("\n_").append(MarkdownReplay.escape(skipped.describe())).append("_\n");
        }
        target.append(out);
    }

    private static void onlyOn(StringBuilder out, String heading, List<SessionProfile> sessions) {
        if (sessions.isEmpty()) {
            return;
        }
        out.append("\n**").append(heading).append("** (").append(sessions.size()).append(")\n\n");
        int shown = Math.min(MarkdownReplay.MAX_ROWS, sessions.size());
        for (SessionProfile session : sessions.subList(0, shown)) {
            out.append("- ").append(MarkdownReplay.statusIcon(session.status())).append(" ")
                    .append(MarkdownReplay.escape(session.title())).append(" ")
                    .append(MarkdownReplay.code(session.sessionId())).append("\n");
        }
        if (sessions.size() > shown) {
            out.append("- … ").append(sessions.size() - shown).append(" more\n");
        }
    }
}
