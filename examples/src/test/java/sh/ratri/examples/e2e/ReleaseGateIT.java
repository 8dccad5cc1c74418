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
