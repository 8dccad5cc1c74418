package sh.ratri.agent.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sh.ratri.agent.policy.Decision;
import sh.ratri.agent.policy.Rule;
import sh.ratri.agent.policy.Verdict;
import sh.ratri.agent.schema.EventType;
import sh.ratri.agent.schema.Status;

class EventCarriedIdsTest {

    private static final StepSpec STEP = new StepSpec(Template.constant("k"), Template.constant("n"), -1);
    private static final HandoffSpec HANDOFF = new HandoffSpec(Template.constant("r"), List.of());

    @Test
    void carriedIdsAreWhatEachIdAccessorSaysForEveryKindOfEvent() {
        List<Event> events = new ArrayList<>();
        for (EventType type : List.of(EventType.SESSION_STARTED, EventType.RUN_STARTED, EventType.STEP_STARTED,
                EventType.TOOL_STARTED)) {
            events.add(Event.started(type, 5, "t", 1, 2, 3, 4, 6, STEP, new String[] {"k", "n"}, 0));
        }
        for (EventType type : List.of(EventType.SESSION_ENDED, EventType.RUN_ENDED, EventType.STEP_ENDED,
                EventType.TOOL_ENDED)) {
            events.add(Event.ended(type, 5, "t", 1, 2, 3, 4, 6, Status.COMPLETED, 1, null, null));
        }
        for (EventType type : List.of(EventType.HANDOFF_REQUESTED, EventType.HANDOFF_COMPLETED,
                EventType.HANDOFF_FAILED)) {
            events.add(Event.handoff(type, 5, "t", 1, 2, 7, 8, HANDOFF, new String[] {"r"}));
        }
        events.add(Event.llmStarted(5, "t", 1, 2, 9, new String[] {"p", "m", "s"}));
        events.add(Event.llmEnded(5, "t", 1, 2, 9, Status.COMPLETED, 1, null, null, null));
        events.add(Event.decision(5, "t", 1, 2, 6, new Decision(Verdict.ALLOW, Rule.ALLOWED, "t", "ok", null)));
        events.add(Event.dropped(5, "t", 1, 3));

        long[] carried = new long[Event.CARRIED_IDS];
        for (Event e : events) {
            e.carriedIds(carried);
            assertThat(carried).as(e.type().wire()).containsExactly(e.runId(), e.parentRunId(), e.stepId(),
                    e.toolCallId(), e.handoffId(), e.llmCallId());
        }
        assertThat(events).anySatisfy(e -> assertThat(e.handoffId()).isEqualTo(7));
        assertThat(events).anySatisfy(e -> assertThat(e.llmCallId()).isEqualTo(9));
        assertThat(events).anySatisfy(e -> assertThat(e.toolCallId()).isEqualTo(6));
    }
}
