package sh.ratri.agent.timeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs every path of the timeline once, on a throw-away timeline whose events go nowhere, when the
 * first class that may declare a call site is woven: the classes those paths need are then loaded
 * before any woven method runs, and a JVM that traces nothing loads none of them. Otherwise the first
 * failure or summary could load a class at the bottom of a deep recursion: the class file
 * transformers then run on an exhausted stack, and a JVM whose instrumentation upcall overflows
 * prints {@code *** java.lang.instrument ASSERTION FAILED ***} lines. (Methods returning a future are
 * left out: the future's classes are the application's, loaded when it made the future.)
 */
public final class Rehearsal {

    /** A limit that the rehearsal's values exceed, so cutting a summary is rehearsed too. */
    private static final int MAX_CHARS = 8;

    private Rehearsal() {
    }

    /** Never throws: a rehearsal that fails only leaves classes to be loaded later. */
    public static void run() {
        try {
            List<String> argumentNames = List.of("ticket", "priority");
            Template ticket = Template.parse("{ticket}", argumentNames, 2, problem -> { });
            Template priority = Template.parse("{priority}", argumentNames, 2, problem -> { });
            CallSite everything = new CallSite("Rehearsal.everything",
                    new SessionSpec(Template.constant("rehearsal"), ticket,
                            List.of(new KeyValue("ticket", ticket), new KeyValue("priority", priority))),
                    new HandoffSpec(ticket, List.of(new KeyValue("ticket", ticket))),
                    new RunSpec(ticket, ticket, -1, ticket, true), new StepSpec(ticket, priority, -1),
                    new ToolSpec(ticket, "low", ticket, ticket, ticket, priority), false);
            CallSite nested = new CallSite("Rehearsal.nested", null, new HandoffSpec(ticket, List.of()), null, null,
                    null, false);
            // values that may change are spelled during the call; a String and an enum are kept for later
            Object[][] argumentSets = {
                {List.of("T-1", new int[] {1}, Optional.of(Map.of("k", new Object[] {"v"}))), null},
                {"T-1", Thread.State.RUNNABLE}};
            Event slot = new Event();
            for (boolean accepted : new boolean[] {true, false}) {
                for (Object[] arguments : argumentSets) {
                    DroppedEvents dropped = new DroppedEvents();
                    Timeline timeline = new Timeline(new CallSites(), new EventOutlet() {
                        // as the export queue does: a slot of its own to write each event into, none when full
                        @Override
                        public Event claim(Event scratch) {
                            return accepted ? slot : null;
                        }

                        @Override
                        public boolean publish(Event written) {
                            written.clear();
                            return true;
                        }

                        @Override
                        public boolean offer(Event event) {
                            slot.copyFrom(event); // the events made for one use (llm.ended) are copied
                            return accepted;
                        }
                    }, dropped, new Ids(System.nanoTime()), true, MAX_CHARS);
                    Object outer = timeline.enter(everything, arguments);
                    Object inner = timeline.enter(nested, arguments);
                    timeline.exit(inner, arguments[0], null);
                    timeline.exit(outer, null, new IllegalStateException("rehearsal"));
                    dropped.drain((session, count) -> { });
                    // a second session on the thread takes the first one's state again, once its loss is reported
                    timeline.exit(timeline.enter(everything, arguments), null, null);
                }
            }
        } catch (Throwable ignored) {
            // the classes not loaded here are loaded on first use, as without a rehearsal
        }
    }
}
