package sh.ratri.agent.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import sh.ratri.agent.export.EventQueue;
import sh.ratri.agent.schema.EventType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The timeline writes each event straight into the slot the export queue claimed for it: what the
 * exporter reads there is what an outlet that copies the thread's scratch event would have read.
 */
class SlotWritingTest {

    private final CallSites callSites = new CallSites();
    private final List<String> parameters = List.of("ticketId", "attempt");
    private final Template ticketId = Template.parse("{ticketId}", parameters, 2, problem -> { });

    private final int session = callSites.register(new CallSite("Test.session",
            new SessionSpec(Template.constant("support"), ticketId, List.of(new KeyValue("ticket", ticketId))),
            null, null, null, null, false));
    private final int run = callSites.register(new CallSite("Test.run", null, null,
            new RunSpec(Template.constant("triage"), ticketId, -1, Template.constant("orchestrator"), false), null,
            null, false));
    private final int handoff = callSites.register(new CallSite("Test.delegate", null,
            new HandoffSpec(Template.constant("delegate"), List.of(new KeyValue("ticketId", ticketId))), null, null,
            null, false));
    private final int childRun = callSites.register(new CallSite("Test.childRun", null, null,
            new RunSpec(Template.constant("work"), Template.constant("Work"), -1, Template.constant("worker"), true),
            null, null, false));
    private final int step = callSites.register(new CallSite("Test.step", null, null, null,
            new StepSpec(Template.constant("lookup"), ticketId, 4), null, false));
    private final int tool = callSites.register(new CallSite("Test.tool", null, null, null, null,
            new ToolSpec(Template.constant("crm.lookup"), "low", Template.constant("read"), Template.constant("lookup"),
                    Template.constant("ticket"), ticketId, parameters.toArray(new String[0])), false));

    @Test
    void eventsWrittenIntoTheQueuesSlotsReadAsEventsCopiedIntoThem() {
        EventQueue inPlace = new EventQueue(256);
        EventQueue copied = new EventQueue(256);
        Timeline writing = new Timeline(callSites, inPlace, new DroppedEvents(), new Ids(System.nanoTime()), true,
                512);
        Timeline copying = new Timeline(callSites, copied::offer, new DroppedEvents(), new Ids(System.nanoTime()),
                true, 512);

        for (int round = 0; round < 3; round++) { // later rounds write into reused slots, frames and sessions
            assertThat(described(inPlace, writing)).isEqualTo(described(copied, copying)).hasSize(12);
        }
    }

    @Test
    void aFullQueueLosesEachEventCountedAndTheNextCallsFindSlotsOnceItDrained() {
        EventQueue roomy = new EventQueue(256);
        List<String> all = described(roomy, new Timeline(callSites, roomy, new DroppedEvents(),
                new Ids(System.nanoTime()), true, 512));
        EventQueue queue = new EventQueue(4);
        DroppedEvents dropped = new DroppedEvents();
        Timeline timeline = new Timeline(callSites, queue, dropped, new Ids(System.nanoTime()), true, 512);

        for (int round = 1; round <= 2; round++) {
            assertThat(described(queue, timeline)).isEqualTo(all.subList(0, 4));
            assertThat(dropped.total()).isEqualTo((all.size() - 4L) * round);
        }
    }

    @Test
    void anEventWhoseWritingFailsPartWayIsPublishedAsNoEventAndCountedLostSoTheQueueMovesOn() {
        EventQueue queue = new EventQueue(16);
        DroppedEvents dropped = new DroppedEvents();
        Timeline timeline = new Timeline(callSites, queue, dropped, new Ids(System.nanoTime()), true, 512);
        Frame outer = (Frame) timeline.enter(session, null, new Object[] {"SUP-7", 3});

        // a handoff that is not there fails the write after the slot was claimed, as running out of memory would
        assertThatThrownBy(() -> timeline.emitHandoff(outer.session, timeline.thread(), EventType.HANDOFF_REQUESTED,
                outer, System.nanoTime(), "main", null)).isInstanceOf(NullPointerException.class);
        timeline.exit(outer, null, null);

        List<String> taken = new ArrayList<>();
        queue.take(event -> taken.add(event.abandoned() ? "abandoned" : event.type().toString()), 16);
        queue.release();
        assertThat(taken).containsExactly("SESSION_STARTED", "abandoned", "SESSION_ENDED");
        assertThat(dropped.total()).isEqualTo(1);
    }

    /** A session whose run hands off to a child run that steps and calls a tool, failed; its events as drained. */
    private List<String> described(EventQueue queue, Timeline timeline) {
        Object[] arguments = {"SUP-7", 3};
        Object outer = timeline.enter(session, null, arguments);
        Object runScope = timeline.enter(run, null, arguments);
        timeline.exit(timeline.enter(handoff, null, arguments), null, null);
        Object child = timeline.enter(childRun, null, arguments);
        Object stepScope = timeline.enter(step, null, arguments);
        timeline.exit(timeline.enter(tool, null, arguments), 42, null);
        timeline.exit(stepScope, "found", null);
        timeline.exit(child, null, new IllegalStateException("no agent free"));
        timeline.exit(runScope, Thread.State.BLOCKED, null);
        timeline.exit(outer, null, null);
        List<String> described = new ArrayList<>();
        Map<Long, Integer> ids = new HashMap<>();
        queue.take(event -> described.add(describe(event, ids)), 256);
        queue.release();
        return described;
    }

    /** Everything the exporter reads of {@code event}, its ids as the order they first appeared in. */
    private static String describe(Event event, Map<Long, Integer> ids) {
        return String.join(" | ", event.type().toString(), event.thread(), String.valueOf(event.status()),
                event.values() == null ? "-" : String.join(",", event.values()), String.valueOf(event.output()),
                String.valueOf(event.error()), String.valueOf(event.stepIndex()), String.valueOf(event.spec() != null),
                String.valueOf(event.extra()), String.valueOf(event.decision()), "session " + id(event.sessionId(), ids),
                "run " + id(event.runId(), ids), "parent " + id(event.parentRunId(), ids),
                "step " + id(event.stepId(), ids), "tool " + id(event.toolCallId(), ids),
                "handoff " + id(event.handoffId(), ids), "source " + id(event.sourceRunId(), ids),
                String.valueOf(event.durationNanos() >= 0), String.valueOf(event.nanos() != 0));
    }

    private static int id(long id, Map<Long, Integer> ids) {
        return id == 0 ? 0 : ids.computeIfAbsent(id, unseen -> ids.size() + 1);
    }
}
