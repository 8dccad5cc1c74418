package sh.ratri.agent.replay;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code replay --diff} as text (the default): a summary line, the totals, then per changed
 * session one header line and one line per change, then the sessions found on one side only:
 *
 * <pre>
 * diff: 3 sessions against 3 in the baseline (threshold 25%): 2 matched, 1 changed, 1 only in this run, 1 only in the baseline
 * totals: tokens 1,200 → 2,600 (+117%) · cost $0.012 → $0.026 (+117%) · duration 1.20 s → 1.25 s (+4%)
 *
 * changed  RefundTest#refunds "refunds()"  session s-2  (baseline b-2)
 *   status completed → failed
 *   + tool payments.refund_partial  risk=low  [new-tool]
 *   - step refund-agent › verify-refund  [missing-step]
 *   ↑ tool payments.refund  risk low → critical  [risk-up]
 *   ✕ tool orders.lookup now fails: IllegalStateException: gateway down
 *   ~ tokens 1,200 → 2,600 (+117%)
 * only in this run       NewTest#added "added()"  session s-3
 * only in the baseline   OldTest#removed "removed()"  session b-3
 * </pre>
 * The phrasing of each change is shared with the Markdown and HTML views ({@link #describe}).
 */
final class DiffText {

    private DiffText() {}

    static void render(BehaviourDiff.Result diff, PrintStream out) {
        out.println(summary(diff));
        out.println("totals: " + totals(diff));
        for (BehaviourDiff.Pair pair : diff.changed()) {
            out.println();
            out.println("changed  " + oneLine(pair.current().title()) + "  session " + pair.current().sessionId()
                    + "  (baseline " + pair.baseline().sessionId() + ")");
            for (BehaviourDiff.Change change : pair.changes()) {
                out.println("  " + symbol(change) + " " + oneLine(describe(change))
                        + (change.gate() == null ? "" : "  [" + change.gate() + "]"));
            }
        }
        if (!diff.onlyInCurrent().isEmpty() || !diff.onlyInBaseline().isEmpty()) {
            out.println();
        }
        for (SessionProfile session : diff.onlyInCurrent()) {
            out.println("only in this run       " + oneLine(session.title()) + "  session " + session.sessionId());
        }
        for (SessionProfile session : diff.onlyInBaseline()) {
            out.println("only in the baseline   " + oneLine(session.title()) + "  session " + session.sessionId());
        }
        if (diff.isEmpty()) {
            out.println("no behaviour change");
        }
    }

    static String summary(BehaviourDiff.Result diff) {
        return "diff: " + SessionList.count(diff.current().sessions(), "session") + " against "
                + diff.baseline().sessions() + " in the baseline (threshold " + diff.thresholds().describe() + "): "
                + diff.pairs().size() + " matched, " + diff.changed().size() + " changed, "
                + diff.onlyInCurrent().size() + " only in this run, " + diff.onlyInBaseline().size()
                + " only in the baseline";
    }

    static String totals(BehaviourDiff.Result diff) {
        BehaviourDiff.Totals before = diff.baseline();
        BehaviourDiff.Totals after = diff.current();
        List<String> parts = new ArrayList<>();
        parts.add("tokens " + (before.tokens() == null ? "—" : tokens(before.tokens())) + " → "
                + (after.tokens() == null ? "—" : tokens(after.tokens()))
                + (before.tokens() == null || after.tokens() == null ? "" : percent(before.tokens(), after.tokens())));
        parts.add("cost " + (before.costUsd() == null ? "—" : usd(before.costUsd())) + " → "
                + (after.costUsd() == null ? "—" : usd(after.costUsd()))
                + (before.costUsd() == null || after.costUsd() == null ? "" : percent(before.costUsd(), after.costUsd())));
        parts.add("duration " + TextReplay.duration(before.durationMs()) + " → " + TextReplay.duration(after.durationMs())
                + percent(before.durationMs(), after.durationMs()));
        return String.join(" · ", parts);
    }

    /** The change in words, without its symbol or gate: {@code tool deploy.prod risk low → critical}. */
    static String describe(BehaviourDiff.Change change) {
        String item = change.item().label() + " " + change.subject();
        return switch (change.kind()) {
            case ADDED -> item + (change.item() == BehaviourDiff.Item.TOOL
                    ? (change.after() == null ? "" : "  risk=" + change.after())
                    : times(change.after()));
            case MISSING -> item + (change.item() == BehaviourDiff.Item.TOOL ? "" : times(change.before()));
            case MORE, FEWER -> item + " " + (change.item() == BehaviourDiff.Item.TOOL ? "called" : "seen") + " "
                    + change.before() + " → " + change.after() + " times";
            case RISK_UP, RISK_DOWN -> item + "  risk " + change.before() + " → " + change.after();
            case NOW_FAILS -> item + " now fails" + (change.after() == null ? "" : ": " + change.after());
            case STATUS -> "status " + change.before() + " → " + change.after();
            case TOKENS -> "tokens " + tokens(Long.parseLong(change.before())) + " → " + tokens(Long.parseLong(change.after()))
                    + percent(Double.parseDouble(change.before()), Double.parseDouble(change.after()));
            case COST -> "cost " + usd(Double.parseDouble(change.before())) + " → " + usd(Double.parseDouble(change.after()))
                    + percent(Double.parseDouble(change.before()), Double.parseDouble(change.after()));
            case DURATION -> "duration " + TextReplay.duration(Double.parseDouble(change.before())) + " → "
                    + TextReplay.duration(Double.parseDouble(change.after()))
                    + percent(Double.parseDouble(change.before()), Double.parseDouble(change.after()));
        };
    }

    /** One character that says which way it went: + added, - missing, ↑ risk or count up, ✕ fails, ~ figures. */
    static String symbol(BehaviourDiff.Change change) {
        return switch (change.kind()) {
            case ADDED -> "+";
            case MISSING -> "-";
            case MORE, RISK_UP -> "↑";
            case FEWER, RISK_DOWN -> "↓";
            case NOW_FAILS -> "✕";
            case STATUS -> "!";
            case TOKENS, COST, DURATION -> "~";
        };
    }

    private static String times(String count) {
        return count == null || count.equals("1") ? "" : " (×" + count + ")";
    }

    static String tokens(long tokens) {
        return String.format(Locale.ROOT, "%,d", tokens);
    }

    private static String usd(double usd) {
        return LlmUsage.usd(usd);
    }

    static String percent(double before, double after) {
        if (before == 0) {
            return after == 0 ? " (±0%)" : "";
        }
        return String.format(Locale.ROOT, " (%+.0f%%)", (after - before) * 100 / Math.abs(before));
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\p{Cntrl}+", " ");
    }
}
