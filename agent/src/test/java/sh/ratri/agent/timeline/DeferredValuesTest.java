package sh.ratri.agent.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.agent.schema.EventType.HANDOFF_COMPLETED;
import static sh.ratri.agent.schema.EventType.HANDOFF_FAILED;
import static sh.ratri.agent.schema.EventType.HANDOFF_REQUESTED;
import static sh.ratri.agent.schema.EventType.SESSION_STARTED;
import static sh.ratri.agent.schema.EventType.TOOL_ENDED;
import static sh.ratri.agent.schema.EventType.TOOL_STARTED;

import sh.ratri.agent.policy.Policy;
import sh.ratri.agent.schema.EventType;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A call's values that cannot change are kept as references and spelled later, on the exporter's
 * thread, exactly as the call would have spelled them; any other value is spelled during the call.
 * The outlet here does what the export queue does: it copies each event into a slot of its own,
 * and the values are read from the slot after the thread has gone on to other calls.
 */
class DeferredValuesTest {

    private static final int MAX_CHARS = 40;

    private final List<Event> slots = new ArrayList<>();
    private final CallSites callSites = new CallSites();
    private final Timeline timeline = new Timeline(callSites, this::offer, new DroppedEvents(),
            new Ids(System.nanoTime()), true, MAX_CHARS);

    private boolean offer(Event event) {
        Event slot = new Event();
        slot.copyFrom(event);
        slots.add(slot);
        return true;
    }

    enum Priority { URGENT, NORMAL }

    enum Shouting {
        LOUD;

        private String said = "loud";

        @Override
        public String toString() {
            return said;
        }
    }

    public record Ticket(String ticketId, int priority) {
    }

    private static Template template(String text, String... parameters) {
        return Template.parse(text, List.of(parameters), parameters.length, problem -> {
            throw new AssertionError(problem);
        });
    }

    private static ToolSpec tool(String... parameters) {
        return new ToolSpec(Template.constant("support.reply"), "low", Template.constant("write"),
                template("reply to {0}", parameters), Template.constant("work_item"), template("{0}", parameters),
                parameters);
    }

    private int toolSite(String... parameters) {
        return callSites.register(new CallSite("Tools.reply", null, null, null, null, tool(parameters), false));
    }

    private int constantToolSite() {
        return callSites.register(new CallSite("Tools.send", null, null, null, null, new ToolSpec(
                Template.constant("send"), "low", Template.constant("write"), Template.constant("send"), null, null),
                false));
    }

    private void call(int site, Object... arguments) {
        timeline.exit(timeline.enter(site, arguments), null, null);
    }

    private List<Event> all(EventType type) {
        return slots.stream().filter(e -> e.type() == type).toList();
    }

    /** What the call would have shown had its values been spelled during it: the old path. */
    private static String[] spelledAtTheCall(ToolSpec tool, Object[] arguments) {
        return tool.withArguments(tool.render(arguments, MAX_CHARS), arguments, MAX_CHARS);
    }

    @Test
    void settledValuesAreSpelledFromTheSlotExactlyAsTheCallWouldHaveSpelledThem() {
        int site = toolSite("ticketId", "count", "priority", "flag", "letter", "none");
        Object[] arguments = {"SUP-123", 42L, Priority.URGENT, true, 'x', null};

        call(site, arguments);

        Event slot = all(TOOL_STARTED).get(0);
        String[] expected = spelledAtTheCall(tool("ticketId", "count", "priority", "flag", "letter", "none"),
                arguments);
        assertThat(slot.values()).containsExactly(expected);
        assertThat(slot.copy().values()).containsExactly(expected);
        assertThat(DescribedValues.of(slot).get("inputSummary"))
                .isEqualTo("ticketId=SUP-123, count=42, priority=URG…");
    }

    @Test
    void aStringLongerThanMaxCharsIsCutAsDuringTheCall() {
        int site = toolSite("text");
        Object[] arguments = {"y".repeat(200)};

        call(site, arguments);

        String[] values = all(TOOL_STARTED).get(0).copy().values();
        assertThat(values).containsExactly(spelledAtTheCall(tool("text"), arguments));
        assertThat(values[4]).hasSize(MAX_CHARS + 1).endsWith("…");
    }

    @Test
    void aMutableArgumentIsSpelledDuringTheCallNotAsItIsAfterwards() {
        int site = toolSite("draft");
        StringBuilder draft = new StringBuilder("first");

        call(site, draft);
        draft.setLength(0);
        draft.append("changed after the call");

        assertThat(DescribedValues.of(all(TOOL_STARTED).get(0)).get("inputSummary")).isEqualTo("draft=first");
        assertThat(DescribedValues.of(all(TOOL_STARTED).get(0)).get("resourceExternalId")).isEqualTo("first");
    }

    @Test
    void anEnumWithAToStringOfItsOwnIsSpelledDuringTheCall() {
        int site = toolSite("volume");

        call(site, Shouting.LOUD);
        Shouting.LOUD.said = "changed";
        try {
            assertThat(DescribedValues.of(all(TOOL_STARTED).get(0)).get("inputSummary")).isEqualTo("volume=loud");
        } finally {
            Shouting.LOUD.said = "loud";
        }
    }

    @Test
    void eachSlotKeepsTheValuesOfItsOwnCallWhenTheThreadCallsAgain() {
        int site = toolSite("ticketId");

        call(site, "SUP-1");
        call(site, "SUP-2");

        assertThat(all(TOOL_STARTED)).extracting(e -> DescribedValues.of(e).get("resourceExternalId"))
                .containsExactly("SUP-1", "SUP-2");
    }

    @Test
    void aReturnedValueThatCannotChangeIsSpelledFromTheSlotAsDuringTheCall() {
        int site = constantToolSite();
        StringBuilder mutable = new StringBuilder("as returned");

        timeline.exit(timeline.enter(site, new Object[0]), 1_234_567_890L, null);
        timeline.exit(timeline.enter(site, new Object[0]), Priority.NORMAL, null);
        timeline.exit(timeline.enter(site, new Object[0]), 1.0 / 3, null);
        timeline.exit(timeline.enter(site, new Object[0]), mutable, null);
        mutable.append(" and changed after");

        assertThat(all(TOOL_ENDED)).extracting(Event::output)
                .containsExactly("1234567890", "NORMAL", "0.3333333333333333", "as returned");
        assertThat(all(TOOL_ENDED)).extracting(e -> e.copy().output())
                .containsExactly("1234567890", "NORMAL", "0.3333333333333333", "as returned");
    }

    @Test
    void aReturnedValueKeptForLaterIsCutAtMaxCharsAsDuringTheCall() {
        DeferredValuesTest shortOutputs = new DeferredValuesTest();
        Timeline tight = new Timeline(shortOutputs.callSites, shortOutputs::offer, new DroppedEvents(),
                new Ids(System.nanoTime()), true, 4);
        int site = shortOutputs.constantToolSite();

        tight.exit(tight.enter(site, new Object[0]), 1_234_567_890L, null);

        assertThat(shortOutputs.all(TOOL_ENDED).get(0).copy().output())
                .isEqualTo(Summaries.summary(1_234_567_890L, 4)).isEqualTo("1234…");
    }

    @Test
    void aPropertyReadByAPlaceholderIsReadDuringTheCall() {
        int session = callSites.register(new CallSite("Api.handle",
                new SessionSpec(Template.constant("support"), template("ticket {ticket.ticketId}", "ticket"),
                        List.of(new KeyValue("priority", template("{ticket.priority}", "ticket")))),
                null, null, null, null, false));

        call(session, new Ticket("SUP-9", 2));

        Event started = all(SESSION_STARTED).get(0);
        assertThat(DescribedValues.of(started).get("inputSummary")).isEqualTo("ticket SUP-9");
        assertThat(DescribedValues.of(started)).extractingByKey("metadata").isEqualTo(Map.of("priority", "2"));
    }

    /** An argument whose getter and {@code toString()} each make a traced call on the calling thread. */
    public final class CallsBack {
        private final int site;
        private final int wideSite;

        CallsBack(int site, int wideSite) {
            this.site = site;
            this.wideSite = wideSite;
        }

        public String getTicketId() {
            call(wideSite, "SUP-FROM-GETTER", "note", "more"); // more values than the holder had room for
            return "SUP-OUTER";
        }

        @Override
        public String toString() {
            call(site, "SUP-FROM-TOSTRING");
            return "outer draft";
        }
    }

    @Test
    void aTracedCallMadeWhileTheValuesAreReadKeepsBothCallsValuesAsSpelledAtTheCall() {
        int inner = toolSite("ticketId");
        int wide = toolSite("ticketId", "note", "extra");
        int byGetter = callSites.register(new CallSite("Api.handle", null, null, null,
                new StepSpec(template("ticket {ticket.ticketId}", "ticket"), Template.constant("step"), -1),
                null, false));
        int byToString = toolSite("draft");

        call(byGetter, new CallsBack(inner, wide));
        call(byToString, new CallsBack(inner, wide));

        assertThat(DescribedValues.of(all(EventType.STEP_STARTED).get(0)).get("stepKey"))
                .isEqualTo("ticket SUP-OUTER");
        String[] fromGetter = spelledAtTheCall(tool("ticketId", "note", "extra"),
                new Object[] {"SUP-FROM-GETTER", "note", "more"});
        String[] fromToString = spelledAtTheCall(tool("ticketId"), new Object[] {"SUP-FROM-TOSTRING"});
        // the outer tool spells its argument three times: two placeholders and the arguments' summary
        assertThat(all(TOOL_STARTED)).extracting(Event::values).containsExactly(fromGetter, fromToString,
                fromToString, fromToString, spelledAtTheCall(tool("draft"), new Object[] {"outer draft"}));

        call(inner, "SUP-AFTER"); // the holder is free again
        assertThat(all(TOOL_STARTED).get(5).values())
                .containsExactly(spelledAtTheCall(tool("ticketId"), new Object[] {"SUP-AFTER"}));
    }

    @Test
    void withCapabilitiesInForceTheThreadKeepsNoArgumentOfTheCallAfterIt() throws InterruptedException {
        Policy policy = Policy.none();
        policy.declare("{}"); // declared or not, capabilities are then in force
        DeferredValuesTest judged = new DeferredValuesTest();
        Timeline governed = new Timeline(judged.callSites, judged::offer, new DroppedEvents(),
                new Ids(System.nanoTime()), true, MAX_CHARS, Long::toHexString, policy);
        int site = judged.callSites.register(new CallSite("Tools.reply", null, null, null, null, new ToolSpec(
                Template.constant("support.reply"), "low", Template.constant("write"),
                template("reply to {0}", "ticketId"), null, null, new String[] {"ticketId"}), false));

        WeakReference<Object> argument = callWithAFreshArgument(governed, site);
        for (int i = 0; i < 50 && argument.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }

        assertThat(argument.get()).isNull();
        assertThat(DescribedValues.of(judged.all(TOOL_STARTED).get(0)).get("inputSummary"))
                .isEqualTo("ticketId=SUP-7");
    }

    private static WeakReference<Object> callWithAFreshArgument(Timeline timeline, int site) {
        String ticketId = new String("SUP-7"); // settled, and reachable from nothing but the call
        timeline.exit(timeline.enter(site, new Object[] {ticketId}), null, null);
        return new WeakReference<>(ticketId);
    }

    @Test
    void aReusedHandoffLeavesTheEventsOfItsEarlierRequestsAsTheyWere() {
        int run = callSites.register(new CallSite("Orchestrator.run", null, null,
                new RunSpec(Template.constant("orchestrator"), Template.constant("O"), -1,
                        Template.constant("orchestrator"), false), null, null, false));
        int handoff = callSites.register(new CallSite("Orchestrator.delegate", null,
                new HandoffSpec(Template.constant("delegate"),
                        List.of(new KeyValue("ticketId", template("{ticketId}", "ticketId")))),
                null, null, null, false));
        int child = callSites.register(new CallSite("Worker.draft", null, null,
                new RunSpec(Template.constant("worker"), Template.constant("W"), -1, Template.constant("worker"),
                        true), null, null, false));

        Object outer = timeline.enter(run, new Object[0]);
        call(handoff, "SUP-1");
        call(child);          // takes SUP-1: its handoff is a spare again
        call(handoff, "SUP-2"); // reuses it
        call(handoff, "SUP-3");
        timeline.exit(outer, null, null); // SUP-2 and SUP-3 fail

        List<Event> requested = all(HANDOFF_REQUESTED);
        assertThat(requested).extracting(e -> DescribedValues.of(e).get("payloadSummary"))
                .containsExactly(Map.of("ticketId", "SUP-1"), Map.of("ticketId", "SUP-2"),
                        Map.of("ticketId", "SUP-3"));
        assertThat(requested).extracting(Event::handoffId).doesNotHaveDuplicates();
        assertThat(all(HANDOFF_COMPLETED)).extracting(Event::handoffId).containsExactly(requested.get(0).handoffId());
        assertThat(all(HANDOFF_FAILED)).extracting(Event::handoffId)
                .containsExactly(requested.get(1).handoffId(), requested.get(2).handoffId());
        assertThat(all(HANDOFF_FAILED)).extracting(Event::sourceRunId).containsOnly(requested.get(0).sourceRunId());
        assertThat(all(HANDOFF_FAILED)).extracting(e -> DescribedValues.of(e).get("reason")).containsOnly("delegate");
    }
}
