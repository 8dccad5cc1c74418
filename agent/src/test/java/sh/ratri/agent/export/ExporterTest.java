package sh.ratri.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import sh.ratri.agent.AllocatedBytes;
import sh.ratri.agent.config.AgentConfig;
import sh.ratri.agent.schema.EventType;
import sh.ratri.agent.timeline.CallSite;
import sh.ratri.agent.timeline.CallSites;
import sh.ratri.agent.timeline.DroppedEvents;
import sh.ratri.agent.timeline.Event;
import sh.ratri.agent.timeline.Ids;
import sh.ratri.agent.timeline.RunSpec;
import sh.ratri.agent.timeline.Template;
import sh.ratri.agent.timeline.Timeline;
import sh.ratri.agent.timeline.ToolSpec;
import sh.ratri.agent.policy.Decision;
import sh.ratri.agent.policy.Policy;
import sh.ratri.agent.policy.Verdict;

class ExporterTest {

    private final EventQueue queue = new EventQueue(4096);
    private final DroppedEvents dropped = new DroppedEvents();
    private final RecordingSink recording = new RecordingSink();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureStderr() {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(originalErr);
    }

    private static Event event(long sessionId, long count) {
        return Event.dropped(System.nanoTime(), "main", sessionId, count);
    }

    /** Offers {@code n} events whose {@code count} field numbers them 0…n-1. */
    private void offer(int n) {
        for (int i = 0; i < n; i++) {
            assertThat(queue.offer(event(1, i))).isTrue();
        }
    }

    /** Loses {@code calls} runs' events (4 each: implicit session and run, started and ended) to a full queue. */
    private List<Long> loseEvents(int calls) {
        CallSites sites = new CallSites();
        int run = sites.register(new CallSite("T.m", null, null, new RunSpec(Template.constant("r"),
                Template.constant("R"), -1, Template.constant("orchestrator"), false), null, null, false));
        List<Long> sessions = new ArrayList<>();
        Timeline timeline = new Timeline(sites, e -> {
            if (e.type() == EventType.SESSION_STARTED) {
                sessions.add(e.sessionId());
            }
            return false;
        }, dropped, new Ids(System.nanoTime()), true, 512);
        for (int i = 0; i < calls; i++) {
            timeline.exit(timeline.enter(run, null), null, null);
        }
        return sessions;
    }

    @Test
    @Timeout(10)
    void theExporterStepsPastASlotNeverWrittenCountsItLostAndStillCountsAsCaughtUp() throws InterruptedException {
        Exporter exporter = new Exporter(queue, dropped, List.of(recording));
        queue.claim(); // its producer's stack overflowed before it published
        offer(3);
        exporter.start();
        // those who wait for the exporter to reach the queue's end (session recordings) are not kept
        // waiting for good: the slot never written counts as passed (the test's timeout says otherwise)
        while (exporter.drained() < queue.offered()) {
            Thread.sleep(10);
        }

        assertThat(recording.events).extracting(Event::count).containsExactly(0L, 1L, 2L);
        assertThat(dropped.total()).isEqualTo(1);
        assertThat(exporter.stop(1_000)).isTrue();
    }

    @Test
    void drainHandsEventsToSinksInQueueOrderWithIncreasingSequences() {
        Exporter exporter = new Exporter(queue, dropped, List.of(recording));
        offer(10);

        assertThat(exporter.drainOnce()).isEqualTo(10);
        offer(5);
        assertThat(exporter.drainOnce()).isEqualTo(5);

        assertThat(recording.events).extracting(Event::count)
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 0L, 1L, 2L, 3L, 4L);
        assertThat(recording.sequences).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L,
                13L, 14L);
        assertThat(exporter.exported()).isEqualTo(15);
    }

    /** A timeline whose policy allows the tool {@code build.compile} anywhere, handing its events to {@code outlet}. */
    private Timeline decidingTimeline(CallSites sites, sh.ratri.agent.timeline.EventOutlet outlet) {
        Policy policy = Policy.none();
        assertThat(policy.declare("{\"agents\": {\"*\": {\"runs\": {\"*\": {\"tools\": [\"build.*\"]}}}}}"))
                .isTrue();
        return new Timeline(sites, outlet, dropped, new Ids(System.nanoTime()), true, 512, Long::toHexString,
                policy);
    }

    private static int toolSite(CallSites sites) {
        return sites.register(new CallSite("T.compile", null, null, null, null, new ToolSpec(Template.constant(
                "build.compile"), "low", Template.constant("execute"), Template.constant("build.compile"), null, null),
                false));
    }

    @Test
    void aDecidedToolCallIsExportedAsItsPolicyDecisionThenItsToolStartedEvenAcrossBatches() {
        Exporter exporter = new Exporter(queue, dropped, List.of(recording));
        CallSites sites = new CallSites();
        int tool = toolSite(sites);
        Timeline timeline = decidingTimeline(sites, queue::offer);
        int calls = 600; // more tool.started than one batch holds, each standing for two events
        for (int i = 0; i < calls; i++) {
            timeline.exit(timeline.enter(tool, null), null, null);
        }

        while (exporter.drainOnce() > 0) {
            // drains the whole queue
        }

        List<Event> events = recording.events;
        assertThat(recording.sequences).hasSize(events.size());
        for (int i = 0; i < events.size(); i++) {
            assertThat(recording.sequences.get(i)).isEqualTo(i);
        }
        assertThat(events).filteredOn(e -> e.type() == EventType.POLICY_DECISION).hasSize(calls);
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            if (event.type() == EventType.TOOL_STARTED) {
                Event decision = events.get(i - 1);
                assertThat(decision.type()).isEqualTo(EventType.POLICY_DECISION);
                assertThat(decision.toolCallId()).isEqualTo(event.toolCallId()).isNotZero();
                assertThat(decision.sessionId()).isEqualTo(event.sessionId());
                assertThat(decision.runId()).isEqualTo(event.runId());
                assertThat(decision.nanos()).isEqualTo(event.nanos());
                assertThat(decision.thread()).isEqualTo(event.thread());
                Decision decided = decision.decision();
                assertThat(decided.verdict()).isEqualTo(Verdict.ALLOW);
                assertThat(decided.tool()).isEqualTo("build.compile");
                assertThat(event.decision()).isNull();
            }
        }
    }

    @Test
    void aLostDecidedToolStartedCountsItsPolicyDecisionAsLostToo() {
        Exporter exporter = new Exporter(queue, dropped, List.of(recording));
        CallSites sites = new CallSites();
        int tool = toolSite(sites);
        Timeline timeline = decidingTimeline(sites, e -> false);

        timeline.exit(timeline.enter(tool, null), null, null);
        exporter.drainOnce();

        assertThat(recording.events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.AGENT_DROPPED);
            assertThat(e.count()).isEqualTo(5); // session started and ended, decision, tool started and ended
        });
    }

    @Test
    void aDecidedToolStartedThatFindsTheQueueFullIsNotWrittenAndCountsItsPolicyDecisionAsLostToo() {
        Exporter exporter = new Exporter(queue, dropped, List.of(recording));
        CallSites sites = new CallSites();
        int tool = toolSite(sites);
        EventQueue full = new EventQueue(2);
        while (full.offer(Event.dropped(0, "filler", 1, 1))) {
            // fills it: the timeline claims no slot in it
        }
        Timeline timeline = decidingTimeline(sites, full);

        timeline.exit(timeline.enter(tool, null), null, null);
        exporter.drainOnce();

        assertThat(recording.events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.AGENT_DROPPED);
            assertThat(e.count()).isEqualTo(5); // session started and ended, decision, tool started and ended
        });
        assertThat(full.take(e -> assertThat(e.thread()).isEqualTo("filler"), 10)).isEqualTo(full.capacity());
    }

    @Test
    void sinksReadTheQueuesSlotsWhereTheyLieSoTheExporterAllocatesNothingPerEvent() {
        Set<Event> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        long[] counted = {0};
        Sink reading = new Sink() {
            public String name() {
                return "reading";
            }

            public void write(Batch batch) {
                for (int i = 0; i < batch.size(); i++) {
                    counted[0] += batch.event(i).count();
                    distinct.add(batch.event(i));
                }
            }

            public void flush() {
            }

            public void close() {
            }
        };
        EventQueue ring = new EventQueue(1024);
        Exporter exporter = new Exporter(ring, dropped, List.of(reading));
        Event event = event(1, 1);
        // the first lap makes the slots; the rest of the 300 warms up
        double allocated = AllocatedBytes.perRun(300, 100, () -> offerAndDrain(ring, exporter, event));

        assertThat(counted[0]).isEqualTo(400L * 512);
        assertThat(distinct).hasSize(ring.capacity()); // the slots themselves, no copy of them
        assertThat(allocated / 512).isLessThan(1.0);
    }

    private static void offerAndDrain(EventQueue ring, Exporter exporter, Event event) {
        for (int n = 0; n < 512; n++) {
            ring.offer(event);
        }
        exporter.drainOnce();
    }

    @Test
    void drainTakesOneBatchAtATime() {
        Exporter exporter = new Exporter(queue, dropped, List.of(recording));
        offer(1_000);

        assertThat(exporter.drainOnce()).isEqualTo(512);
        assertThat(exporter.drainOnce()).isEqualTo(488);
        assertThat(exporter.drainOnce()).isZero();
        assertThat(recording.sequences).hasSize(1_000).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void lostEventsBecomeOneAgentDroppedEventPerSessionWithTheExactCount() {
        Exporter exporter = new Exporter(queue, dropped, List.of(recording));
        List<Long> sessions = loseEvents(3);
        offer(2);

        exporter.drainOnce();

        assertThat(recording.events).hasSize(5);
        List<Event> reports = recording.events.subList(2, 5);
        assertThat(reports).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo(EventType.AGENT_DROPPED);
            assertThat(e.count()).isEqualTo(4);
            assertThat(e.thread()).isEqualTo("ratri-exporter");
        });
        assertThat(reports).extracting(Event::sessionId).containsExactlyElementsOf(sessions);
        assertThat(recording.sequences).containsExactly(0L, 1L, 2L, 3L, 4L);

        exporter.drainOnce();
        assertThat(recording.events).hasSize(5);
    }

    @Test
    void lossReportsAreSpelledFromTheirNumbersSoReportingThemAllocatesNothing() {
        JsonOut spelled = new JsonOut(1 << 16);
        EventJson json = EventJson.startingNow(AgentConfig.from("agent.key=app", new Properties(), Map.of()));
        long[] reports = {0};
        long[] reportedLoss = {0};
        Sink spelling = new Sink() { // as the jsonl and http sinks read a batch
            public String name() {
                return "spelling";
            }

            public void write(Batch batch) {
                spelled.reset();
                for (int i = 0; i < batch.size(); i++) {
                    json.write(spelled, batch, i);
                    reports[0]++;
                    reportedLoss[0] += batch.isLoss(i) ? batch.lossCount(i) : 0;
                }
            }

            public void flush() {
            }

            public void close() {
            }
        };
        Exporter exporter = new Exporter(queue, dropped, List.of(spelling));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long drainingAllocated = 0;
        for (int pass = 0; pass < 300; pass++) { // the first 200 warm up
            loseEvents(64); // 64 sessions lose events: the timeline's allocation is the application's, not measured
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            exporter.drainOnce();
            long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            if (pass >= 200) {
                drainingAllocated += allocated;
            }
        }

        assertThat(reports[0]).isEqualTo(300L * 64);
        assertThat(reportedLoss[0]).isEqualTo(dropped.total()).isEqualTo(300L * 64 * 4);
        assertThat(drainingAllocated / (100.0 * 64)).as("bytes per loss report").isLessThan(1.0);
    }

    @Test
    void lossReportsFitAroundAFullBatch() {
        Exporter exporter = new Exporter(queue, dropped, List.of(recording));
        loseEvents(2);
        offer(512);

        int taken = exporter.drainOnce();

        assertThat(taken).as("a full batch from the queue is a backlog, reports or not: no parking")
                .isEqualTo(512);
        assertThat(recording.events).hasSize(514);
        assertThat(recording.events.subList(512, 514)).extracting(Event::type)
                .containsOnly(EventType.AGENT_DROPPED);
        assertThat(recording.sequences).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aSinkThatThrowsDoesNotStopTheOthers() {
        Sink broken = new Sink() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public void write(Batch batch) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void flush() {
                throw new IllegalStateException("flush broken");
            }

            @Override
            public void close() {
                throw new IllegalStateException("close broken");
            }
        };
        Exporter exporter = new Exporter(queue, dropped, List.of(broken, recording));
        offer(3);
        exporter.drainOnce();
        offer(2);
        exporter.drainOnce();

        assertThat(recording.events).hasSize(5);
        assertThat(exporter.stop(1_000)).isTrue();
        assertThat(recording.closes).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).containsOnlyOnce("disk full");
    }

    @Test
    void aFailingSinkIsNamedAsTheUserNamedIt() {
        Sink broken = new RecordingSink() {
            @Override
            public synchronized void write(Batch batch) {
                throw new IllegalStateException("disk full");
            }
        };
        Exporter exporter = new Exporter(queue, dropped, List.of(broken));
        offer(1);
        exporter.drainOnce();

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("ratri: recording failed: java.lang.IllegalStateException: disk full");
    }

    @ParameterizedTest
    @ValueSource(strings = {"linkage", "stack"})
    void aSinkFailingWithALinkageErrorOrStackOverflowDoesNotKillTheExporter(String failure) {
        Sink broken = new Sink() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public void write(Batch batch) {
                throw failure.equals("linkage") ? new NoClassDefFoundError("some/Missing")
                        : new StackOverflowError("some/Missing");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Exporter exporter = new Exporter(queue, dropped, List.of(broken, recording));
        offer(3);
        exporter.drainOnce();
        offer(2);
        exporter.drainOnce();

        assertThat(recording.events).hasSize(5);
        assertThat(err.toString(StandardCharsets.UTF_8)).containsOnlyOnce("some/Missing");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void runningExporterWritesEverythingQueuedBeforeStopAndClosesTheSinks() throws InterruptedException {
        Exporter exporter = new Exporter(queue, dropped, List.of(recording));
        exporter.start();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 20_000; i++) {
                while (!queue.offer(event(1, i))) {
                    Thread.yield();
                }
            }
        });
        producer.start();
        producer.join();

        assertThat(exporter.stop(5_000)).isTrue();

        assertThat(recording.size()).isEqualTo(20_000);
        for (int i = 0; i < 20_000; i++) {
            assertThat(recording.events.get(i).count()).isEqualTo(i);
            assertThat(recording.sequences.get(i)).isEqualTo(i);
        }
        assertThat(recording.flushes).isPositive();
        assertThat(recording.closes).isEqualTo(1);
        assertThat(exporter.exported()).isEqualTo(20_000);
    }

    @Test
    void exporterThreadIsADaemonNamedRatriExporter() {
        Map<String, Boolean> seen = new LinkedHashMap<>();
        Sink spy = new RecordingSink() {
            @Override
            public synchronized void write(Batch batch) {
                seen.put(Thread.currentThread().getName(), Thread.currentThread().isDaemon());
            }
        };
        Exporter exporter = new Exporter(queue, dropped, List.of(spy));
        exporter.start();
        offer(1);

        assertThat(exporter.stop(5_000)).isTrue();
        assertThat(seen).containsExactly(Map.entry("ratri-exporter", true));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void sinksBuiltOnTheExporterThreadGetWhatWasQueuedBeforeThemAndCloseAtStop() throws InterruptedException {
        CountDownLatch build = new CountDownLatch(1);
        Map<String, Boolean> builtOn = new LinkedHashMap<>();
        Exporter exporter = new Exporter(queue, dropped, () -> {
            builtOn.put(Thread.currentThread().getName(), Thread.currentThread().isDaemon());
            try {
                build.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(recording);
        });
        exporter.start();
        offer(3);
        build.countDown();

        assertThat(exporter.stop(5_000)).isTrue();
        assertThat(builtOn).containsExactly(Map.entry("ratri-exporter", true));
        assertThat(exporter.sinks()).containsExactly(recording);
        assertThat(recording.events).extracting(Event::count).containsExactly(0L, 1L, 2L);
        assertThat(recording.closes).isEqualTo(1);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void stopReturnsWithinItsTimeoutWhenASinkHangs() throws InterruptedException {
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Sink hanging = new RecordingSink() {
            @Override
            public synchronized void write(Batch batch) {
                written.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Exporter exporter = new Exporter(queue, dropped, List.of(hanging));
        exporter.start();
        offer(1);
        assertThat(written.await(5, TimeUnit.SECONDS)).isTrue();

        long begin = System.nanoTime();
        boolean finished = exporter.stop(200);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        release.countDown();

        assertThat(finished).isFalse();
        assertThat(tookMillis).isBetween(150L, 2_000L);
    }
}
