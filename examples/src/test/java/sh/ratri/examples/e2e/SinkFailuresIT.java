package sh.ratri.examples.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.examples.support.EventSchema;
import sh.ratri.examples.support.ForkedJvm;
import sh.ratri.examples.support.TestBackend;
import sh.ratri.examples.support.TestBackend.Reply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.examples.support.Delivery.assertSameEventsDuplicatesOnlyByEventId;

/**
 * Sinks under the failures operators meet: a disk that fills up, a directory that cannot be
 * created, a spool that cannot be written, a password in an endpoint URL. Whatever happens, the
 * exit line says exactly what reached its destination and what was lost, and why.
 */
class SinkFailuresIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A file in place of a directory: creating anything under it fails, for root too. */
    private static Path notADirectory(Path dir) throws Exception {
        return Files.writeString(dir.resolve("not-a-dir"), "");
    }

    @Test
    void aFullDiskLeavesOnlyWholeLinesAndTheExitLineCountsExactlyThemAndEveryLoss(@TempDir Path dir) throws Exception {
        int calls = 20_000; // 40,004 events, about 14 MB: far past the 1 MB the file may grow to
        ForkedJvm.Result r = ForkedJvm.scenario("burst").in(dir)
                .launcher("prlimit", "--fsize=1000000", "--") // writes past 1 MB fail with EFBIG, as on a full disk
                .jvmOption("-XX:-UsePerfData").jvmOption("-Dburst.calls=" + calls).run();

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        Path file;
        try (Stream<Path> files = Files.list(dir.resolve("ratri-events"))) {
            file = files.collect(java.util.stream.Collectors.toList()).get(0);
        }
        String content = Files.readString(file);
        assertThat(content).endsWith("\n");
        List<String> lines = content.lines().toList();
        for (String line : lines) {
            EventSchema.assertValid(JSON.readTree(line));
        }
        Matcher exit = Pattern.compile("ratri: (\\d+) events \\(1 session\\) written to ratri-events/\\S+\\.jsonl; (\\d+) lost "
                + "\\(could not write: java\\.io\\.IOException: File too large\\) — replay: ").matcher(r.stderr());
        assertThat(exit.find()).as(r.stderr()).isTrue();
        long written = Long.parseLong(exit.group(1));
        long lost = Long.parseLong(exit.group(2));
        System.out.println("full disk: exit line " + written + " written + " + lost + " lost; file " + lines.size()
                + " whole lines, " + content.length() + " bytes");
        assertThat(written).isEqualTo(lines.size()).isPositive();
        assertThat(written + lost).isEqualTo(4 + 2L * calls);
    }

    @Test
    void aJsonlDirThatCannotBeCreatedStillGetsAnExitLineCountingEveryEventLost(@TempDir Path dir) throws Exception {
        notADirectory(dir);
        ForkedJvm.Result r = ForkedJvm.scenario("support-ops").in(dir).agentArgs("jsonl.dir=not-a-dir/events").run();

        assertThat(r.exitCode()).isZero();
        assertThat(r.stderrLines()).last().asString()
                .matches("ratri: 0 events written to not-a-dir/events/\\S+\\.jsonl; 12 lost \\(could not create "
                        + "not-a-dir/events/\\S+\\.jsonl: java\\.nio\\.file\\.\\w+Exception: .*\\)");
    }

    @Test
    void anUnwritableSpoolStillDeliversEverythingFromMemoryAndNamesTheError(@TempDir Path dir) throws Exception {
        notADirectory(dir);
        try (TestBackend backend = TestBackend.start()) {
            ForkedJvm.Result r = ForkedJvm.scenario("support-ops").in(dir)
                    .agentArgs("exporter=jsonl,http,endpoint=" + backend.url() + ",spool.dir=not-a-dir/spool,http.flushMillis=100")
                    .run();

            assertSameEventsDuplicatesOnlyByEventId(backend.deliveredEvents(), r.events().all());
            assertThat(r.stderr()).contains("ratri: cannot write to the spool not-a-dir/spool/http (java.nio.file.")
                    .contains("ratri: http: 12 events delivered to " + backend.url() + "/v1/events; spool not writable "
                            + "(java.nio.file.")
                    .doesNotContain(" lost (").doesNotContain("spool full");
            assertThat(r.stderrLines()).filteredOn(line -> line.startsWith("ratri: http: ")).singleElement().asString()
                    .endsWith("), sent from memory");
        }
    }

    @Test
    void anUnwritableSpoolAndNoBackendCountsTheEventsLostAndSaysWhy(@TempDir Path dir) throws Exception {
        notADirectory(dir);
        String nobody = "http://127.0.0.1:" + TestBackend.freePort();
        ForkedJvm.Result r = ForkedJvm.scenario("support-ops").in(dir)
                .agentArgs("exporter=http,endpoint=" + nobody + ",spool.dir=not-a-dir/spool,http.flushMillis=100").run();

        assertThat(r.stderrLines()).filteredOn(line -> line.startsWith("ratri: http: ")).singleElement().asString()
                .startsWith("ratri: http: 0 events delivered to " + nobody + "/v1/events; spool not writable (java.nio.file.")
                .endsWith("), sent from memory: 12 lost (not sent before exit)");
    }

    @Test
    void aPasswordInAnEndpointIsNeverPrinted(@TempDir Path dir) throws Exception {
        try (TestBackend events = TestBackend.start().answering(n -> Reply.status(401));
             TestBackend traces = TestBackend.start()) {
            String eventsAt = events.url().replace("http://", "http://bob:pw@");
            String tracesAt = traces.url().replace("http://", "http://alice:s3cr3t@");
            ForkedJvm.Result r = ForkedJvm.scenario("support-ops").in(Files.createDirectory(dir.resolve("sent")))
                    .agentArgs("exporter=http,otlp,endpoint=" + eventsAt + ",otlp.endpoint=" + tracesAt
                            + ",http.flushMillis=100,debug=true").run();
            ForkedJvm.Result refused = ForkedJvm.scenario("support-ops").in(Files.createDirectory(dir.resolve("refused")))
                    .agentArgs("exporter=http,endpoint=http://bob:pw@ratri.example.com").run();

            String redactedEvents = events.url().replace("http://", "http://[REDACTED]@");
            String redactedTraces = traces.url().replace("http://", "http://[REDACTED]@");
            assertThat(r.stderr()).contains("ratri: http sink: POST " + redactedEvents + "/v1/events answered 401")
                    .contains("ratri: http: 0 events delivered to " + redactedEvents + "/v1/events; 12 refused by the backend")
                    .contains("ratri: otlp: 5 spans delivered to " + redactedTraces + "/v1/traces");
            assertThat(refused.stderr()).contains("ratri: refusing endpoint='http://[REDACTED]@ratri.example.com'");
            for (String secret : List.of("pw@", "bob", "alice", "s3cr3t")) {
                assertThat(r.stderr() + r.stdout() + refused.stderr()).doesNotContain(secret);
            }
        }
    }
}
