package sh.ratri.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.examples.support.EventLog;
import sh.ratri.examples.support.EventSchema;
import sh.ratri.examples.support.ForkedJvm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.examples.support.EventLog.attr;
import static sh.ratri.examples.support.EventLog.normalised;
import static sh.ratri.examples.support.EventLog.text;

/** The explicit API ({@code sh.ratri.Ratri}) against the annotations, under the real agent. */
class ExplicitApiIT {

    @Test
    void explicitAndAnnotatedSupportOpsRecordTheSameStream(@TempDir Path dir) throws Exception {
        EventLog annotated = ForkedJvm.scenario("support-ops").in(Files.createDirectory(dir.resolve("a"))).run()
                .events();
        ForkedJvm.Result explicitRun = ForkedJvm.scenario("support-ops-explicit")
                .in(Files.createDirectory(dir.resolve("e"))).run();
        assertThat(explicitRun.stdout()).startsWith("Draft for SUP-123: Hello Acme Corp, We are on it right now.");
        String pipelineSession = text(explicitRun.events().all().get(0), "sessionId");
        List<JsonNode> explicit = explicitRun.events().all().stream()
                .filter(e -> pipelineSession.equals(text(e, "sessionId"))).toList();
        EventSchema.assertAllValid(explicit);

        // The annotated tool records its arguments; withTool has none to record. All else is the same.
        JsonNode annotatedTool = annotated.single("tool.started");
        assertThat(attr(annotatedTool, "inputSummary"))
                .isEqualTo("ticketId=SUP-123, customer=Acme Corp, tone=We are on it right now.");
        assertThat(normalised(explicit)).isEqualTo(normalised(withoutToolArguments(annotated.all())));
    }

    private static List<JsonNode> withoutToolArguments(List<JsonNode> events) {
        return events.stream().map(e -> {
            if (!"tool.started".equals(text(e, "type"))) {
                return e;
            }
            ObjectNode copy = e.deepCopy();
            ((ObjectNode) copy.get("attributes")).remove("inputSummary");
            return (JsonNode) copy;
        }).toList();
    }

    @Test
    void currentIdsAttributesAndOutputSummaryReachTheEvents(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.scenario("support-ops-explicit").in(dir).run();
        EventLog log = r.events();
        JsonNode session = log.single("session.started", e -> "introspection".equals(attr(e, "kind")));
        JsonNode run = log.started("run.started", "inspector");
        assertThat(r.stdout()).contains("session=" + text(session, "sessionId") + " run=" + text(run, "runId"));
        JsonNode ended = log.endOf(run);
        assertThat(attr(ended, "model")).isEqualTo("gpt-x");
        assertThat(attr(ended, "outputSummary")).isEqualTo("looked around");
        assertThat(attr(run, "stepName")).isEqualTo("Inspector");
    }

    @Test
    void withoutTheAgentTheFacadeOnlyRunsTheWork(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.scenario("support-ops-explicit").in(dir).withoutAgent().run();
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEqualTo("Draft for SUP-123: Hello Acme Corp, We are on it right now."
                + System.lineSeparator() + "session=null run=null" + System.lineSeparator());
        assertThat(r.stderr()).isEmpty();
        assertThat(Files.exists(dir.resolve("ratri-events"))).isFalse();
    }
}
