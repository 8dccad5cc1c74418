package sh.ratri.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.examples.support.EventLog;
import sh.ratri.examples.support.ForkedJvm;
import sh.ratri.examples.support.TestBackend;
import sh.ratri.examples.support.TestBackend.Reply;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.examples.support.Delivery.assertPerSessionOrder;
import static sh.ratri.examples.support.Delivery.assertSameEventsDuplicatesOnlyByEventId;
import static sh.ratri.examples.support.Delivery.ids;
import static sh.ratri.examples.support.Delivery.spooled;

/**
 * The http sink against a real loopback backend that fails in the ways backends do. JSONL written
 * by the same JVM is the record of what was emitted; each test checks the backend got exactly that.
 */
class HttpFaultsIT {

    /** Short batching and retry settings so each fault plays out in a second or two. */
    private static final String FAST = "http.flushMillis=100,http.retryMaxMillis=300,http.timeoutMillis=2000";

    private static ForkedJvm loop(Path dir, String endpoint, int iterations, long pauseMillis) {
        return ForkedJvm.scenario("event-loop").in(dir)
                .agentArgs("agent.key=loop,exporter=jsonl,http,endpoint=" + endpoint + "," + FAST)
                .jvmOption("-Dloop.iterations=" + iterations).jvmOption("-Dloop.pauseMillis=" + pauseMillis);
    }

    private static long loopMillis(String stdout) {
        Matcher m = Pattern.compile("loop: \\d+ iterations in (\\d+) ms").matcher(stdout);
        assertThat(m.find()).as(stdout).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void serverErrorsForAWhileThenRecoveryDeliverEveryEventInSessionOrder(@TempDir Path dir) throws Exception {
        try (TestBackend backend = TestBackend.start().answering(n -> n <= 4 ? Reply.status(500) : Reply.OK)) {
            ForkedJvm.Result r = loop(dir, backend.url(), 60, 50).run();

            EventLog emitted = r.events();
            assertThat(emitted.all()).hasSize(60 * 6);
            assertThat(backend.requests().stream().filter(q -> q.status() == 500)).hasSize(4);
            assertSameEventsDuplicatesOnlyByEventId(backend.deliveredEvents(), emitted.all());
            assertPerSessionOrder(backend.deliveredEvents());
            assertThat(spooled(dir.resolve("ratri-spool/http"))).isEmpty();
            assertThat(r.stderr()).contains("ratri: http: 360 events delivered to " + backend.url() + "/v1/events");
        }
    }

    @Test
    void aBackendThatNeverAnswersSlowsNoApplicationThreadAndLosesNothing(@TempDir Path dir) throws Exception {
        Path baselineDir = java.nio.file.Files.createDirectory(dir.resolve("baseline"));
        long baseline;
        try (TestBackend healthy = TestBackend.start()) {
            baseline = loopMillis(loop(baselineDir, healthy.url(), 30, 20).run().stdout());
        }

        Path app = java.nio.file.Files.createDirectory(dir.resolve("app"));
        try (TestBackend backend = TestBackend.start().answering(n -> Reply.HANG)) {
            long started = System.nanoTime();
            ForkedJvm.Result r = loop(app, backend.url(), 30, 20).agentArgs(
                    "agent.key=loop,exporter=jsonl,http,endpoint=" + backend.url() + "," + FAST
                            + ",http.timeoutMillis=500").run();
            long wallMillis = (System.nanoTime() - started) / 1_000_000;

            // the same work as against a healthy backend, give or take the noise of a shared machine
            assertThat(loopMillis(r.stdout())).isLessThan(baseline * 2 + 1_000);
            assertThat(wallMillis).as("exit waits a bounded time").isLessThan(15_000);
            EventLog emitted = r.events();
            assertThat(emitted.all()).hasSize(180);
            assertThat(backend.deliveredEvents()).isEmpty();
            List<JsonNode> onDisk = spooled(app.resolve("ratri-spool/http"));
            assertThat(ids(onDisk)).containsExactlyInAnyOrderElementsOf(ids(emitted.all()));
            assertThat(onDisk).hasSize(180);
            assertThat(r.stderr()).contains("ratri: http: 0 events delivered to " + backend.url()
                    + "/v1/events; 180 spooled in ratri-spool/http (sent at the next start)");

            // the backend answers again: the next JVM with this spool directory sends it all
            backend.answering(n -> Reply.OK);
            ForkedJvm.Result next = ForkedJvm.scenario("quiet").in(app)
                    .agentArgs("exporter=http,endpoint=" + backend.url() + "," + FAST).run();
            assertThat(next.stderr()).contains("ratri: http: 180 events delivered");
            assertSameEventsDuplicatesOnlyByEventId(backend.deliveredEvents(), emitted.all());
            assertPerSessionOrder(backend.deliveredEvents());
            assertThat(spooled(app.resolve("ratri-spool/http"))).isEmpty();
        }
    }

    @Test
    void retryAfterIsHonoured(@TempDir Path dir) throws Exception {
        try (TestBackend backend = TestBackend.start()
                .answering(n -> n == 1 ? Reply.status(429, "Retry-After", "2") : Reply.OK)) {
            ForkedJvm.Result r = loop(dir, backend.url(), 60, 50).run();

            List<TestBackend.Received> requests = backend.requests();
            long gapMillis = (requests.get(1).arrivedNanos() - requests.get(0).arrivedNanos()) / 1_000_000;
            assertThat(gapMillis).isBetween(2_000L, 3_500L);
            System.out.println("Retry-After: 2 -> next request after " + gapMillis + " ms");
            assertThat(requests.get(0).status()).isEqualTo(429);
            assertSameEventsDuplicatesOnlyByEventId(backend.deliveredEvents(), r.events().all());
            assertPerSessionOrder(backend.deliveredEvents());
        }
    }

    @Test
    void aBackendThatComesUpLaterGetsEverythingInOrder(@TempDir Path dir) throws Exception {
        int port = TestBackend.freePort();
        ForkedJvm.Running app = loop(dir, "http://127.0.0.1:" + port, 60, 50).start();
        assertThat(app.awaitStdout("iteration 10\n", 30_000)).isTrue();
        try (TestBackend backend = TestBackend.startOn(port)) {
            ForkedJvm.Result r = app.await(60_000);

            EventLog emitted = r.events();
            assertThat(emitted.all()).hasSize(360);
            assertSameEventsDuplicatesOnlyByEventId(backend.deliveredEvents(), emitted.all());
            assertPerSessionOrder(backend.deliveredEvents());
            assertThat(spooled(dir.resolve("ratri-spool/http"))).isEmpty();
        }
    }

    @Test
    void aJvmKilledMidRunLeavesItsBatchesForTheNextStart(@TempDir Path dir) throws Exception {
        int port = TestBackend.freePort(); // nothing listens: every send is refused
        ForkedJvm.Running app = ForkedJvm.scenario("event-loop").in(dir)
                .agentArgs("agent.key=loop,exporter=http,endpoint=http://127.0.0.1:" + port + "," + FAST)
                .jvmOption("-Dloop.iterations=100000").jvmOption("-Dloop.pauseMillis=20").start();
        assertThat(app.awaitStdout("iteration 40\n", 30_000)).isTrue();
        Thread.sleep(300);
        app.kill();

        List<JsonNode> onDisk = spooled(dir.resolve("ratri-spool/http"));
        assertThat(onDisk.size()).isGreaterThanOrEqualTo(40 * 6);
        System.out.println("SIGKILL: " + onDisk.size() + " events spooled at the kill");
        // sealed in queue order: what survived is the first N events, with no hole
        assertThat(onDisk.stream().map(e -> e.path("sequence").asLong()).sorted().toList())
                .isEqualTo(java.util.stream.LongStream.range(0, onDisk.size()).boxed().toList());

        try (TestBackend backend = TestBackend.startOn(port)) {
            ForkedJvm.Result next = ForkedJvm.scenario("quiet").in(dir)
                    .agentArgs("exporter=http,endpoint=http://127.0.0.1:" + port + "," + FAST).run();
            assertThat(next.stderr()).contains("ratri: http: " + onDisk.size() + " events delivered");
            assertSameEventsDuplicatesOnlyByEventId(backend.deliveredEvents(), onDisk);
            assertPerSessionOrder(backend.deliveredEvents());
            assertThat(spooled(dir.resolve("ratri-spool/http"))).isEmpty();
        }
    }

    @Test
    void aTinyQueueUnderABurstCountsExactlyWhatItLost(@TempDir Path dir) throws Exception {
        int calls = 20_000;
        try (TestBackend backend = TestBackend.start()) {
            ForkedJvm.Result r = ForkedJvm.scenario("burst").in(dir)
                    .agentArgs("exporter=http,queue.size=16,http.batchSize=5000,endpoint=" + backend.url() + "," + FAST)
                    .jvmOption("-Dburst.calls=" + calls).run();

            List<JsonNode> delivered = new ArrayList<>(backend.deliveredEvents().stream()
                    .collect(java.util.stream.Collectors.toMap(e -> e.path("eventId").asText(), e -> e, (a, b) -> a,
                            java.util.LinkedHashMap::new)).values());
            long lost = delivered.stream().filter(e -> e.path("type").asText().equals("agent.dropped"))
                    .mapToLong(e -> e.at("/attributes/count").asLong()).sum();
            long kept = delivered.stream().filter(e -> !e.path("type").asText().equals("agent.dropped")).count();
            assertThat(lost).isPositive();
            assertThat(kept + lost).isEqualTo(4 + 2L * calls);
            System.out.println("tiny queue: " + kept + " delivered + " + lost + " counted as dropped = " + (kept + lost));
            assertThat(r.stderr()).contains("; " + lost + " dropped (queue full, raise queue.size)");
            assertThat(spooled(dir.resolve("ratri-spool/http"))).isEmpty();
        }
    }
}
