package sh.ratri.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.examples.support.EventLog;
import sh.ratri.examples.support.EventSchema;
import sh.ratri.examples.support.ForkedJvm;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.examples.support.EventLog.attr;
import static sh.ratri.examples.support.EventLog.text;

/**
 * Woven calls pass up to five arguments one by one, and the agent reads them from an array its thread
 * lends each call's entry. An argument whose {@code toString()} makes a traced call on the same thread
 * while the outer call still reads its arguments (scenario {@code traced-to-string}: a handoff's
 * reason, a child run's name and a tool's recorded arguments each spell a note through a traced
 * formatter) leaves both calls their own values; a tool with six parameters passes an array.
 */
class ArgumentToStringIT {

    private static final String NOTE = "N-1: Call back";

    @TempDir
    static Path dir;
    private static ForkedJvm.Result result;
    private static EventLog log;

    @BeforeAll
    static void runScenario() throws Exception {
        result = ForkedJvm.scenario("traced-to-string").in(dir).run();
        log = result.events();
    }

    @Test
    void everyEventIsValidInTheOrderTheCallsMadeThemAndTheApplicationIsUnchanged() {
        EventSchema.assertAllValid(log.all());
        assertThat(result.stdout().trim()).isEqualTo("sent 2 / archived box7");
        assertThat(log.types()).containsExactly("session.started", "run.started",
                "tool.started", "tool.ended", "handoff.requested", "tool.started", "tool.ended",
                "run.started", "handoff.completed", "tool.started", "tool.ended", "tool.started", "tool.ended",
                "run.ended", "tool.started", "tool.ended", "run.ended", "session.ended");
    }

    @Test
    void eachInnerCallMadeWhileTheOuterOneEnteredRecordsItsOwnArguments() {
        JsonNode notes = log.started("run.started", "notes");
        JsonNode sender = log.started("run.started", "sender");
        List<JsonNode> formats = log.ofType("tool.started").stream()
                .filter(e -> "notes.format".equals(e.at("/attributes/tool/name").asText())).toList();
        // spelled for the handoff's reason, then the child run's name (both in the run "notes"), then send's arguments
        assertThat(formats).extracting(e -> text(e, "runId"))
                .containsExactly(text(notes, "runId"), text(notes, "runId"), text(sender, "runId"));
        assertThat(formats).extracting(e -> text(e, "toolCallId")).doesNotHaveDuplicates();
        for (JsonNode format : formats) {
            assertThat(attr(format, "inputSummary")).isEqualTo("id=N-1, text=Call back");
            assertThat(format.at("/attributes/tool/riskLevel").asText()).isEqualTo("low");
            assertThat(format.at("/attributes/action/type").asText()).isEqualTo("read");
            assertThat(format.at("/attributes/action/name").asText()).isEqualTo("notes.format");
            assertThat(text(format, "sessionId")).isEqualTo(text(notes, "sessionId"));
            JsonNode ended = log.endOf(format);
            assertThat(attr(ended, "status")).isEqualTo("completed");
            assertThat(attr(ended, "outputSummary")).isEqualTo(NOTE);
        }
    }

    @Test
    void theOuterCallReadsItsArgumentsAsPassedAfterEachInnerCall() {
        JsonNode notes = log.started("run.started", "notes");
        JsonNode sender = log.started("run.started", "sender");
        assertThat(attr(notes, "stepName")).isEqualTo("File N-1"); // its thread's array for two arguments, lent before
        JsonNode requested = log.single("handoff.requested");
        assertThat(attr(requested, "reason")).isEqualTo("Send " + NOTE);
        assertThat(attr(requested, "sourceRunId")).isEqualTo(text(notes, "runId"));
        assertThat(requested.at("/attributes/payloadSummary").size()).isZero();
        assertThat(attr(sender, "stepName")).isEqualTo("Send " + NOTE);
        assertThat(attr(sender, "role")).isEqualTo("worker");
        assertThat(text(sender, "parentRunId")).isEqualTo(text(notes, "runId"));
        JsonNode completed = log.single("handoff.completed");
        assertThat(text(completed, "handoffId")).isEqualTo(text(requested, "handoffId"));
        assertThat(text(completed, "runId")).isEqualTo(text(sender, "runId"));

        JsonNode send = log.tool("notes.send");
        assertThat(attr(send, "inputSummary")).isEqualTo("note=" + NOTE + ", copies=2");
        assertThat(send.at("/attributes/action/type").asText()).isEqualTo("write");
        assertThat(text(send, "runId")).isEqualTo(text(sender, "runId"));
        assertThat(attr(log.endOf(send), "outputSummary")).isEqualTo("sent 2");
        assertThat(attr(log.endOf(sender), "outputSummary")).isEqualTo("sent 2");
    }

    @Test
    void aToolWithSixParametersRecordsEachPrimitiveBoxed() {
        JsonNode archive = log.tool("notes.archive");
        assertThat(attr(archive, "inputSummary")).isEqualTo("shelf=box, row=7, slot=8, sealed=true, mark=z, weight=0.5");
        assertThat(text(archive, "runId")).isEqualTo(text(log.started("run.started", "notes"), "runId"));
        assertThat(attr(log.endOf(archive), "status")).isEqualTo("completed");
        assertThat(attr(log.endOf(archive), "outputSummary")).isEqualTo("archived box7");
    }
}
