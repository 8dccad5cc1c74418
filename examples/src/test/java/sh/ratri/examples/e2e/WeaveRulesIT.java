package sh.ratri.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.examples.support.EventLog;
import sh.ratri.examples.support.EventSchema;
import sh.ratri.examples.support.ForkedJvm;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.examples.support.EventLog.attr;
import static sh.ratri.examples.support.EventLog.text;

/**
 * A {@code weave} rules file on {@code PlainOps}, a class with no Ratri annotation and no Ratri
 * import: the same events as the annotations, with the agent started at launch or attached later.
 */
class WeaveRulesIT {

    private static final String RULES = """
            # PlainOps has no annotation: these lines give it the ones it would have
            sh.ratri.examples.rules.PlainOps#handle(String) = run stepKey=ops-agent stepName="Ops agent"
            sh.ratri.examples.rules.PlainOps#lookup(..) = tool name=crm.lookup action=read:crm.lookup resource=ticket:{ticketId}
            sh.ratri.examples.rules.*Ops#deploy(java.lang.String, int) = tool name=deploy.prod risk=high action=deploy resource=environment:{0}
            """;
    private static final String OUTPUT = "not deployed for team-sup-9@prod: deploy window closed for prod (3 replicas)";

    private static Path rules(Path dir, String text) throws Exception {
        return Files.writeString(dir.resolve("ops.rules"), text);
    }

    @Test
    void unannotatedClassRecordsTheRunAndToolsItsRulesName(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.scenario("weave-rules").in(dir)
                .agentArgs("weave=" + rules(dir, RULES)).run();

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().trim()).isEqualTo(OUTPUT);
        assertThat(r.stderrLines()).singleElement().asString().startsWith("ratri: 8 events (1 session) written");
        assertOps(r.events(), "SUP-9");
    }

    @Test
    void withoutCaptureIoToolsRecordNoArguments(@TempDir Path dir) throws Exception {
        EventLog log = ForkedJvm.scenario("weave-rules").in(dir)
                .agentArgs("capture.io=false,weave=" + rules(dir, RULES)).run().events();

        assertThat(log.ofType("tool.started")).hasSize(2)
                .allSatisfy(tool -> assertThat(tool.at("/attributes/inputSummary").isMissingNode()).isTrue());
    }

    @Test
    void badRuleIsOneLineNamingFileAndLineAndTheOtherRulesApply(@TempDir Path dir) throws Exception {
        Path file = rules(dir, RULES + "sh.ratri.examples.rules.PlainOps#deploy(..) = tool risk=extreme\n");

        ForkedJvm.Result r = ForkedJvm.scenario("weave-rules").in(dir).agentArgs("weave=" + file).run();

        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout().trim()).isEqualTo(OUTPUT);
        assertThat(r.stderrLines()).hasSize(2);
        assertThat(r.stderrLines().get(0)).isEqualTo("ratri: weave rules " + file
                + " line 5: risk='extreme' is no risk level (low, medium, high, critical); rule ignored");
        assertOps(r.events(), "SUP-9");
    }

    @Test
    void rulesApplyToClassesLoadedBeforeAnAttach(@TempDir Path dir) throws Exception {
        Path file = rules(dir, RULES);
        ForkedJvm.Running app = ForkedJvm.scenario("weave-rules-attach").in(dir).withoutAgent().start();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.exists(dir.resolve("ready"))) {
                assertThat(app.isAlive()).isTrue();
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(50);
            }
            ForkedJvm.Result attach = ForkedJvm.cli(dir, "attach", Long.toString(app.pid()), "weave=" + file);
            assertThat(attach.exitCode()).as(attach.stderr()).isZero();
            Files.writeString(dir.resolve("go"), "");

            ForkedJvm.Result r = app.await();
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(r.stdout().lines()).containsExactly(
                    "before: not deployed for team-sup-1@prod: deploy window closed for prod (3 replicas)",
                    "after: not deployed for team-sup-2@prod: deploy window closed for prod (3 replicas)");
            assertOps(r.events(), "SUP-2");
        } finally {
            app.destroy();
        }
    }

    private static void assertOps(EventLog log, String ticketId) {
        assertThat(log.types()).containsExactly("session.started", "run.started", "tool.started", "tool.ended",
                "tool.started", "tool.ended", "run.ended", "session.ended");
        EventSchema.assertAllValid(log.all());
        assertThat(attr(log.single("session.started"), "kind")).isEqualTo("implicit");

        JsonNode run = log.started("run.started", "ops-agent");
        assertThat(attr(run, "stepName")).isEqualTo("Ops agent");
        assertThat(attr(run, "role")).isEqualTo("orchestrator");
        assertThat(attr(log.endOf(run), "status")).isEqualTo("completed");

        JsonNode lookup = log.tool("crm.lookup");
        assertThat(text(lookup, "runId")).isEqualTo(text(run, "runId"));
        assertThat(lookup.at("/attributes/tool/riskLevel").asText()).isEqualTo("low");
        assertThat(lookup.at("/attributes/action/type").asText()).isEqualTo("read");
        assertThat(lookup.at("/attributes/action/name").asText()).isEqualTo("crm.lookup");
        assertThat(lookup.at("/attributes/resource/type").asText()).isEqualTo("ticket");
        assertThat(lookup.at("/attributes/resource/externalId").asText()).isEqualTo(ticketId);
        assertThat(attr(lookup, "inputSummary")).isEqualTo("ticketId=" + ticketId + ", environment=prod");
        assertThat(attr(log.endOf(lookup), "outputSummary"))
                .isEqualTo("team-" + ticketId.toLowerCase() + "@prod");

        JsonNode deploy = log.tool("deploy.prod");
        assertThat(deploy.at("/attributes/tool/riskLevel").asText()).isEqualTo("high");
        assertThat(deploy.at("/attributes/action/type").asText()).isEqualTo("deploy");
        assertThat(deploy.at("/attributes/action/name").asText()).isEqualTo("deploy.prod");
        assertThat(deploy.at("/attributes/resource/externalId").asText()).isEqualTo("prod");
        assertThat(attr(deploy, "inputSummary")).isEqualTo("environment=prod, replicas=3");
        JsonNode deployEnded = log.endOf(deploy);
        assertThat(attr(deployEnded, "status")).isEqualTo("failed");
        assertThat(deployEnded.at("/attributes/error/type").asText()).isEqualTo("java.lang.IllegalStateException");
    }
}
