package sh.ratri.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.examples.support.EventLog;
import sh.ratri.examples.support.EventSchema;
import sh.ratri.examples.support.ForkedJvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.examples.support.EventLog.attr;
import static sh.ratri.examples.support.EventLog.text;

/**
 * DESIGN §6 end to end: the {@code governed-calls} scenario makes one tool call per rule under
 * capabilities written here, in forked JVMs under the real agent jar, in both modes.
 */
class GovernanceIT {

    private static final String CAPABILITIES = """
            {"agents": {"gov-bot": {"runs": {
               "builder": {"tools": ["build.*"], "actions": ["execute"], "maxRisk": "medium"},
               "deployer": {"tools": ["deploy.*"], "actions": ["deploy"],
                            "resources": ["environment:staging", "environment:prod*"],
                            "requireApproval": ["critical", "deploy.rollback"]},
               "*": {"tools": ["git.*"], "maxRisk": "low"}}}}}
            """;

    /** The decision and rule each labelled call gets without approvals; the flag/block depends on the mode. */
    private static final Map<String, String> RULES = Map.ofEntries(
            Map.entry("build.compile", "allowed"),
            Map.entry("build.publish", "risk-above-max"),
            Map.entry("build.clean", "action-not-declared"),
            Map.entry("shell.exec", "tool-not-declared"),
            Map.entry("deploy.staging", "allowed"),
            Map.entry("deploy.production", "approval-required"),
            Map.entry("deploy.qa", "resource-not-declared"),
            Map.entry("deploy.rollback", "approval-required"),
            Map.entry("git.log", "allowed"),
            Map.entry("git.push", "risk-above-max"),
            Map.entry("git.status", "allowed"));

    @Test
    void monitorFlagsWhatIsNotDeclaredAndRunsEveryBody(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = governedCalls(dir, "monitor", capabilities(dir, CAPABILITIES)).run();
        assertThat(r.stdout()).doesNotContain("blocked").contains("caught-inside-run: ran");
        assertThat(ranLine(r)).contains("shell.exec", "deploy.qa", "deploy.production async",
                "deploy.production explicit");
        EventLog log = events(r);
        RULES.forEach((tool, rule) -> decisions(log, tool).forEach(d -> {
            assertThat(attr(d, "rule")).as(tool).isEqualTo(rule);
            assertThat(attr(d, "decision")).as(tool).isEqualTo(rule.equals("allowed") ? "allow" : "flag");
            assertThat(d.path("mode").asText()).isEqualTo("monitor");
        }));
        assertThat(decisions(log, "deploy.production")).hasSize(5); // run, caught, async, pool thread, explicit API
        assertThat(log.ofType("tool.ended")).allSatisfy(e -> assertThat(attr(e, "status")).isEqualTo("completed"));
        assertThat(log.ofType("run.ended")).allSatisfy(e -> assertThat(attr(e, "status")).isEqualTo("completed"));
    }

    @Test
    void enforceBlocksWhatIsNotDeclaredBeforeItsBodyAndEveryItemItLeavesEndsBlocked(@TempDir Path dir)
            throws Exception {
        ForkedJvm.Result r = governedCalls(dir, "enforce", capabilities(dir, CAPABILITIES)).run();
        assertThat(r.stdout()).contains(
                "build.compile: ran", "build.publish: blocked risk-above-max", "build.clean: blocked action-not-declared",
                "shell.exec: blocked tool-not-declared", "deploy.staging: ran",
                "deploy.production: blocked approval-required", "deploy.qa: blocked resource-not-declared",
                "deploy.rollback: blocked approval-required", "git.log: ran", "git.push: blocked risk-above-max",
                "git.status: ran", "caught-inside-run: caught approval-required",
                "async: blocked approval-required", "pool-thread: blocked approval-required on a pool thread",
                "explicit: blocked approval-required");
        assertThat(ranLine(r)).isEqualTo("ran: [build.compile, deploy.staging, git.log, git.status]");

        EventLog log = events(r);
        RULES.forEach((tool, rule) -> decisions(log, tool).forEach(d -> {
            assertThat(attr(d, "rule")).as(tool).isEqualTo(rule);
            assertThat(attr(d, "decision")).as(tool).isEqualTo(rule.equals("allowed") ? "allow" : "block");
            JsonNode started = startOf(log, d);
            JsonNode ended = log.endOf(started);
            assertThat(attr(ended, "status")).as(tool).isEqualTo(rule.equals("allowed") ? "completed" : "blocked");
            if (!rule.equals("allowed")) {
                assertThat(ended.at("/attributes/error/type").asText()).isEqualTo("sh.ratri.ToolBlockedException");
                assertThat(ended.at("/attributes/error/message").asText()).contains(tool, rule);
            }
        }));

        // the run each block left ends blocked; the run whose code caught it completes; the pool thread's
        // block reaches its run wrapped in an ExecutionException, which fails it
        JsonNode publish = startOf(log, decisions(log, "build.publish").get(0));
        assertThat(attr(runEndOf(log, publish), "status")).isEqualTo("blocked");
        List<JsonNode> production = decisions(log, "deploy.production");
        assertThat(production).hasSize(5);
        assertThat(production.stream().map(d -> attr(runEndOf(log, startOf(log, d)), "status")).toList())
                .containsExactlyInAnyOrder("blocked", "completed", "blocked", "failed", "blocked");
        JsonNode onPool = production.stream().filter(d -> !text(d, "thread").equals("main")).findFirst().orElseThrow();
        assertThat(attr(log.endOf(startOf(log, onPool)), "status")).isEqualTo("blocked");
        // the session's code caught each block: it completes
        assertThat(attr(log.single("session.ended"), "status")).isEqualTo("completed");
    }

    @Test
    void decisionComesJustBeforeItsToolStartedWithItsRunAndToolCall(@TempDir Path dir) throws Exception {
        EventLog log = events(governedCalls(dir, "enforce", capabilities(dir, CAPABILITIES)).run());
        List<JsonNode> decisions = log.ofType("policy.decision");
        assertThat(decisions).hasSize(log.ofType("tool.started").size());
        for (JsonNode d : decisions) {
            JsonNode started = startOf(log, d);
            assertThat(started.path("sequence").asLong()).isEqualTo(d.path("sequence").asLong() + 1);
            assertThat(text(d, "runId")).isEqualTo(text(started, "runId"));
            assertThat(attr(d, "tool")).isEqualTo(started.at("/attributes/tool/name").asText());
            assertThat(attr(d, "reason")).isNotBlank();
            assertThat(d.path("attributes").has("approval")).isFalse();
        }
        JsonNode outsideAnyRun = decisions(log, "git.status").get(0);
        assertThat(outsideAnyRun.has("runId")).isFalse();
        assertThat(attr(outsideAnyRun, "reason")).contains("runs.*");
        assertThat(attr(decisions(log, "deploy.qa").get(0), "reason"))
                .isEqualTo("resource 'environment:qa' matches none of agents.gov-bot.runs.deployer.resources "
                        + "[environment:staging, environment:prod*]");
    }

    @Test
    void approvalsMatchToolAndResourceAndExpiredOnesNeverMatch(@TempDir Path dir) throws Exception {
        Path approvals = Files.writeString(dir.resolve("approvals.json"), """
                {"approvals": [
                  {"id": "APR-1", "tool": "deploy.production", "resource": "environment:staging", "approver": "alice"},
                  {"id": "APR-2", "tool": "deploy.rollback", "approver": "bob", "expires": "2020-01-01T00:00:00Z"}]}
                """);
        ForkedJvm.Result r = governedCalls(dir, "enforce", capabilities(dir, CAPABILITIES) + ",approvals=" + approvals)
                .run();
        assertThat(r.stdout()).contains("deploy.production: blocked approval-required",
                "deploy.rollback: blocked approval-required");
        assertThat(events(r).ofType("policy.decision"))
                .noneSatisfy(d -> assertThat(attr(d, "decision")).isEqualTo("approved"));
    }

    @Test
    void anApprovalFromTheEnvironmentLetsTheExactCallRunAndNamesItsApprover(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = governedCalls(dir, "enforce", capabilities(dir, CAPABILITIES))
                .env("RATRI_APPROVALS", "deploy.production@environment:production,deploy.rollback").run();
        assertThat(r.stdout()).contains("deploy.production: ran", "deploy.rollback: ran", "async: ran",
                "pool-thread: ran", "explicit: ran", "caught-inside-run: ran");
        EventLog log = events(r);
        for (JsonNode d : decisions(log, "deploy.production")) {
            assertThat(attr(d, "decision")).isEqualTo("approved");
            assertThat(attr(d, "rule")).isEqualTo("approved");
            assertThat(d.at("/attributes/approval/id").asText()).isEqualTo("deploy.production@environment:production");
            assertThat(d.at("/attributes/approval/approver").asText()).isEqualTo("env");
        }
        assertThat(decisions(log, "deploy.rollback").get(0).at("/attributes/approval/id").asText())
                .isEqualTo("deploy.rollback");
    }

    @Test
    void anUndeclaredAgentKeyIsRefusedForEveryTool(@TempDir Path dir) throws Exception {
        ForkedJvm jvm = ForkedJvm.scenario("governed-calls").in(dir)
                .agentArgs("agent.key=other-bot,mode=monitor,capabilities=" + capabilities(dir, CAPABILITIES));
        EventLog log = events(jvm.run());
        assertThat(log.ofType("policy.decision")).isNotEmpty().allSatisfy(d -> {
            assertThat(attr(d, "rule")).isEqualTo("undeclared-agent");
            assertThat(attr(d, "decision")).isEqualTo("flag");
        });
    }

    @Test
    void aStarAgentEntryServesAnyKeyAndRunsWithoutAnEntryOrStarAreUndeclared(@TempDir Path dir) throws Exception {
        String starAgentWithoutStarRun = capabilities(dir, """
                {"agents": {"*": {"runs": {"builder": {"tools": ["build.comp*"]}}}}}
                """);
        ForkedJvm.Result r = governedCalls(dir, "enforce", starAgentWithoutStarRun).run();
        assertThat(r.stdout()).contains("build.compile: ran", "build.publish: blocked tool-not-declared",
                "git.log: blocked undeclared-run", "git.status: blocked undeclared-run",
                "deploy.staging: blocked undeclared-run");
        assertThat(attr(decisions(events(r), "git.status").get(0), "reason"))
                .isEqualTo("a tool outside any run needs the run entry '*' of agent 'gov-bot' in "
                        + dir.resolve("capabilities.json"));
    }

    @Test
    void aBrokenCapabilitiesFileInEnforceBlocksHighRiskAndAllowsTheRestSayingSoOnce(@TempDir Path dir)
            throws Exception {
        Path broken = Files.writeString(dir.resolve("capabilities.json"), "{\"agents\": {\n  \"gov-bot\": [,]\n}}\n");
        ForkedJvm.Result r = governedCalls(dir, "enforce", broken.toString()).run();
        List<String> problems = r.stderrLines().stream().filter(l -> l.contains("capabilities")).toList();
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("ratri: capabilities " + broken + ": line 2, column ")
                .contains("tools of risk high and critical are blocked");
        assertThat(r.stdout()).contains("build.compile: ran", "build.publish: blocked capabilities-unavailable",
                "deploy.production: blocked capabilities-unavailable", "git.push: ran", "shell.exec: ran");
        EventLog log = events(r);
        assertThat(log.ofType("policy.decision"))
                .allSatisfy(d -> assertThat(attr(d, "rule")).isEqualTo("capabilities-unavailable"));
        assertThat(attr(decisions(log, "build.compile").get(0), "decision")).isEqualTo("allow");
    }

    @Test
    void aMissingCapabilitiesFileInMonitorFlagsHighRiskAndRunsEverything(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nowhere.json");
        ForkedJvm.Result r = governedCalls(dir, "monitor", missing.toString()).run();
        assertThat(r.stderrLines()).contains("ratri: capabilities " + missing
                + ": no such file; until it is fixed, tools of risk high and critical are flagged");
        assertThat(r.stdout()).doesNotContain("blocked");
        EventLog log = events(r);
        assertThat(attr(decisions(log, "build.publish").get(0), "decision")).isEqualTo("flag");
        assertThat(attr(decisions(log, "git.log").get(0), "decision")).isEqualTo("allow");
    }

    @Test
    void aFieldThatIsWrongIsNamedWithItsPath(@TempDir Path dir) throws Exception {
        String bad = capabilities(dir, """
                {"agents": {"gov-bot": {"runs": {"deployer": {"maxRisk": "extreme"}}}}}
                """);
        ForkedJvm.Result r = governedCalls(dir, "monitor", bad).run();
        assertThat(r.stderrLines()).anySatisfy(l -> assertThat(l).isEqualTo("ratri: capabilities " + bad
                + ": field agents.gov-bot.runs.deployer.maxRisk: 'extreme' is no risk level (low, medium, high, "
                + "critical); until it is fixed, tools of risk high and critical are flagged"));
    }

    @Test
    void capabilitiesFromTheClassPathAreRead(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/gov.json"), CAPABILITIES);
        ForkedJvm.Result r = ForkedJvm.main("sh.ratri.examples.Main",
                        List.of(ForkedJvm.examplesJar(), dir.resolve("conf")), "governed-calls").in(dir)
                .agentArgs("agent.key=gov-bot,mode=enforce,capabilities=classpath:gov.json").run();
        assertThat(r.stdout()).contains("shell.exec: blocked tool-not-declared", "build.compile: ran");
    }

    @Test
    void withoutCapabilitiesNothingIsDecidedAndTheStreamIsAsBefore(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.scenario("governed-calls").in(dir).agentArgs("mode=enforce").run();
        assertThat(r.stdout()).doesNotContain("blocked");
        EventLog log = events(r);
        assertThat(log.ofType("policy.decision")).isEmpty();
        assertThat(log.ofType("tool.ended")).allSatisfy(e -> assertThat(attr(e, "status")).isEqualTo("completed"));
    }

    // ---- helpers

    private static ForkedJvm governedCalls(Path dir, String mode, String capabilities) {
        return ForkedJvm.scenario("governed-calls").in(dir)
                .agentArgs("agent.key=gov-bot,mode=" + mode + ",capabilities=" + capabilities);
    }

    private static String capabilities(Path dir, String json) throws IOException {
        return Files.writeString(dir.resolve("capabilities.json"), json).toString();
    }

    private static EventLog events(ForkedJvm.Result r) throws IOException {
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        EventLog log = r.events();
        EventSchema.assertAllValid(log.all());
        return log;
    }

    private static String ranLine(ForkedJvm.Result r) {
        return r.stdout().lines().filter(l -> l.startsWith("ran: ")).findFirst().orElseThrow();
    }

    private static List<JsonNode> decisions(EventLog log, String tool) {
        Predicate<JsonNode> named = d -> tool.equals(attr(d, "tool"));
        return log.ofType("policy.decision").stream().filter(named).toList();
    }

    private static JsonNode startOf(EventLog log, JsonNode decision) {
        String toolCallId = text(decision, "toolCallId");
        return log.single("tool.started", e -> toolCallId.equals(text(e, "toolCallId")));
    }

    private static JsonNode runEndOf(EventLog log, JsonNode toolStarted) {
        String runId = text(toolStarted, "runId");
        return log.single("run.ended", e -> runId.equals(text(e, "runId")));
    }
}
