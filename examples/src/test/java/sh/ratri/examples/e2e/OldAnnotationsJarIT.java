package sh.ratri.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.examples.support.EventLog;
import sh.ratri.examples.support.EventSchema;
import sh.ratri.examples.support.ForkedJvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.examples.support.EventLog.attr;
import static sh.ratri.examples.support.EventLog.normalised;
import static sh.ratri.examples.support.EventLog.text;

/**
 * An application built with an older annotations jar keeps working when it is run under a newer
 * agent. The jar is the one of commit 92f5c94, whose {@code sh.ratri.Ratri} calls the bridge in
 * number codes and positional arrays ({@code explicitEnter}, {@code currentId}, {@code note});
 * {@code src/test/compat/build-annotations-92f5c94.sh} rebuilds it from git history. Put first on
 * the class path, its {@code Ratri} is the one the examples' code calls.
 */
class OldAnnotationsJarIT {

    private static final String OLD_JAR = "ratri-annotations-92f5c94.jar";
    private static final String UUID = "[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}";

    @Test
    void theExplicitApiOfTheOldJarRecordsWhatTheCurrentJarRecords(@TempDir Path dir) throws Exception {
        ForkedJvm.Result old = withOldJar(Files.createDirectory(dir.resolve("old")), "support-ops-explicit").run();
        ForkedJvm.Result current = ForkedJvm.scenario("support-ops-explicit")
                .in(Files.createDirectory(dir.resolve("current"))).run();

        assertThat(old.exitCode()).as(old.stderr()).isZero();
        assertThat(old.stderrLines()).singleElement().asString().startsWith("ratri: 16 events (2 sessions) written to");
        assertRatriLoadedFromTheOldJar(old.workDir());
        List<JsonNode> events = old.events().all();
        EventSchema.assertAllValid(events);
        assertThat(comparable(events)).isEqualTo(comparable(current.events().all()));

        EventLog log = old.events();
        JsonNode session = log.single("session.started", e -> "pipeline".equals(attr(e, "kind")));
        assertThat(attr(session, "inputSummary")).isEqualTo("Handle urgent enterprise support escalation");
        assertThat(session.at("/attributes/metadata/triggerKind").asText()).isEqualTo("support_escalation");

        JsonNode orchestrator = log.started("run.started", "orchestrator");
        assertThat(attr(orchestrator, "stepName")).isEqualTo("Orchestrator");
        assertThat(orchestrator.at("/attributes/stepIndex").asInt()).isZero();
        assertThat(attr(orchestrator, "role")).isEqualTo("orchestrator");
        assertThat(text(orchestrator, "parentRunId")).isNull();

        JsonNode triage = log.started("step.started", "triage-ticket");
        assertThat(attr(triage, "stepName")).isEqualTo("Triage ticket");
        assertThat(triage.at("/attributes/stepIndex").asInt()).isEqualTo(1);
        assertThat(text(triage, "runId")).isEqualTo(text(orchestrator, "runId"));

        JsonNode requested = log.single("handoff.requested");
        assertThat(attr(requested, "reason")).isEqualTo("Delegate customer response draft");
        assertThat(requested.at("/attributes/payloadSummary/ticketId").asText()).isEqualTo("SUP-123");
        assertThat(requested.at("/attributes/payloadSummary/priority").asText()).isEqualTo("urgent");

        JsonNode worker = log.started("run.started", "response-worker");
        assertThat(attr(worker, "stepName")).isEqualTo("Response worker");
        assertThat(worker.at("/attributes/stepIndex").asInt()).isEqualTo(2);
        assertThat(attr(worker, "role")).isEqualTo("worker");
        assertThat(text(worker, "parentRunId")).isEqualTo(text(orchestrator, "runId"));
        JsonNode completed = log.single("handoff.completed");
        assertThat(text(completed, "handoffId")).isEqualTo(text(requested, "handoffId"));
        assertThat(text(completed, "runId")).isEqualTo(text(worker, "runId"));

        JsonNode tool = log.tool("support.compose_reply");
        assertThat(tool.at("/attributes/tool/riskLevel").asText()).isEqualTo("low");
        assertThat(tool.at("/attributes/action/type").asText()).isEqualTo("write");
        assertThat(tool.at("/attributes/action/name").asText()).isEqualTo("support.compose_reply");
        assertThat(tool.at("/attributes/resource/type").asText()).isEqualTo("work_item");
        assertThat(tool.at("/attributes/resource/externalId").asText()).isEqualTo("SUP-123");
        assertThat(attr(log.endOf(tool), "outputSummary"))
                .isEqualTo("Draft for SUP-123: Hello Acme Corp, We are on it right now.");

        // currentId(0/1) and note(key, value) / note(null, summary): the old getters and setters
        JsonNode inspector = log.started("run.started", "inspector");
        JsonNode introspection = log.single("session.started", e -> "introspection".equals(attr(e, "kind")));
        assertThat(old.stdout()).endsWith("session=" + text(introspection, "sessionId")
                + " run=" + text(inspector, "runId") + System.lineSeparator());
        assertThat(attr(inspector, "stepName")).isEqualTo("Inspector");
        JsonNode inspected = log.endOf(inspector);
        assertThat(attr(inspected, "model")).isEqualTo("gpt-x");
        assertThat(attr(inspected, "outputSummary")).isEqualTo("looked around");
        assertThat(attr(inspected, "status")).isEqualTo("completed");
    }

    @Test
    void aToolThePolicyBlocksThrowsFromTheOldJarAndEndsBlocked(@TempDir Path dir) throws Exception {
        Path capabilities = Files.writeString(dir.resolve("capabilities.json"), """
                {"agents": {"gov-bot": {"runs": {
                   "deployer": {"tools": ["deploy.*"], "actions": ["deploy"],
                                "resources": ["environment:staging", "environment:prod*"],
                                "requireApproval": ["critical"]}}}}}
                """);
        Path run = Files.createDirectory(dir.resolve("run"));
        ForkedJvm.Result r = withOldJar(run, "governed-calls")
                .agentArgs("agent.key=gov-bot,mode=enforce,capabilities=" + capabilities).run();

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertRatriLoadedFromTheOldJar(run);
        assertThat(r.stdout()).contains("explicit: blocked approval-required");
        assertThat(r.stdout()).doesNotContain("deploy.production explicit");
        EventLog log = r.events();
        EventSchema.assertAllValid(log.all());
        JsonNode production = log.ofType("tool.started").stream()
                .filter(e -> "deploy.production".equals(e.at("/attributes/tool/name").asText()))
                .max(Comparator.comparingLong(e -> e.path("sequence").asLong()))
                .orElseThrow(); // the explicit call is the scenario's last attempt
        assertThat(production.at("/attributes/tool/riskLevel").asText()).isEqualTo("critical");
        assertThat(production.at("/attributes/action/type").asText()).isEqualTo("deploy");
        assertThat(production.at("/attributes/resource/type").asText()).isEqualTo("environment");
        assertThat(production.at("/attributes/resource/externalId").asText()).isEqualTo("production");
        JsonNode deployer = runOf(log, production);
        assertThat(attr(deployer, "stepKey")).isEqualTo("deployer");
        assertThat(attr(deployer, "role")).isEqualTo("worker");
        JsonNode ended = log.endOf(production);
        assertThat(attr(ended, "status")).isEqualTo("blocked");
        assertThat(ended.at("/attributes/error/type").asText()).isEqualTo("sh.ratri.ToolBlockedException");
        assertThat(ended.at("/attributes/error/message").asText()).contains("deploy.production", "approval-required");
        JsonNode decision = log.single("policy.decision",
                e -> text(production, "toolCallId").equals(text(e, "toolCallId")));
        assertThat(attr(decision, "decision")).isEqualTo("block");
        assertThat(attr(decision, "rule")).isEqualTo("approval-required");
        assertThat(attr(log.endOf(deployer), "status")).isEqualTo("blocked");
    }

    /** {@code java -cp <old annotations jar>:ratri-examples.jar sh.ratri.examples.Main scenario} under the agent. */
    private static ForkedJvm withOldJar(Path dir, String scenario) {
        Path oldJar = Path.of("src/test/compat", OLD_JAR).toAbsolutePath();
        assertThat(oldJar).as("rebuild it with src/test/compat/build-annotations-92f5c94.sh").isRegularFile();
        return ForkedJvm.main("sh.ratri.examples.Main", List.of(oldJar, ForkedJvm.examplesJar()), scenario)
                .in(dir).jvmOption("-Xlog:class+load=info:file=" + dir.resolve("classes.log"));
    }

    private static void assertRatriLoadedFromTheOldJar(Path dir) throws IOException {
        assertThat(Files.readAllLines(dir.resolve("classes.log")))
                .filteredOn(line -> line.contains(" sh.ratri.Ratri source:"))
                .singleElement().asString().endsWith(OLD_JAR);
    }

    /**
     * {@link EventLog#normalised}, and the ids the introspection returns as its output replaced: they
     * differ from one run to the next (the test checks them against the events apart).
     */
    private static List<JsonNode> comparable(List<JsonNode> events) {
        return normalised(events).stream().map(e -> {
            String summary = attr(e, "outputSummary");
            if (summary == null) {
                return e;
            }
            ObjectNode copy = e.deepCopy();
            ((ObjectNode) copy.get("attributes")).put("outputSummary", summary.replaceAll(UUID, "<id>"));
            return (JsonNode) copy;
        }).toList();
    }

    private static JsonNode runOf(EventLog log, JsonNode event) {
        return log.single("run.started", e -> text(event, "runId").equals(text(e, "runId")));
    }
}
