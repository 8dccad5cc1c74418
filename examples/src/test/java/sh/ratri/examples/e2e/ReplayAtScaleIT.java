package sh.ratri.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.examples.support.ForkedJvm;
import sh.ratri.examples.support.LargeEventFile;

/**
 * {@code replay} of files larger than its heap: a 60 MB file of ~7,400 interleaved sessions under
 * {@code -Xmx64m} (the whole file once took 9–13 times its size in heap), scaled down from the
 * 500 MB / {@code -Xmx512m} measured in benchmarks/RESULTS.md.
 */
class ReplayAtScaleIT {

    private static final List<String> SMALL_HEAP = List.of("-Xmx64m");

    @TempDir
    static Path dir;
    private static LargeEventFile.Written file;

    @BeforeAll
    static void writeA60MbFile() throws Exception {
        file = LargeEventFile.write(dir.resolve("big.jsonl"), 60L << 20);
    }

    @Test
    void listOfA60MbFileRunsInA64MbHeap() throws Exception {
        ForkedJvm.Result list = ForkedJvm.cli(dir, SMALL_HEAP, "replay", "--list", "big.jsonl");

        assertThat(list.stderr()).isEmpty();
        assertThat(list.exitCode()).isZero();
        List<String> lines = list.stdout().lines().toList();
        assertThat(lines).hasSize(file.sessions());
        assertThat(lines).filteredOn(line -> line.contains("  failed  ")).hasSize(file.failedSessions());
        assertThat(lines).allSatisfy(line -> assertThat(line).contains("support-ops-orchestrator  pipeline")
                .contains("2 runs  2 tools  1 handoff"));
    }

    @Test
    void failOnAndHtmlOfA60MbFileRunInA64MbHeap() throws Exception {
        ForkedJvm.Result gate = ForkedJvm.cli(dir, SMALL_HEAP, "replay", "big.jsonl", "--html", "big.html",
                "--fail-on", "failed");

        assertThat(gate.exitCode()).isEqualTo(3);
        assertThat(gate.stderrLines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("replay: --fail-on failed: session ")
                .contains(" has failed tool support.compose_reply (java.lang.IllegalStateException: template service "
                        + "unavailable for SUP-"));
        assertThat(gate.stdout()).isEqualTo("replay: wrote big.html (" + file.sessions() + " sessions)\n");
        String html = Files.readString(dir.resolve("big.html"), StandardCharsets.UTF_8);
        assertThat(html.endsWith("</html>\n")).as("the page is whole").isTrue();
        int sessionsInPage = html.split("\"counts\":\\{", -1).length - 1;
        assertThat(sessionsInPage).isEqualTo(file.sessions());
    }

    @Test
    void aSessionTooLargeForTheHeapGetsOneLineNamingItAndWhatToDo(@TempDir Path own) throws Exception {
        Path huge = own.resolve("huge.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(huge, StandardCharsets.UTF_8)) {
            out.write(event(0, "session.started", "", "{\"kind\":\"batch\",\"inputSummary\":\"one huge session\"}"));
            for (int i = 1; i < 120_000; i++) {
                out.write(event(i, "tool.started", "\"toolCallId\":\"t" + i + "\",", "{\"tool\":{\"name\":\"io.read\","
                        + "\"riskLevel\":\"low\"},\"inputSummary\":\"" + "x".repeat(120) + "\"}"));
            }
        }

        ForkedJvm.Result replay = ForkedJvm.cli(own, SMALL_HEAP, "replay", "huge.jsonl", "--html", "huge.html");

        assertThat(replay.exitCode()).isEqualTo(1);
        assertThat(replay.stderrLines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("replay: session huge-1 (120,000 events, ")
                .contains(" does not fit in the heap (")
                .contains("run replay with a larger heap, e.g. java -Xmx")
                .contains("or leave it out (--session, --agent, --status)"));
        assertThat(replay.stdout()).isEmpty();
        assertThat(own.resolve("huge.html")).doesNotExist();
    }

    @Test
    void aLineLongerThanAQuarterOfTheHeapIsPassedOverUnreadAndReportedAsTooLong(@TempDir Path own) throws Exception {
        Path file = own.resolve("long-line.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(event(0, "session.started", "", "{\"kind\":\"batch\"}"));
            out.write(event(1, "tool.started", "\"toolCallId\":\"t1\",", "{\"inputSummary\":\""
                    + "x".repeat(17 << 20) + "\"}"));
            out.write(event(2, "session.ended", "", "{\"status\":\"completed\",\"durationMs\":1.5}"));
        }

        ForkedJvm.Result replay = ForkedJvm.cli(own, SMALL_HEAP, "replay", "long-line.jsonl");

        assertThat(replay.stderr()).isEmpty();
        assertThat(replay.exitCode()).isZero();
        assertThat(replay.stdout().lines().toList()).containsExactly(
                "session huge-1  batch  completed  1.5 ms",
                "",
                "skipped: 1 line too long (long-line.jsonl:2 a line over 16 MB (a quarter of the heap: raise -Xmx to "
                        + "read it))");
    }

    private static String event(int sequence, String type, String ids, String attributes) {
        return "{\"schema\":\"ratri.event/v1\",\"eventId\":\"huge-e" + sequence + "\",\"type\":\"" + type
                + "\",\"timestamp\":\"2026-11-25T03:00:00." + String.format("%06d", sequence % 1_000_000)
                + "Z\",\"sequence\":" + sequence + ",\"sessionId\":\"huge-1\"," + ids + "\"attributes\":" + attributes
                + "}\n";
    }
}
