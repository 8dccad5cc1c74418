package sh.ratri.agent.timeline;

import org.junit.jupiter.api.Test;
import sh.ratri.agent.AllocatedBytes;
import sh.ratri.agent.export.EventQueue;
import sh.ratri.agent.schema.EventType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls whose woven code passes their arguments one by one ({@code Bridge.enter(id, receiver, a0, …)}):
 * the timeline reads them from an array its thread lends the call's entry, so the call allocates none.
 */
class ArgumentsOneByOneTest {

    private static final List<String> PARAMETERS = List.of("ticketId", "attempt");

    private final CallSites callSites = new CallSites();
    private final List<Event> events = new ArrayList<>();

    private int tool(String name, String... argumentNames) {
        return callSites.register(new CallSite("Test." + name, null, null, null, null,
                new ToolSpec(Template.constant(name), "low", Template.constant("execute"), Template.constant(name),
                        null, null, argumentNames), false));
    }

    @Test
    void aHandoffAndAToolReadingTheirArgumentsAllocateNothingOnTheirThreadOnceWarm() {
        EventQueue queue = new EventQueue(256);
        Timeline timeline = new Timeline(callSites, queue::offer, new DroppedEvents(), new Ids(System.nanoTime()),
                true, 512);
        Template ticketId = Template.parse("{ticketId}", PARAMETERS, 2, problem -> { });
        // a run spells its values during the call (the policy reads them): its templates are constant here
        int run = callSites.register(new CallSite("Test.run", null, null, new RunSpec(Template.constant("r"),
                Template.constant("R"), -1, Template.constant("orchestrator"), false), null, null));
        int handoff = callSites.register(new CallSite("Test.delegate", null, new HandoffSpec(Template.constant("d"),
                List.of(new KeyValue("ticketId", ticketId), new KeyValue("attempt",
                        Template.parse("try {attempt}", PARAMETERS, 2, problem -> { })))), null, null, null));
        int childRun = callSites.register(new CallSite("Test.worker", null, null, new RunSpec(Template.constant("w"),
                Template.constant("W"), -1, Template.constant("worker"), true), null, null));
        int tool = tool("compose", "ticketId", "attempt", "tone");
        Integer attempt = 3;
        double allocated = AllocatedBytes.perRun(20_000, 10_000,
                () -> delegate(timeline, queue, run, handoff, childRun, tool, attempt));

        assertThat(allocated).isLessThan(1.0);
    }

    private static void delegate(Timeline timeline, EventQueue queue, int run, int handoff, int childRun, int tool,
                                 Integer attempt) {
        Object outer = timeline.enter(run, null, (Object[]) null);
        timeline.exit(timeline.enter(handoff, null, "SUP-123", attempt), null, null);
        Object child = timeline.enter(childRun, null, (Object[]) null);
        timeline.exit(timeline.enter(tool, null, "SUP-123", attempt, "calm"), null, null);
        timeline.exit(child, null, null);
        timeline.exit(outer, null, null);
        queue.take(event -> { }, 64);
        queue.release();
    }

    @Test
    void anArgumentWhoseToStringMakesATracedCallLeavesEachCallItsOwnValues() {
        Timeline timeline = new Timeline(callSites, event -> events.add(event.copy()), new DroppedEvents(),
                new Ids(System.nanoTime()), true, 512);
        int inner = tool("lookup", "key", "n"); // as many arguments as the outer call: the same arity
        // the handoff spells the note, whose toString() makes the inner call; the tool then reads the arguments again
        int outer = callSites.register(new CallSite("Test.send", null, new HandoffSpec(Template.constant("d"),
                List.of(new KeyValue("note", Template.parse("{note}", List.of("note", "attempt"), 2,
                        problem -> { })))), null, null, new ToolSpec(Template.constant("send"), "low",
                Template.constant("execute"), Template.constant("send"), null, null, new String[] {"note", "attempt"}),
                false));
        Object note = new Object() {
            @Override
            public String toString() { // read while the outer call enters, with its arguments lent
                timeline.exit(timeline.enter(inner, null, "inner-key", 1), null, null);
                return "outer-note";
            }
        };

        timeline.exit(timeline.enter(inner, null, "first-key", 0), null, null); // the thread has an array to lend
        Object scope = timeline.enter(outer, null, note, 7);
        timeline.exit(scope, null, null);
        Object next = timeline.enter(inner, null, "next-key", 2);
        timeline.exit(next, null, null);

        List<Event> started = events.stream().filter(e -> e.type() == EventType.TOOL_STARTED).toList();
        assertThat(started).extracting(e -> DescribedValues.of(e).get("name"))
                .containsExactly("lookup", "lookup", "lookup", "send", "lookup");
        assertThat(started).extracting(e -> DescribedValues.of(e).get("inputSummary"))
                .containsExactly("key=first-key, n=0", "key=inner-key, n=1", "key=inner-key, n=1", "note=outer-note, attempt=7",
                        "key=next-key, n=2");
        Event requested = events.stream().filter(e -> e.type() == EventType.HANDOFF_REQUESTED).findFirst().orElseThrow();
        assertThat(DescribedValues.of(requested).get("payloadSummary")).isEqualTo(Map.of("note", "outer-note"));
    }
}
