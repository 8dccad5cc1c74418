package sh.ratri.agent.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.agent.replay.TimelineFixture.ordered;
import static sh.ratri.agent.replay.TimelineFixture.supportOps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTest {

    private static final String START = "2026-11-25T03:45:31.000000Z";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private int replay(String... args) {
        return Replay.run(List.of(args),
                new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private List<String> outLines() {
        return out().lines().toList();
    }

    @Test
    void supportOpsSessionRendersAsOneTreeOrderedByStepIndex() throws IOException {
        supportOps("s-1", START).writeTo(dir.resolve("run.jsonl"));

        int exit = replay(dir.toString());

        assertThat(exit).isZero();
        assertThat(err()).isEmpty();
        assertThat(out()).isEqualTo(String.join("\n",
                "session s-1  pipeline  \"Handle urgent enterprise support escalation\"  {triggerKind=support_escalation}"
                        + "  agent=support-ops-orchestrator  completed  12.4 ms",
                "└─ run orchestrator \"Orchestrator\" #0 (orchestrator)  completed  10.2 ms",
                "   ├─ step triage-ticket \"Triage ticket\" #1  completed  0.3 ms",
                "   ├─ handoff \"Delegate customer response draft\"  {ticketId=SUP-123, priority=urgent}"
                        + "  orchestrator → response-worker  completed",
                "   └─ run response-worker \"Response worker\" #2 (worker)  completed  2.1 ms",
                "      ├─ handoff completed ← orchestrator",
                "      └─ tool support.compose_reply  risk=low  write support.compose_reply  on work_item SUP-123"
                        + "  completed  0.1 ms  → \"Draft reply for SUP-123\"",
                ""));
    }

    @Test
    void siblingsAreOrderedByStepIndexThenStartAndUnindexedEntriesStayAfterTheirPredecessor() throws IOException {
        new TimelineFixture("s-1", START)
                .sessionStarted("pipeline", "", Map.of())
                .runStarted("run-b", null, "second", "Second", 5, "orchestrator")
                .stepStarted("step-late", "run-b", "finish", "Finish", 7)
                .toolStarted("tool-after-finish", "run-b", "after.finish", "low", "execute", null, null)
                .stepStarted("step-early", "run-b", "prepare", "Prepare", 6)
                .runStarted("run-a", null, "first", "First", 3, "orchestrator")
                .writeTo(dir.resolve("run.jsonl"));

        replay(dir.toString());

        assertThat(outLines()).extracting(line -> line.replaceAll("(?<=\\S)  .*", "")).containsExactly(
                "session s-1",
                "├─ run first \"First\" #3 (orchestrator)",
                "└─ run second \"Second\" #5 (orchestrator)",
                "   ├─ step prepare \"Prepare\" #6",
                "   ├─ step finish \"Finish\" #7",
                "   └─ tool after.finish");
    }

    @Test
    void eventsOfOneSessionSplitOverSeveralFilesAreMerged() throws IOException {
        List<String> lines = supportOps("s-1", START).lines();
        Path events = Files.createDirectory(dir.resolve("ratri-events"));
        TimelineFixture.write(events.resolve("a.jsonl"), lines.subList(0, 5));
        TimelineFixture.write(events.resolve("b.jsonl"), lines.subList(5, lines.size()));
        Files.writeString(events.resolve("notes.txt"), "not events");
        String whole = replayOf(lines);

        int exit = replay(events.toString());

        assertThat(exit).isZero();
        assertThat(out()).isEqualTo(whole);
    }

    @Test
    void fileAndDirectoryPathsAreReadTogether() throws IOException {
        Path first = supportOps("s-1", START).writeTo(dir.resolve("first.jsonl"));
        Path other = Files.createDirectory(dir.resolve("other"));
        supportOps("s-2", "2026-11-25T04:00:00.000000Z").writeTo(other.resolve("second.jsonl"));

        int exit = replay(first.toString(), other.toString());

        assertThat(exit).isZero();
        assertThat(outLines()).filteredOn(line -> line.startsWith("session "))
                .extracting(line -> line.split(" ")[1]).containsExactly("s-1", "s-2");
    }

    @Test
    void sessionsAreOrderedByStartTime() throws IOException {
        supportOps("s-late", "2026-11-25T05:00:00.000000Z").writeTo(dir.resolve("a.jsonl"));
        supportOps("s-early", "2026-11-25T01:00:00.000000Z").writeTo(dir.resolve("b.jsonl"));

        replay(dir.toString());

        assertThat(outLines()).filteredOn(line -> line.startsWith("session "))
                .extracting(line -> line.split(" ")[1]).containsExactly("s-early", "s-late");
    }

    @Test
    void duplicateEventsAreShownOnceAndCounted() throws IOException {
        List<String> lines = supportOps("s-1", START).lines();
        String whole = replayOf(lines);
        TimelineFixture.write(dir.resolve("a.jsonl"), lines);
        TimelineFixture.write(dir.resolve("b.jsonl"), lines.subList(2, 4));

        int exit = replay(dir.toString());

        assertThat(exit).isZero();
        assertThat(out()).isEqualTo(whole + "\nskipped: 2 duplicate events\n");
    }

    @Test
    void outOfOrderLinesAreReplayedInTimelineOrder() throws IOException {
        List<String> lines = supportOps("s-1", START).lines();
        String inOrder = replayOf(lines);
        List<String> shuffled = new ArrayList<>(lines);
        Collections.shuffle(shuffled, new Random(7));
        TimelineFixture.write(dir.resolve("shuffled.jsonl"), shuffled);

        replay(dir.toString());

        assertThat(shuffled).isNotEqualTo(lines);
        assertThat(out()).isEqualTo(inOrder);
    }

    @Test
    void aStringOverJacksonsLimitIsSkippedAsTooLongNamingTheLimitNotAsUnparsable() throws IOException {
        List<String> lines = new ArrayList<>(supportOps("s-1", START).lines());
        String last = lines.remove(lines.size() - 1);
        // the session's end carries an output summary one character over the parser's string limit
        lines.add(last.replace("\"status\":\"completed\"",
                "\"status\":\"completed\",\"outputSummary\":\"" + "x".repeat(20_000_001) + "\""));
        Path file = TimelineFixture.write(dir.resolve("long.jsonl"), lines);

        int exit = replay(file.toString());

        assertThat(exit).isZero();
        assertThat(outLines().get(0)).endsWith("agent=support-ops-orchestrator  unfinished");
        assertThat(outLines()).last().isEqualTo("skipped: 1 line too long (" + file + ":" + lines.size()
                + " a string over 20,000,000 characters (Jackson's StreamReadConstraints.maxStringLength))");
    }

    @Test
    void truncatedLastLineIsSkippedAndReported() throws IOException {
        List<String> lines = new ArrayList<>(supportOps("s-1", START).lines());
        String last = lines.remove(lines.size() - 1);
        lines.add(last.substring(0, last.length() / 2));
        Path file = TimelineFixture.write(dir.resolve("cut.jsonl"), lines);

        int exit = replay(file.toString());

        assertThat(exit).isZero();
        assertThat(outLines().get(0)).endsWith("agent=support-ops-orchestrator  unfinished");
        assertThat(outLines()).last().isEqualTo("skipped: 1 unparsable line (" + file + ":" + lines.size() + ")");
    }

    @Test
    void missingEndedEventsShowUnfinished() throws IOException {
        List<String> lines = supportOps("s-1", START).lines().stream()
                .filter(line -> !line.contains("\"type\":\"run.ended\"") && !line.contains("\"type\":\"tool.ended\""))
                .toList();
        TimelineFixture.write(dir.resolve("crashed.jsonl"), lines);

        replay(dir.toString());

        assertThat(outLines()).anySatisfy(line -> assertThat(line)
                        .isEqualTo("└─ run orchestrator \"Orchestrator\" #0 (orchestrator)  unfinished"))
                .anySatisfy(line -> assertThat(line).isEqualTo("   └─ run response-worker \"Response worker\" #2 (worker)  unfinished"))
                .anySatisfy(line -> assertThat(line).endsWith("on work_item SUP-123  unfinished"));
    }

    @Test
    void failedToolShowsStatusAndError() throws IOException {
        new TimelineFixture("s-1", START)
                .sessionStarted("pipeline", "Restock", Map.of())
                .runStarted("run-1", null, "orchestrator", "Orchestrator", 0, "orchestrator")
                .toolStarted("tool-1", "run-1", "inventory.reserve", "high", "write", "sku", "A-1")
                .toolFailed("tool-1", "run-1", 4.25, "java.lang.IllegalStateException", "inventory\nservice down")
                .runEnded("run-1", "failed", 5)
                .writeTo(dir.resolve("run.jsonl"));

        replay(dir.toString());

        assertThat(outLines()).contains(
                "└─ run orchestrator \"Orchestrator\" #0 (orchestrator)  failed  5.0 ms",
                "   └─ tool inventory.reserve  risk=high  write inventory.reserve  on sku A-1  failed  4.3 ms"
                        + "  java.lang.IllegalStateException: inventory service down");
    }

    @Test
    void handoffThatNoChildRunAcceptedShowsFailedWithReason() throws IOException {
        new TimelineFixture("s-1", START)
                .sessionStarted("pipeline", "", Map.of())
                .runStarted("run-1", null, "orchestrator", "Orchestrator", 0, "orchestrator")
                .handoffRequested("h-1", "run-1", "Escalate", ordered("ticketId", "SUP-9"))
                .handoffFailed("h-1", "run-1", "no child run accepted the handoff")
                .handoffRequested("h-2", "run-1", "Follow up", Map.of())
                .writeTo(dir.resolve("run.jsonl"));

        replay(dir.toString());

        assertThat(outLines()).contains(
                "   ├─ handoff \"Escalate\"  {ticketId=SUP-9}  orchestrator → ?  failed: no child run accepted the handoff",
                "   └─ handoff \"Follow up\"  orchestrator → ?  pending");
    }

    @Test
    void eventsOfARunWhoseStartWasLostAreStillShown() throws IOException {
        new TimelineFixture("s-1", START)
                .toolStarted("tool-1", "run-lost", "search", "low", "read", null, null)
                .toolEnded("tool-1", "run-lost", "completed", 1, null)
                .runEnded("run-lost", "completed", 3)
                .writeTo(dir.resolve("run.jsonl"));

        replay(dir.toString());

        assertThat(outLines()).containsExactly(
                "session s-1  (session.started not recorded)  agent=support-ops-orchestrator  unfinished",
                "└─ run run-lost (run.started not recorded)  completed  3.0 ms",
                "   └─ tool search  risk=low  read search  completed  1.0 ms");
    }

    @Test
    void unknownEventTypesAreIgnoredInTheTreeAndReported() throws IOException {
        TimelineFixture fixture = supportOps("s-1", START);
        String whole = replayOf(fixture.lines());
        fixture.event("memory.compacted", Map.of("runId", "run-orch"),
                new ObjectMapper().createObjectNode().put("bytes", 10));
        fixture.writeTo(dir.resolve("run.jsonl"));

        replay(dir.toString());

        assertThat(out()).isEqualTo(whole + "\nskipped: 1 event of unknown type (memory.compacted)\n");
    }

    @Test
    void invalidEventsAreSkippedWithTheirLocationAndReason() throws IOException {
        List<String> lines = new ArrayList<>(supportOps("s-1", START).lines());
        lines.add("{\"type\":\"run.started\",\"timestamp\":\"2026-11-25T03:45:32.000000Z\"}");
        lines.add("");
        lines.add("[1,2]");
        Path file = TimelineFixture.write(dir.resolve("run.jsonl"), lines);

        replay(file.toString());

        assertThat(outLines()).last().isEqualTo("skipped: 2 invalid events (" + file + ":13 missing sessionId, "
                + file + ":15 not a JSON object)");
    }

    @Test
    void sessionOptionShowsOnlyThatSession() throws IOException {
        supportOps("s-one", START).writeTo(dir.resolve("a.jsonl"));
        supportOps("s-two", "2026-11-25T04:00:00.000000Z").writeTo(dir.resolve("b.jsonl"));

        int exit = replay(dir.toString(), "--session", "s-two");

        assertThat(exit).isZero();
        assertThat(outLines()).filteredOn(line -> line.startsWith("session "))
                .singleElement().asString().startsWith("session s-two  pipeline");
    }

    @Test
    void sessionOptionAcceptsAUniquePrefix() throws IOException {
        supportOps("0197aaaa-1", START).writeTo(dir.resolve("a.jsonl"));
        supportOps("0197bbbb-2", "2026-11-25T04:00:00.000000Z").writeTo(dir.resolve("b.jsonl"));

        int exit = replay(dir.toString(), "--session=0197b");

        assertThat(exit).isZero();
        assertThat(outLines().get(0)).startsWith("session 0197bbbb-2 ");
    }

    @Test
    void unknownSessionExitsWithOneAndListsTheSessions() throws IOException {
        supportOps("s-one", START).writeTo(dir.resolve("a.jsonl"));

        int exit = replay(dir.toString(), "--session", "nope");

        assertThat(exit).isEqualTo(1);
        assertThat(out()).isEmpty();
        assertThat(err()).contains("no session nope").contains("s-one");
    }

    @Test
    void jsonOutputParsesAndHoldsTheTree() throws IOException {
        supportOps("s-1", START).writeTo(dir.resolve("run.jsonl"));
        Files.writeString(dir.resolve("run.jsonl"), "{\"cut", java.nio.file.StandardOpenOption.APPEND);

        int exit = replay(dir.toString(), "--json");

        assertThat(exit).isZero();
        JsonNode document = new ObjectMapper().readTree(out());
        JsonNode session = document.path("sessions").path(0);
        assertThat(document.path("sessions")).hasSize(1);
        assertThat(session.path("sessionId").asText()).isEqualTo("s-1");
        assertThat(session.path("kind").asText()).isEqualTo("pipeline");
        assertThat(session.path("metadata").path("triggerKind").asText()).isEqualTo("support_escalation");
        assertThat(session.path("agent").path("key").asText()).isEqualTo("support-ops-orchestrator");
        assertThat(session.path("status").asText()).isEqualTo("completed");
        assertThat(session.path("durationMs").asDouble()).isEqualTo(12.4);

        JsonNode orchestrator = session.path("runs").path(0);
        assertThat(session.path("runs")).hasSize(1);
        assertThat(orchestrator.path("stepKey").asText()).isEqualTo("orchestrator");
        assertThat(orchestrator.path("items")).extracting(item -> item.path("kind").asText())
                .containsExactly("step", "handoff", "run");
        JsonNode handoff = orchestrator.path("items").path(1);
        assertThat(handoff.path("payloadSummary").path("priority").asText()).isEqualTo("urgent");
        assertThat(handoff.path("state").asText()).isEqualTo("completed");
        assertThat(handoff.path("targetStepKey").asText()).isEqualTo("response-worker");

        JsonNode worker = orchestrator.path("items").path(2);
        assertThat(worker.path("parentRunId").asText()).isEqualTo("run-orch");
        assertThat(worker.path("items")).extracting(item -> item.path("kind").asText())
                .containsExactly("handoff.received", "tool");
        JsonNode tool = worker.path("items").path(1);
        assertThat(tool.path("name").asText()).isEqualTo("support.compose_reply");
        assertThat(tool.path("resource").path("externalId").asText()).isEqualTo("SUP-123");
        assertThat(tool.path("status").asText()).isEqualTo("completed");

        assertThat(document.path("skipped").path("unparsableLines").path("count").asInt()).isEqualTo(1);
        assertThat(document.path("skipped").path("duplicateEvents").asInt()).isZero();
    }

    @Test
    void unknownOptionExitsWithTwoAndOneLineOfUsage() {
        int exit = replay("--frobnicate");

        assertThat(exit).isEqualTo(2);
        assertThat(err().lines()).singleElement().asString()
                .contains("unknown option --frobnicate").contains("usage: replay");
        assertThat(out()).isEmpty();
    }

    @Test
    void sessionOptionWithoutAnIdExitsWithTwo() {
        assertThat(replay("--session")).isEqualTo(2);
        assertThat(err()).contains("--session needs a session id");
    }

    @Test
    void missingPathExitsWithOneNamingIt() {
        int exit = replay(dir.resolve("nowhere").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err()).contains("no such file or directory").contains("nowhere");
    }

    @Test
    void directoryWithoutEventsExitsWithOne() throws IOException {
        Files.writeString(dir.resolve("broken.jsonl"), "not json\n");

        int exit = replay(dir.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err()).contains("no events in " + dir).contains("1 unparsable line");
        assertThat(out()).isEmpty();
    }

    /** The text replay of these lines read from a file of their own, for comparing outputs. */
    private String replayOf(List<String> lines) throws IOException {
        Path reference = Files.createTempDirectory(dir, "reference");
        Path file = TimelineFixture.write(reference.resolve("reference.jsonl"), lines);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Replay.run(List.of(file.toString()), new PrintStream(bytes, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listPrintsOneLinePerSessionNewestFirstAndFilters() throws IOException {
        supportOps("s-old", START).writeTo(dir.resolve("a.jsonl"));
        ReplayFixtures.failingRefund("s-new", "2026-11-25T04:00:00.000000Z").writeTo(dir.resolve("b.jsonl"));

        assertThat(replay(dir.toString(), "--list")).isZero();
        assertThat(outLines()).extracting(line -> line.split(" ")[0]).containsExactly("s-new", "s-old");

        outBytes.reset();
        assertThat(replay(dir.toString(), "--list", "--status", "completed")).isZero();
        assertThat(outLines()).singleElement().asString().startsWith("s-old ");

        outBytes.reset();
        assertThat(replay(dir.toString(), "--list", "--agent", "nobody")).isEqualTo(1);
        assertThat(err()).contains("no session matches --agent nobody").contains("sessions: s-old, s-new");
    }

    @Test
    void htmlAndMarkdownAreWrittenToFilesAndNamedOnStandardOutput() throws IOException {
        supportOps("s-1", START).writeTo(dir.resolve("run.jsonl"));
        Path html = dir.resolve("out/replay.html");
        Path markdown = dir.resolve("summary.md");

        int exit = replay(dir.resolve("run.jsonl").toString(), "--html", html.toString(), "--markdown", markdown.toString());

        assertThat(exit).isZero();
        assertThat(outLines()).containsExactly("replay: wrote " + html + " (1 session)",
                "replay: wrote " + markdown + " (1 session)");
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("\"id\":\"s-1\"");
        assertThat(Files.readString(markdown)).startsWith("## Ratri session replay");
    }

    @Test
    void failOnExitsWithThreeAndOneLineNamingSessionAndItemAfterWritingTheOutput() throws IOException {
        supportOps("s-ok", START).writeTo(dir.resolve("a.jsonl"));
        ReplayFixtures.failingRefund("s-bad", "2026-11-25T04:00:00.000000Z").writeTo(dir.resolve("b.jsonl"));

        int exit = replay(dir.toString(), "--fail-on", "failed,blocked", "--markdown", "-");

        assertThat(exit).isEqualTo(Replay.EXIT_FAIL_ON);
        assertThat(out()).startsWith("## Ratri session replay");
        assertThat(err()).isEqualTo("replay: --fail-on failed,blocked: session s-bad has failed tool payments.refund"
                + " (java.lang.IllegalStateException: gateway down) (2 items in all)\n");
    }

    @Test
    void failOnPassesWhenTheShownSessionsAreClean() throws IOException {
        supportOps("s-ok", START).writeTo(dir.resolve("a.jsonl"));
        ReplayFixtures.failingRefund("s-bad", "2026-11-25T04:00:00.000000Z").writeTo(dir.resolve("b.jsonl"));

        assertThat(replay(dir.toString(), "--session", "s-ok", "--fail-on", "failed")).isZero();
        assertThat(outLines().get(0)).startsWith("session s-ok ");
    }
}
