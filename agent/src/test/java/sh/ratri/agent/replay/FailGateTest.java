package sh.ratri.agent.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static sh.ratri.agent.replay.ReplayFixtures.failingRefund;
import static sh.ratri.agent.replay.TimelineFixture.supportOps;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FailGateTest {

    private static final String START = "2026-11-25T03:45:31.000000Z";

    @Test
    void statusesAreACommaListOfFailedBlockedOrUnfinished() {
        assertThat(FailGate.parseStatuses("failed, BLOCKED")).containsExactlyInAnyOrder("failed", "blocked");
        assertThatIllegalArgumentException().isThrownBy(() -> FailGate.parseStatuses("failed,completed"))
                .withMessage("--fail-on completed is not one of failed, blocked, unfinished, flagged, unapproved, "
                        + "new-tool, risk-up, missing-step");
        assertThatIllegalArgumentException().isThrownBy(() -> FailGate.parseStatuses("failed,"))
                .withMessage("--fail-on needs statuses");
    }

    @Test
    void completedSessionsPass() {
        var parsed = ReplayFixtures.parse(supportOps("s-1", START).lines());

        assertThat(FailGate.check(parsed.sessions(), Set.of("failed", "blocked"))).isEmpty();
    }

    @Test
    void reasonNamesTheSessionAndTheInnermostFailedItemWithItsError() {
        var parsed = ReplayFixtures.parse(supportOps("s-ok", START).lines(),
                failingRefund("s-bad", "2026-11-25T04:00:00.000000Z").lines());

        assertThat(FailGate.check(parsed.sessions(), Set.of("failed", "blocked"))).hasValue(
                "replay: --fail-on failed,blocked: session s-bad has failed tool payments.refund"
                        + " (java.lang.IllegalStateException: gateway down) (2 items in all)");
    }

    @Test
    void onlyTheNamedStatusesFail() {
        var parsed = ReplayFixtures.parse(failingRefund("s-bad", START).lines());

        assertThat(FailGate.check(parsed.sessions(), Set.of("blocked"))).isEmpty();
        assertThat(FailGate.check(parsed.sessions(), Set.of())).isEmpty();
    }

    @Test
    void blockedToolFailsABlockedGate() {
        var parsed = ReplayFixtures.parse(new TimelineFixture("s-1", START)
                .sessionStarted("pipeline", "", Map.of())
                .runStarted("run-1", null, "ops", "Ops", 0, "orchestrator")
                .toolStarted("tool-1", "run-1", "db.drop", "critical", "delete", null, null)
                .toolEnded("tool-1", "run-1", "blocked", 0.1, null)
                .runEnded("run-1", "completed", 1)
                .sessionEnded("completed", 2)
                .lines());

        assertThat(FailGate.check(parsed.sessions(), Set.of("blocked")))
                .hasValue("replay: --fail-on blocked: session s-1 has blocked tool db.drop");
    }

    @Test
    void handoffNoRunAcceptedCountsAsFailed() {
        var parsed = ReplayFixtures.parse(new TimelineFixture("s-1", START)
                .sessionStarted("pipeline", "", Map.of())
                .runStarted("run-1", null, "ops", "Ops", 0, "orchestrator")
                .handoffRequested("h-1", "run-1", "Delegate", Map.of())
                .handoffFailed("h-1", "run-1", "no child run accepted it")
                .runEnded("run-1", "completed", 1)
                .sessionEnded("completed", 2)
                .lines());

        assertThat(FailGate.check(parsed.sessions(), Set.of("failed")))
                .hasValue("replay: --fail-on failed: session s-1 has failed handoff \"Delegate\" (no child run accepted it)");
    }

    @Test
    void unfinishedSessionWithoutItemsFailsAnUnfinishedGate() {
        var parsed = ReplayFixtures.parse(new TimelineFixture("s-1", START)
                .sessionStarted("pipeline", "", Map.of()).lines());

        assertThat(FailGate.check(parsed.sessions(), Set.of("unfinished")))
                .hasValue("replay: --fail-on unfinished: session s-1 unfinished");
    }
}
