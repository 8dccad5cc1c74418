package sh.ratri.agent.replay;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code replay --diff BASELINE}: what this run's sessions did differently from a baseline's.
 *
 * <p>Sessions are matched by their metadata {@code uniqueId} (a test's id) when they have one,
 * else by agent key + session kind + input summary. Several sessions with the same key pair up in
 * order of start, the first with the first; those left over on either side are reported as only
 * in the baseline or only in this run.
 *
 * <p>Of each matched pair it reports: runs, steps, handoffs and tools that appear on one side only
 * (added, missing) or a different number of times (more, fewer); a tool whose highest risk rose
 * (or fell); a tool whose calls now fail where none failed before; a changed session status; and
 * tokens, cost and duration that changed by at least {@link DiffThresholds the thresholds}.
 */
final class BehaviourDiff {

    /** What changed; {@link #label()} is its name in {@code --json} and the HTML page ({@code risk-up}). */
    enum Kind {
        ADDED, MISSING, MORE, FEWER, RISK_UP, RISK_DOWN, NOW_FAILS, STATUS, TOKENS, COST, DURATION;

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** What it changed on. */
    enum Item {
        RUN, STEP, HANDOFF, TOOL, SESSION;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code --fail-on} names of the changes that can fail a diff. */
    static final String NEW_TOOL = "new-tool";
    static final String RISK_UP = "risk-up";
    static final String MISSING_STEP = "missing-step";
    static final List<String> GATES = List.of(NEW_TOOL, RISK_UP, MISSING_STEP);

    /**
     * One change: {@code subject} names the item (a tool's name, a run's path, a handoff's route),
     * {@code before} and {@code after} the values compared (null where they do not apply).
     */
    record Change(Kind kind, Item item, String subject, String before, String after) {

        /** The {@code --fail-on} name this change matches, or null: a missing run counts as a missing step. */
        String gate() {
            if (kind == Kind.ADDED && item == Item.TOOL) {
                return NEW_TOOL;
            } else if (kind == Kind.RISK_UP) {
                return RISK_UP;
            } else if (kind == Kind.MISSING && (item == Item.STEP || item == Item.RUN)) {
                return MISSING_STEP;
            }
            return null;
        }
    }

    /** A baseline session and this run's session matched to it, with what changed between them. */
    record Pair(SessionProfile baseline, SessionProfile current, List<Change> changes) {}

    /** Sums over every session of one side; null where no session recorded the figure. */
    record Totals(int sessions, Long tokens, Double costUsd, double durationMs) {
        static Totals of(List<SessionProfile> sessions) {
            Long tokens = null;
            Double cost = null;
            double duration = 0;
            for (SessionProfile session : sessions) {
                if (session.tokens() != null) {
                    tokens = (tokens == null ? 0 : tokens) + session.tokens();
                }
                if (session.costUsd() != null) {
                    cost = (cost == null ? 0 : cost) + session.costUsd();
                }
                duration += session.durationMs() == null ? 0 : session.durationMs();
            }
            return new Totals(sessions.size(), tokens, cost, duration);
        }
    }

    /**
     * @param pairs          every matched pair, changed or not, in this run's replay order
     * @param onlyInBaseline baseline sessions no session of this run matched, in replay order
     * @param onlyInCurrent  sessions of this run no baseline session matched, in replay order
     */
    record Result(List<Pair> pairs, List<SessionProfile> onlyInBaseline, List<SessionProfile> onlyInCurrent,
                  Totals baseline, Totals current, DiffThresholds thresholds) {

        List<Pair> changed() {
            return pairs.stream().filter(pair -> !pair.changes().isEmpty()).toList();
        }

        boolean isEmpty() {
            return onlyInBaseline.isEmpty() && onlyInCurrent.isEmpty() && changed().isEmpty();
        }

        /** The pair this run's session belongs to, or null. */
        Pair pairOf(String currentSessionId) {
            return pairs.stream().filter(pair -> pair.current().sessionId().equals(currentSessionId))
                    .findFirst().orElse(null);
        }
    }

    private BehaviourDiff() {}

    /** Both lists in replay order (start, then id). */
    static Result compare(List<SessionProfile> baseline, List<SessionProfile> current, DiffThresholds thresholds) {
        Map<String, Deque<SessionProfile>> unmatched = new LinkedHashMap<>();
        for (SessionProfile session : inStartOrder(baseline)) {
            unmatched.computeIfAbsent(matchKey(session), key -> new ArrayDeque<>()).add(session);
        }
        List<Pair> pairs = new ArrayList<>();
        List<SessionProfile> onlyInCurrent = new ArrayList<>();
        for (SessionProfile session : inStartOrder(current)) {
            Deque<SessionProfile> candidates = unmatched.get(matchKey(session));
            SessionProfile match = candidates == null ? null : candidates.poll();
            if (match == null) {
                onlyInCurrent.add(session);
            } else {
                pairs.add(new Pair(match, session, changes(match, session, thresholds)));
            }
        }
        List<SessionProfile> onlyInBaseline = inStartOrder(
                unmatched.values().stream().flatMap(Deque::stream).toList());
        return new Result(pairs, onlyInBaseline, onlyInCurrent, Totals.of(baseline), Totals.of(current), thresholds);
    }

    /** A test's id when it has one; else agent, kind and input summary, which a re-run repeats. */
    static String matchKey(SessionProfile session) {
        if (session.uniqueId() != null) {
            return "uniqueId\u0000" + session.uniqueId();
        }
        return "session\u0000" + session.agentKey() + "\u0000" + session.kind() + "\u0000" + session.inputSummary();
    }

    private static List<SessionProfile> inStartOrder(List<SessionProfile> sessions) {
        return sessions.stream()
                .sorted(Comparator.comparing(SessionProfile::start, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(SessionProfile::sessionId))
                .toList();
    }

    static List<Change> changes(SessionProfile before, SessionProfile after, DiffThresholds thresholds) {
        List<Change> changes = new ArrayList<>();
        if (!Objects.equals(before.status(), after.status())) {
            changes.add(new Change(Kind.STATUS, Item.SESSION, "status", before.status(), after.status()));
        }
        counted(Item.RUN, before.runs(), after.runs(), changes);
        counted(Item.STEP, before.steps(), after.steps(), changes);
        counted(Item.HANDOFF, before.handoffs(), after.handoffs(), changes);
        tools(before.tools(), after.tools(), changes);
        if (thresholds.tokensChanged(before.tokens(), after.tokens())) {
            changes.add(new Change(Kind.TOKENS, Item.SESSION, "tokens", before.tokens().toString(),
                    after.tokens().toString()));
        }
        if (thresholds.costChanged(before.costUsd(), after.costUsd())) {
            changes.add(new Change(Kind.COST, Item.SESSION, "cost", before.costUsd().toString(),
                    after.costUsd().toString()));
        }
        if (thresholds.durationChanged(before.durationMs(), after.durationMs())) {
            changes.add(new Change(Kind.DURATION, Item.SESSION, "duration", before.durationMs().toString(),
                    after.durationMs().toString()));
        }
        return List.copyOf(changes);
    }

    private static void counted(Item item, Map<String, Integer> before, Map<String, Integer> after, List<Change> changes) {
        for (String name : union(before.keySet(), after.keySet())) {
            int was = before.getOrDefault(name, 0);
            int now = after.getOrDefault(name, 0);
            Kind kind = was == 0 ? Kind.ADDED : now == 0 ? Kind.MISSING : now > was ? Kind.MORE : now < was ? Kind.FEWER : null;
            if (kind != null) {
                changes.add(new Change(kind, item, name, String.valueOf(was), String.valueOf(now)));
            }
        }
    }

    private static void tools(Map<String, SessionProfile.ToolUse> before, Map<String, SessionProfile.ToolUse> after,
                              List<Change> changes) {
        for (String name : union(before.keySet(), after.keySet())) {
            SessionProfile.ToolUse was = before.get(name);
            SessionProfile.ToolUse now = after.get(name);
            if (was == null) {
                changes.add(new Change(Kind.ADDED, Item.TOOL, name, null, now.maxRisk()));
                if (now.failures() > 0) {
                    changes.add(new Change(Kind.NOW_FAILS, Item.TOOL, name, null, now.firstError()));
                }
                continue;
            }
            if (now == null) {
                changes.add(new Change(Kind.MISSING, Item.TOOL, name, was.maxRisk(), null));
                continue;
            }
            if (now.calls() != was.calls()) {
                changes.add(new Change(now.calls() > was.calls() ? Kind.MORE : Kind.FEWER, Item.TOOL, name,
                        String.valueOf(was.calls()), String.valueOf(now.calls())));
            }
            int riskWas = SessionProfile.riskRank(was.maxRisk());
            int riskNow = SessionProfile.riskRank(now.maxRisk());
            if (riskWas >= 0 && riskNow >= 0 && riskNow != riskWas) {
                changes.add(new Change(riskNow > riskWas ? Kind.RISK_UP : Kind.RISK_DOWN, Item.TOOL, name,
                        was.maxRisk(), now.maxRisk()));
            }
            if (was.failures() == 0 && now.failures() > 0) {
                changes.add(new Change(Kind.NOW_FAILS, Item.TOOL, name, null, now.firstError()));
            }
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
