package sh.ratri.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.examples.support.EventLog;
import sh.ratri.examples.support.EventSchema;
import sh.ratri.examples.support.ForkedJvm;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.examples.support.EventLog.attr;
import static sh.ratri.examples.support.EventLog.text;

/**
 * Handoffs as the SDK records them: a requested handoff waits on its source run, also after the
 * requesting method returned, for the first child run under that run on any thread; it fails only
 * when the run ends first. One forked JVM runs every case, each its own session.
 */
class HandoffsIT {

    @TempDir
    static Path dir;
    private static ForkedJvm.Result result;
    private static EventLog log;

    @BeforeAll
    static void runScenario() throws Exception {
        result = ForkedJvm.scenario("handoffs").in(dir).run();
        log = result.events();
    }

    /** The case's handoff was completed by its one drafter run, a child of the orchestrator; nothing failed. */
    private static void completedByTheDrafter(String how, String ticketId) {
        EventLog session = log.session(how, "");
        JsonNode orchestrator = session.started("run.started", "orchestrator");
        JsonNode drafter = session.started("run.started", "drafter");
        JsonNode requested = session.single("handoff.requested");
        JsonNode completed = session.single("handoff.completed");
        assertThat(session.ofType("handoff.failed")).as(how).isEmpty();
        assertThat(attr(requested, "reason")).isEqualTo("Draft reply for " + ticketId);
        assertThat(requested.at("/attributes/payloadSummary/ticketId").asText()).isEqualTo(ticketId);
        assertThat(attr(requested, "sourceRunId")).isEqualTo(text(orchestrator, "runId"));
        assertThat(text(completed, "handoffId")).isEqualTo(text(requested, "handoffId"));
        assertThat(text(completed, "runId")).as(how).isEqualTo(text(drafter, "runId"));
        assertThat(attr(completed, "sourceRunId")).isEqualTo(text(orchestrator, "runId"));
        assertThat(text(drafter, "parentRunId")).isEqualTo(text(orchestrator, "runId"));
        assertThat(completed.path("sequence").asLong()).isGreaterThan(drafter.path("sequence").asLong());
    }

    @Test
    void everyEventIsValidAndTheApplicationPrintsWhatItReturns() {
        EventSchema.assertAllValid(log.all());
        assertThat(result.stdout()).isEqualTo(String.join(System.lineSeparator(), "after-return: draft for T-1",
                "other-thread: draft for T-2", "handed-to-thread: draft for T-3", "nested: draft for T-4",
                "unanswered: triaged T-5", "explicit: draft for T-6", "explicit-unanswered: triaged T-7", ""));
    }

    @Test
    void handoffWhoseMethodReturnedIsCompletedByTheNextChildRun() {
        completedByTheDrafter("after-return", "T-1");
    }

    @Test
    void handoffWhoseMethodReturnedIsCompletedByAChildRunOnAPoolThread() {
        completedByTheDrafter("other-thread", "T-2");
        assertThat(text(log.session("other-thread", "").started("run.started", "drafter"), "thread"))
                .isNotEqualTo("main");
    }

    @Test
    void handoffMethodThatHandsTheWorkToAThreadAndReturnsIsCompletedThere() {
        completedByTheDrafter("handed-to-thread", "T-3");
        EventLog session = log.session("handed-to-thread", "");
        JsonNode drafter = session.started("run.started", "drafter");
        assertThat(text(drafter, "thread")).isNotEqualTo("main");
    }

    @Test
    void nestedDelegationStillCompletesInsideTheHandoffMethod() {
        completedByTheDrafter("nested", "T-4");
    }

    @Test
    void handoffNobodyTakesFailsOnlyWhenItsRunEnds() {
        EventLog session = log.session("unanswered", "");
        JsonNode orchestrator = session.started("run.started", "orchestrator");
        JsonNode failed = session.single("handoff.failed");
        assertThat(attr(failed, "reason")).isEqualTo("Draft reply for T-5");
        assertThat(attr(failed, "sourceRunId")).isEqualTo(text(orchestrator, "runId"));
        assertThat(text(failed, "handoffId")).isEqualTo(text(session.single("handoff.requested"), "handoffId"));
        // after the step the run took once the handoff method had returned, just before the run ends
        assertThat(session.types()).containsExactly("session.started", "run.started", "handoff.requested",
                "step.started", "step.ended", "handoff.failed", "run.ended", "session.ended");
    }

    @Test
    void explicitApiHandoffsWaitOnTheRunLikeTheAnnotation() {
        completedByTheDrafter("explicit", "T-6");
        EventLog unanswered = log.session("explicit-unanswered", "");
        assertThat(unanswered.types()).containsExactly("session.started", "run.started", "handoff.requested",
                "step.started", "step.ended", "handoff.failed", "run.ended", "session.ended");
    }
}
