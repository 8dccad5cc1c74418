package sh.ratri.frameworks.spring;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
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
import static sh.ratri.examples.support.EventLog.text;

/**
 * A real Spring Boot 3.5 fat jar ({@code java -jar}) whose annotated beans are all CGLIB proxies (an
 * aspect on every one, {@code @Transactional}, {@code @Async}), under the real agent: one event pair
 * per call, recorded at the real method with its templates resolved, nested as the calls were.
 */
class SpringProxiesIT {

    @TempDir
    static Path dir;
    private static ForkedJvm.Result traced;
    private static ForkedJvm.Result plain;
    private static EventLog log;

    @BeforeAll
    static void runTheAppWithAndWithoutTheAgent() throws Exception {
        Path app = ForkedJvm.copiedJar("ratri.springAppJar", "target/spring-support-app.jar");
        traced = ForkedJvm.jar(app).in(Files.createDirectory(dir.resolve("traced"))).run();
        plain = ForkedJvm.jar(app).in(Files.createDirectory(dir.resolve("plain"))).withoutAgent().run();
        log = traced.events();
    }

    @Test
    void theAppPrintsTheSameAndTheAgentNothingButItsExitLine() {
        assertThat(plain.exitCode()).isZero();
        assertThat(traced.exitCode()).isZero();
        assertThat(traced.stdout()).isEqualTo(plain.stdout()).isEqualTo(String.join(System.lineSeparator(),
                "Reply (urgent) to customer of SUP-42 | audited customer of SUP-42", "orchestrator bean: CGLIB proxy",
                "advised calls: 8", "transactions committed: 1", ""));
        assertThat(plain.stderr()).isEmpty();
        assertThat(traced.stderrLines()).hasSize(1)
                .allMatch(line -> line.startsWith("ratri: 18 events (1 session) written to ratri-events/"));
    }

    @Test
    void everyCallThroughAProxyIsOneEventPair() {
        EventSchema.assertAllValid(log.all());
        assertThat(log.ofType("session.started")).hasSize(1);
        assertThat(log.ofType("run.started")).extracting(e -> attr(e, "stepKey"))
                .containsExactly("orchestrator", "response-worker", "auditor");
        assertThat(log.ofType("step.started")).extracting(e -> attr(e, "stepKey")).containsExactly("triage-SUP-42");
        assertThat(log.ofType("tool.started")).hasSize(2);
        assertThat(log.ofType("handoff.requested")).hasSize(2);
        assertThat(log.ofType("handoff.completed")).hasSize(2);
        assertThat(log.ofType("handoff.failed")).isEmpty();
        for (String type : List.of("session", "run", "step", "tool")) {
            for (JsonNode started : log.ofType(type + ".started")) {
                assertThat(attr(log.endOf(started), "status")).as(type).isEqualTo("completed");
            }
        }
    }

    @Test
    void templatesResolveFromTheRealMethodsParameterNames() {
        JsonNode session = log.single("session.started");
        assertThat(attr(session, "inputSummary")).isEqualTo("Handle SUP-42");
        assertThat(attr(log.started("run.started", "response-worker"), "stepName"))
                .isEqualTo("Response worker for SUP-42");
        assertThat(attr(log.started("run.started", "auditor"), "stepName")).isEqualTo("Audit SUP-42");
        assertThat(attr(log.started("step.started", "triage-SUP-42"), "stepName")).isEqualTo("Triage SUP-42");
        JsonNode delegated = log.single("handoff.requested", e -> attr(e, "reason").startsWith("Delegate"));
        assertThat(attr(delegated, "reason")).isEqualTo("Delegate reply to SUP-42");
        assertThat(delegated.at("/attributes/payloadSummary/priority").asText()).isEqualTo("urgent");
        for (JsonNode tool : log.ofType("tool.started")) {
            assertThat(tool.at("/attributes/tool/name").asText()).isEqualTo("crm.lookup");
            assertThat(tool.at("/attributes/resource/externalId").asText()).isEqualTo("SUP-42");
        }
        assertThat(log.all()).noneMatch(e -> e.toString().contains("$$") || e.path("attributes").toString()
                .matches(".*\\{[a-zA-Z0-9]+\\}.*"));
    }

    @Test
    void workersAreChildrenOfTheOrchestratorAndTakeItsHandoffsOnTheirOwnThreads() {
        JsonNode orchestrator = log.started("run.started", "orchestrator");
        String orchestratorRun = text(orchestrator, "runId");
        JsonNode responder = log.started("run.started", "response-worker");
        JsonNode auditor = log.started("run.started", "auditor");
        assertThat(text(responder, "parentRunId")).isEqualTo(orchestratorRun);
        assertThat(text(auditor, "parentRunId")).isEqualTo(orchestratorRun);
        assertThat(text(auditor, "thread")).isNotEqualTo(text(orchestrator, "thread"));

        JsonNode delegated = log.single("handoff.completed", e -> text(responder, "runId").equals(text(e, "runId")));
        JsonNode audited = log.single("handoff.completed", e -> text(auditor, "runId").equals(text(e, "runId")));
        for (JsonNode completed : List.of(delegated, audited)) {
            assertThat(attr(completed, "sourceRunId")).isEqualTo(orchestratorRun);
            assertThat(text(completed, "runId")).isNotEqualTo(attr(completed, "sourceRunId"));
        }
        JsonNode auditRequest = log.single("handoff.requested", e -> "Audit SUP-42".equals(attr(e, "reason")));
        assertThat(text(audited, "handoffId")).isEqualTo(text(auditRequest, "handoffId"));

        assertThat(text(log.single("step.started"), "runId")).isEqualTo(orchestratorRun);
        assertThat(log.ofType("tool.started")).extracting(e -> text(e, "runId"))
                .containsExactlyInAnyOrder(text(responder, "runId"), text(auditor, "runId"));
    }
}
