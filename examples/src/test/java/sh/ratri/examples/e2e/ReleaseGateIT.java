package sh.ratri.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.examples.support.EventLog;
import sh.ratri.examples.support.EventSchema;
import sh.ratri.examples.support.ForkedJvm;
import sh.ratri.examples.support.TestBackend;
import io.opentelemetry.proto.trace.v1.Span;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.examples.support.EventLog.attr;
import static sh.ratri.examples.support.EventLog.text;

/** The README's three runs of the {@code release-gate} example, with its capabilities and approvals files. */
class ReleaseGateIT {

    private static final Path EXAMPLE = Path.of("release-gate").toAbsolutePath();
    private static final String CAPABILITIES = "agent.key=release-bot,capabilities="
            + EXAMPLE.resolve("capabilities.json");

    @Test
    void monitorFlagsTheUnapprovedDeployAndLetsItRun(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.scenario("release-gate").in(dir).agentArgs(CAPABILITIES + ",mode=monitor").run();
        assertThat(r.stdout().trim()).isEqualTo("deployed app-1.4.2.jar");
        assertThat(dir.resolve("production-release.txt")).exists();
        EventLog log = events(r);
        JsonNode deploy = decision(log, "deploy.production");
        assertThat(attr(deploy, "decision")).isEqualTo("flag");
        assertThat(attr(deploy, "rule")).isEqualTo("approval-required");
        assertThat(attr(decision(log, "build.compile"), "decision")).isEqualTo("allow");
        assertThat(attr(decision(log, "test.run"), "decision")).isEqualTo("allow");
        assertThat(attr(log.single("session.ended"), "status")).isEqualTo("completed");
    }

    @Test
    void enforceWithoutApprovalBlocksTheDeployAndItsSideEffectNeverHappens(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.scenario("release-gate").in(dir).agentArgs(CAPABILITIES + ",mode=enforce").run();
        assertThat(r.stdout().trim()).startsWith("release blocked: ratri blocked tool 'deploy.production' "
                + "(approval-required): needs an approval (requireApproval of agents.release-bot.runs.deployer)");
        assertThat(dir.resolve("production-release.txt")).doesNotExist();
        EventLog log = events(r);
        JsonNode deploy = decision(log, "deploy.production");
        assertThat(attr(deploy, "decision")).isEqualTo("block");
        JsonNode started = log.tool("deploy.production");
        assertThat(text(started, "toolCallId")).isEqualTo(text(deploy, "toolCallId"));
        assertThat(attr(log.endOf(started), "status")).isEqualTo("blocked");
        assertThat(attr(log.endOf(log.started("run.started", "deployer")), "status")).isEqualTo("blocked");
        assertThat(attr(log.endOf(log.started("run.started", "release-orchestrator")), "status"))
                .isEqualTo("blocked");
        assertThat(attr(log.single("session.ended"), "status")).isEqualTo("blocked");
        assertThat(attr(log.endOf(log.tool("build.compile")), "status")).isEqualTo("completed");
    }

    @Test
    void enforceWithTheApprovalRunsTheDeployAndNamesWhoApproved(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.scenario("release-gate").in(dir)
                .agentArgs(CAPABILITIES + ",mode=enforce,approvals=" + EXAMPLE.resolve("approvals.json")).run();
        assertThat(r.stdout().trim()).isEqualTo("deployed app-1.4.2.jar");
        assertThat(Files.readString(dir.resolve("production-release.txt")))
                .isEqualTo("app-1.4.2.jar deployed to production\n");
        JsonNode deploy = decision(events(r), "deploy.production");
        assertThat(attr(deploy, "decision")).isEqualTo("approved");
        assertThat(attr(deploy, "rule")).isEqualTo("approved");
        assertThat(attr(deploy, "reason")).isEqualTo("approved by alice (APR-7)");
        assertThat(deploy.at("/attributes/approval/id").asText()).isEqualTo("APR-7");
        assertThat(deploy.at("/attributes/approval/approver").asText()).isEqualTo("alice");
    }

    @Test
    void yamlCapabilitiesAndApprovalsGateTheReleaseAsTheJsonOnesDo(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.scenario("release-gate").in(dir)
                .agentArgs("agent.key=release-bot,mode=enforce,capabilities=" + EXAMPLE.resolve("capabilities.yaml")
                        + ",approvals=" + EXAMPLE.resolve("approvals.yaml")).run();
        assertThat(r.stderr()).doesNotContain("ratri: capabilities", "ratri: approvals");
        assertThat(r.stdout().trim()).isEqualTo("deployed app-1.4.2.jar");
        assertThat(dir.resolve("production-release.txt")).exists();
        EventLog log = events(r);
        JsonNode deploy = decision(log, "deploy.production");
        assertThat(attr(deploy, "decision")).isEqualTo("approved");
        assertThat(attr(deploy, "reason")).isEqualTo("approved by alice (APR-7)");
        JsonNode build = decision(log, "build.compile");
        assertThat(attr(build, "decision")).isEqualTo("allow");
        assertThat(attr(build, "reason")).isEqualTo("declared in agents.release-bot.runs.*");
        assertThat(attr(log.single("session.ended"), "status")).isEqualTo("completed");
    }

    @Test
    void aBlockedDeployReachesEverySinkAsItsDecisionJustBeforeItsTool(@TempDir Path dir) throws Exception {
        try (TestBackend collector = TestBackend.start()) {
            ForkedJvm.Result r = ForkedJvm.scenario("release-gate").in(dir).agentArgs(CAPABILITIES
                    + ",mode=enforce,exporter=jsonl,otlp,console,otlp.endpoint=" + collector.url()).run();
            EventLog log = events(r);

            List<JsonNode> all = log.all();
            JsonNode started = log.tool("deploy.production");
            JsonNode deploy = decision(log, "deploy.production");
            int at = all.indexOf(started);
            assertThat(all.get(at - 1)).isEqualTo(deploy);
            assertThat(deploy.path("sequence").asLong()).isEqualTo(started.path("sequence").asLong() - 1);
            assertThat(deploy.path("eventId").asText()).isNotEqualTo(started.path("eventId").asText());
            assertThat(deploy.path("timestamp").asText()).isEqualTo(started.path("timestamp").asText());

            List<String> console = r.stderrLines().stream().filter(l -> l.startsWith("ratri ")).toList();
            int tool = console.indexOf(console.stream().filter(l -> l.contains("> tool deploy.production"))
                    .findFirst().orElseThrow());
            assertThat(console.get(tool - 1)).contains("! policy block deploy.production (approval-required): ");
            assertThat(console).noneMatch(l -> l.contains("policy allow"));

            List<Span> spans = new ArrayList<>();
            for (TestBackend.Received request : collector.requests()) {
                spans.addAll(SinksIT.parse(request.body()).getResourceSpans(0).getScopeSpans(0).getSpansList());
            }
            Span deploySpan = spans.stream().filter(s -> s.getName().equals("execute_tool deploy.production"))
                    .findFirst().orElseThrow();
            assertThat(SinksIT.attr(deploySpan.getAttributesList(), "gen_ai.agent.tool.disposition")).isEqualTo("deny");
            assertThat(SinksIT.attr(deploySpan.getAttributesList(), "agent.threat.detection.action")).isEqualTo("block");
            assertThat(SinksIT.attr(deploySpan.getAttributesList(), "ratri.policy.rule")).isEqualTo("approval-required");
            assertThat(deploySpan.getEventsList()).extracting(Span.Event::getName).containsExactly("policy.decision");
            Span build = spans.stream().filter(s -> s.getName().equals("execute_tool build.compile"))
                    .findFirst().orElseThrow();
            assertThat(SinksIT.attr(build.getAttributesList(), "gen_ai.agent.tool.disposition")).isEqualTo("allow");
        }
    }

    private static EventLog events(ForkedJvm.Result r) throws Exception {
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        EventLog log = r.events();
        EventSchema.assertAllValid(log.all());
        return log;
    }

    private static JsonNode decision(EventLog log, String tool) {
        return log.single("policy.decision", d -> tool.equals(attr(d, "tool")));
    }
}
