package sh.ratri.agent.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.agent.replay.BehaviourDiff.Item.HANDOFF;
import static sh.ratri.agent.replay.BehaviourDiff.Item.RUN;
import static sh.ratri.agent.replay.BehaviourDiff.Item.SESSION;
import static sh.ratri.agent.replay.BehaviourDiff.Item.STEP;
import static sh.ratri.agent.replay.BehaviourDiff.Item.TOOL;
import static sh.ratri.agent.replay.BehaviourDiff.Kind.ADDED;
import static sh.ratri.agent.replay.BehaviourDiff.Kind.COST;
import static sh.ratri.agent.replay.BehaviourDiff.Kind.DURATION;
import static sh.ratri.agent.replay.BehaviourDiff.Kind.MISSING;
import static sh.ratri.agent.replay.BehaviourDiff.Kind.MORE;
import static sh.ratri.agent.replay.BehaviourDiff.Kind.NOW_FAILS;
import static sh.ratri.agent.replay.BehaviourDiff.Kind.RISK_UP;
import static sh.ratri.agent.replay.BehaviourDiff.Kind.STATUS;
import static sh.ratri.agent.replay.BehaviourDiff.Kind.TOKENS;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BehaviourDiffTest {

    private static List<SessionProfile> profiles(List<String> lines) {
        ReplayFixtures.Parsed parsed = ReplayFixtures.parse(lines);
        return parsed.sessions().stream()
                .map(SessionProfile::of)
                .toList();
    }

    private static BehaviourDiff.Result diff() {
        return BehaviourDiff.compare(profiles(DiffFixtures.baseline()), profiles(DiffFixtures.current()),
                DiffThresholds.DEFAULT);
    }

    private static BehaviourDiff.Change change(BehaviourDiff.Kind kind, BehaviourDiff.Item item, String subject,
                                               String before, String after) {
        return new BehaviourDiff.Change(kind, item, subject, before, after);
    }

    @Test
    void testSessionsAreMatchedByUniqueIdAndEachKindOfChangeIsReported() {
        BehaviourDiff.Pair refund = diff().pairOf("c-refund");

        assertThat(refund.baseline().sessionId()).isEqualTo("b-refund");
        assertThat(refund.changes()).containsExactly(
                change(STATUS, SESSION, "status", "completed", "failed"),
                change(ADDED, RUN, "refund-agent › fraud-check", "0", "1"),
                change(MISSING, STEP, "refund-agent › verify-refund", "1", "0"),
                change(NOW_FAILS, TOOL, "orders.lookup", null, "IllegalStateException: gateway down"),
                change(RISK_UP, TOOL, "payments.refund", "low", "critical"),
                change(ADDED, TOOL, "payments.refund_partial", null, "medium"),
                change(TOKENS, SESSION, "tokens", "1200", "2600"),
                change(COST, SESSION, "cost", "0.012", "0.026"),
                change(DURATION, SESSION, "duration", "200.0", "500.0"));
        assertThat(refund.changes()).map(BehaviourDiff.Change::gate)
                .containsExactly(null, null, "missing-step", null, "risk-up", "new-tool", null, null, null);
    }

    @Test
    void sessionsWithoutATestIdAreMatchedByAgentKindAndInputAndCountsOfHandoffsRunsAndCallsAreCompared() {
        BehaviourDiff.Pair support = diff().pairOf("c-support");

        assertThat(support.baseline().sessionId()).isEqualTo("b-support");
        assertThat(support.changes()).containsExactly(
                change(ADDED, RUN, "orchestrator › escalation-worker", "0", "1"),
                change(ADDED, HANDOFF, "orchestrator → escalation-worker", "0", "1"),
                change(MORE, TOOL, "support.compose_reply", "1", "2"));
        assertThat(support.changes()).map(BehaviourDiff.Change::gate).containsOnlyNulls();
    }

    @Test
    void repeatedMatchesPairInOrderOfStartAndTheRestIsOnlyOnOneSide() {
        BehaviourDiff.Result diff = diff();

        assertThat(diff.pairOf("c-imp-1").baseline().sessionId()).isEqualTo("b-imp-1");
        assertThat(diff.pairOf("c-imp-2").baseline().sessionId()).isEqualTo("b-imp-2");
        assertThat(diff.pairOf("c-imp-1").changes()).isEmpty();
        assertThat(diff.pairOf("c-imp-2").changes()).isEmpty();
        assertThat(diff.onlyInCurrent()).map(SessionProfile::sessionId).containsExactly("c-added");
        assertThat(diff.onlyInBaseline()).map(SessionProfile::sessionId).containsExactly("b-removed");
        assertThat(diff.changed()).map(pair -> pair.current().sessionId()).containsExactly("c-refund", "c-support");
    }

    @Test
    void aThirdSessionWithTheSameKeyIsOnlyInThisRun() {
        List<String> current = new java.util.ArrayList<>(DiffFixtures.current());
        current.addAll(new TimelineFixture("c-imp-3", "2026-11-25T11:00:00.000000Z")
                .sessionStarted("implicit", "", Map.of()).sessionEnded("completed", 1).lines());

        BehaviourDiff.Result diff = BehaviourDiff.compare(profiles(DiffFixtures.baseline()), profiles(current),
                DiffThresholds.DEFAULT);

        assertThat(diff.onlyInCurrent()).map(SessionProfile::sessionId).containsExactly("c-added", "c-imp-3");
    }

    @Test
    void tokensCostAndDurationChangeOnlyBeyondThePercentageAndItsFloor() {
        DiffThresholds thresholds = new DiffThresholds(25);

        assertThat(thresholds.durationChanged(1_000.0, 1_240.0)).as("24%").isFalse();
        assertThat(thresholds.durationChanged(1_000.0, 1_250.0)).as("25%").isTrue();
        assertThat(thresholds.durationChanged(1_000.0, 700.0)).as("-30%").isTrue();
        assertThat(thresholds.durationChanged(10.0, 90.0)).as("+800% but 80 ms").isFalse();
        assertThat(thresholds.tokensChanged(100L, 150L)).as("+50% but 50 tokens").isFalse();
        assertThat(thresholds.tokensChanged(1_000L, 1_300L)).isTrue();
        assertThat(thresholds.tokensChanged(null, 1_300L)).as("not recorded before").isFalse();
        assertThat(thresholds.costChanged(0.0, 0.002)).as("from nothing").isTrue();
        assertThat(DiffThresholds.parse("10%").percent()).isEqualTo(10);
        assertThat(DiffThresholds.parse("0").percent()).isZero();
    }

    @Test
    void tokensAreInputPlusOutputAndCostIsSummedOverTheModelCalls() {
        TimelineFixture t = new TimelineFixture("s", "2026-11-25T10:00:00.000000Z").sessionStarted("chat", "", Map.of());
        DiffFixtures.llmEnded(t, "run-a", 100, 20, 0.5);
        DiffFixtures.llmEnded(t, "run-b", 300, 80, 0.25);

        SessionProfile profile = profiles(t.lines()).get(0);

        assertThat(profile.tokens()).isEqualTo(500L);
        assertThat(profile.costUsd()).isEqualTo(0.75);
        assertThat(profiles(DiffFixtures.baseline()).get(2).tokens()).as("no llm.ended: unknown, not zero").isNull();
    }

    @Test
    void gateFailsOnTheNamedChangesWithOneLineNamingTheSessionAndTheFirstCause() {
        BehaviourDiff.Result diff = diff();

        assertThat(DiffGate.check(diff, Set.of("new-tool"))).hasValue("replay: --fail-on new-tool: session c-refund "
                + "(RefundTest#refunds \"refunds()\") calls a new tool payments.refund_partial");
        assertThat(DiffGate.check(diff, Set.of("risk-up"))).hasValue("replay: --fail-on risk-up: session c-refund "
                + "(RefundTest#refunds \"refunds()\") calls tool payments.refund at risk critical (baseline low)");
        assertThat(DiffGate.check(diff, Set.of("missing-step", "new-tool"))).hasValue("replay: --fail-on "
                + "new-tool,missing-step: session c-refund (RefundTest#refunds \"refunds()\") lacks step "
                + "refund-agent › verify-refund (baseline b-refund) (2 changes in all)");
        assertThat(DiffGate.check(diff, Set.of("failed"))).isEmpty();
    }

    @Test
    void aMissingRunCountsAsAMissingStep() {
        BehaviourDiff.Result reversed = BehaviourDiff.compare(profiles(DiffFixtures.current()),
                profiles(DiffFixtures.baseline()), DiffThresholds.DEFAULT);

        assertThat(reversed.pairOf("b-support").changes()).contains(
                change(MISSING, RUN, "orchestrator › escalation-worker", "1", "0"));
        assertThat(DiffGate.check(reversed, Set.of("missing-step"))).hasValueSatisfying(reason -> assertThat(reason)
                .contains("lacks run refund-agent › fraud-check").endsWith("(2 changes in all)"));
    }

    @Test
    void unchangedRunsPassEveryGate() {
        List<SessionProfile> same = profiles(DiffFixtures.baseline());

        BehaviourDiff.Result diff = BehaviourDiff.compare(same, profiles(DiffFixtures.baseline()), DiffThresholds.DEFAULT);

        assertThat(diff.isEmpty()).isTrue();
        assertThat(DiffGate.check(diff, Set.copyOf(BehaviourDiff.GATES))).isEmpty();
    }

    @Test
    void sessionsWithoutAStartSortFirstAndStillMatch() {
        SessionProfile lost = new SessionProfile("x", null, "a", null, null, Map.of(), null, "unfinished", null, null,
                null, Map.of(), Map.of(), Map.of(), Map.of());
        SessionProfile found = new SessionProfile("y", null, "a", null, null, Map.of(), Instant.EPOCH, "unfinished",
                null, null, null, Map.of(), Map.of(), Map.of(), Map.of());

        BehaviourDiff.Result diff = BehaviourDiff.compare(List.of(found, lost), List.of(lost), DiffThresholds.DEFAULT);

        assertThat(diff.pairs().get(0).baseline().sessionId()).isEqualTo("x");
    }
}
