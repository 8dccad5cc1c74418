package sh.ratri.junit;

import org.junit.jupiter.api.Test;
import sh.ratri.examples.supportops.SupportOpsPipeline;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The extension on the support-ops example, in this module's own test run, which Surefire starts
 * under the agent as the README's CI recipe says ({@code argLine}).
 */
@RatriTimeline
class SupportOpsTimelineTest {

    @Test
    void seesTheEscalationItsCodeHandled(RecordedTimeline timeline) {
        String reply = new SupportOpsPipeline().handle(SupportOpsPipeline.escalation());
        assertThat(reply).isNotBlank();

        Sessions.Session test = timeline.sessions().ofKind("test").single();
        assertThat(test.inputSummary()).isEqualTo("seesTheEscalationItsCodeHandled(RecordedTimeline)");
        assertThat(test.metadata()).containsEntry("testClass", SupportOpsTimelineTest.class.getName())
                .containsEntry("testMethod", "seesTheEscalationItsCodeHandled");
        assertThat(test.status()).isEqualTo("unfinished"); // it ends with the test
        Sessions.Session pipeline = timeline.sessions().ofKind("pipeline").withStatus("completed").single();
        assertThat(pipeline.inputSummary()).isEqualTo("Handle urgent enterprise support escalation");
        assertThat(pipeline.metadata()).containsEntry("triggerKind", "support_escalation")
                .containsEntry("parentSessionId", test.sessionId());

        timeline.runs("orchestrator").withStatus("completed").assertCount(1);
        timeline.runs("response-worker").childrenOf("orchestrator").withStatus("completed").assertCount(1);
        Handoffs.Handoff handoff = timeline.handoffs().from("orchestrator").to("response-worker")
                .withStatus("completed").single();
        assertThat(handoff.reason()).isEqualTo("Delegate customer response draft");
        assertThat(handoff.payloadSummary()).containsEntry("ticketId", "SUP-123").containsEntry("priority", "urgent");
        ToolCalls.Call reply_ = timeline.tools("support.*").withRisk("low").withStatus("completed")
                .inRun("response-worker").single();
        assertThat(reply_.name()).isEqualTo("support.compose_reply");
        assertThat(reply_.resource()).isEqualTo("work_item:SUP-123");
        assertThat(reply_.decision()).isNull();
        timeline.policyDecisions().assertNone();
        assertThat(timeline.tokens().calls()).isZero();
        assertThat(timeline.lost()).isZero();
    }

    @Test
    void listsTheEventsInTheOrderTheyHappened(RecordedTimeline timeline) {
        new SupportOpsPipeline().handle(SupportOpsPipeline.escalation());

        List<RecordedEvent> events = timeline.events();
        assertThat(events).extracting(RecordedEvent::type).containsExactly(
                "session.started", "session.started", "run.started", "step.started", "step.ended",
                "handoff.requested", "run.started", "handoff.completed", "tool.started", "tool.ended", "run.ended",
                "run.ended", "session.ended");
        assertThat(events).extracting(RecordedEvent::sequence).isSorted();
        assertThat(timeline.events("tool.started").get(0).attribute("tool.riskLevel")).isEqualTo("low");
    }

    @Test
    void startsWithNothingOfTheTestsBefore(RecordedTimeline timeline) {
        assertThat(timeline.events()).isEmpty();
        timeline.sessions().assertNone();
    }

    @Test
    void aFailedAssertionNamesWhatWasRecorded(RecordedTimeline timeline) {
        new SupportOpsPipeline().handle(SupportOpsPipeline.escalation());

        assertThatThrownBy(() -> timeline.tools("deploy.*").withRisk("high").assertCount(1))
                .isInstanceOf(AssertionError.class)
                .hasMessage("expected 1 tool calls named deploy.* with risk high, found 0; "
                        + "recorded: [support.compose_reply risk=low completed]");
    }
}
