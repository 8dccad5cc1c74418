package sh.ratri.agent.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import sh.ratri.agent.export.EventQueue;
import sh.ratri.agent.schema.EventType;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A traced recursion that overflows the stack, which the application catches and carries on from:
 * the overflow can strike between claiming a queue slot and publishing it, and the events behind
 * that slot must still reach the exporter.
 */
class StackOverflowTest {

    private final CallSites callSites = new CallSites();

    @Test
    void eventsBehindASlotAStackOverflowLeftUnwrittenStillReachTheExporterAndTheSlotIsCountedLost() {
        EventQueue queue = new EventQueue(1 << 16);
        DroppedEvents dropped = new DroppedEvents();
        Timeline timeline = new Timeline(callSites, queue, dropped, new Ids(System.nanoTime()), false, 512);
        int site = callSites.register(new CallSite("Test.method", null, null,
                new RunSpec(Template.constant("r"), Template.constant("R"), -1, Template.constant("o"), false),
                null, null, false));
        long skipped = 0;
        // where the overflow strikes varies with the JIT: most runs leave a slot unwritten in the first attempts
        for (int attempt = 0; attempt < 200; attempt++) {
            try {
                pad(attempt, timeline, site);
            } catch (StackOverflowError expected) {
                // as an application that catches it
            }
            // the exporter's loop: take what is published; where a slot stays unwritten, step past it
            long clock = 0;
            while (!queue.isEmpty()) {
                int taken = queue.take(event -> { }, 1 << 16);
                queue.release();
                if (taken == 0 && queue.skipAbandoned(clock, 1)) {
                    dropped.countUnwritten();
                    skipped++;
                }
                clock += 2;
            }
            Object scope = timeline.enter(site, null, "after");
            timeline.exit(scope, null, null);
            List<EventType> next = new ArrayList<>();
            queue.take(event -> next.add(event.type()), 16);
            queue.release();
            assertThat(next).as("the next call's events, in a session of its own, after attempt " + attempt)
                    .containsExactly(EventType.SESSION_STARTED, EventType.RUN_STARTED, EventType.RUN_ENDED,
                            EventType.SESSION_ENDED);
        }
        // each skipped slot counted lost, beside the events whose writing the overflow cut short
        assertThat(dropped.total()).isGreaterThanOrEqualTo(skipped);
    }

    private static void pad(int depth, Timeline timeline, int site) {
        if (depth > 0) {
            pad(depth - 1, timeline, site);
        } else {
            recurse(timeline, site, new Object());
        }
    }

    private static void recurse(Timeline timeline, int site, Object argument) {
        Object scope = timeline.enter(site, null, argument);
        try {
            recurse(timeline, site, argument);
        } finally {
            if (scope != null) {
                timeline.exit(scope, null, null);
            }
        }
    }
}
