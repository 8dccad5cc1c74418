package sh.ratri.agent.policy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyTest {

    private static final String CAPABILITIES = """
            {"agents": {"release-bot": {"runs": {
               "deployer": {"tools": ["deploy.*"], "actions": ["deploy"],
                            "resources": ["environment:staging", "environment:prod*", "bucket"],
                            "maxRisk": "critical", "requireApproval": ["critical", "deploy.hotfix"]},
               "*": {"tools": ["git.*", "build.*"], "maxRisk": "medium"}}},
             "*": {"runs": {"*": {"tools": ["read.*"], "maxRisk": "low"}}}}}
            """;

    private final List<String> errors = new ArrayList<>();
    private long now = 1_000;

    private Policy policy(boolean enforce, String agentKey, String approvals) {
        Policy policy = Policy.load(enforce, agentKey, null, approvals, () -> now, errors::add);
        assertThat(policy.declare(CAPABILITIES)).isTrue();
        return policy;
    }

    private static Decision decide(Policy p, String run, String tool, String risk, String action, String type,
                                   String id) {
        return p.decide(new DecisionCache(), true, run, tool, risk, action, type, id);
    }

    @Test
    void rulesAreCheckedInDesignOrder() {
        Policy p = policy(false, "release-bot", null);
        assertThat(decide(p, "deployer", "shell.exec", "critical", "delete", "x", "y").rule())
                .isEqualTo(Rule.TOOL_NOT_DECLARED);
        assertThat(decide(p, "deployer", "deploy.db", "critical", "delete", "x", "y").rule())
                .isEqualTo(Rule.ACTION_NOT_DECLARED);
        assertThat(decide(p, "deployer", "deploy.db", "critical", "deploy", "x", "y").rule())
                .isEqualTo(Rule.RESOURCE_NOT_DECLARED);
        assertThat(decide(p, "builder", "build.all", "high", "execute", null, null).rule())
                .isEqualTo(Rule.RISK_ABOVE_MAX);
        assertThat(decide(p, "deployer", "deploy.prod", "critical", "deploy", "environment", "production").rule())
                .isEqualTo(Rule.APPROVAL_REQUIRED);
        assertThat(decide(p, "deployer", "deploy.stage", "high", "deploy", "environment", "staging").rule())
                .isEqualTo(Rule.ALLOWED);
    }

    @Test
    void monitorFlagsEnforceBlocksAndAllowIsAllow() {
        assertThat(decide(policy(false, "release-bot", null), "deployer", "shell", "low", "deploy", null, null)
                .verdict()).isEqualTo(Verdict.FLAG);
        assertThat(decide(policy(true, "release-bot", null), "deployer", "shell", "low", "deploy", null, null)
                .verdict()).isEqualTo(Verdict.BLOCK);
        assertThat(decide(policy(true, "release-bot", null), "builder", "git.log", "low", "execute", null, null)
                .verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void exactKeysComeBeforeStarAndToolsOutsideRunsUseTheStarRun() {
        Policy p = policy(true, "release-bot", null);
        assertThat(decide(p, "deployer", "git.log", "low", "execute", null, null).rule())
                .isEqualTo(Rule.TOOL_NOT_DECLARED); // the exact run entry wins, though "*" would allow it
        assertThat(decide(p, null, "git.log", "low", "execute", null, null).rule()).isEqualTo(Rule.ALLOWED);
        Policy other = policy(true, "someone-else", null);
        assertThat(decide(other, "deployer", "read.file", "low", "execute", null, null).rule())
                .isEqualTo(Rule.ALLOWED);
        assertThat(decide(other, "deployer", "git.log", "low", "execute", null, null).rule())
                .isEqualTo(Rule.TOOL_NOT_DECLARED);
    }

    @Test
    void undeclaredAgentAndRun() {
        Policy p = Policy.load(true, "bot", null, null, () -> now, errors::add);
        p.declare("{\"agents\": {\"other\": {\"runs\": {\"x\": {}}}}}");
        assertThat(decide(p, "x", "t", "low", "execute", null, null).rule()).isEqualTo(Rule.UNDECLARED_AGENT);
        Policy q = Policy.load(true, "other", null, null, () -> now, errors::add);
        q.declare("{\"agents\": {\"other\": {\"runs\": {\"x\": {}}}}}");
        assertThat(decide(q, "y", "t", "low", "execute", null, null).rule()).isEqualTo(Rule.UNDECLARED_RUN);
        assertThat(decide(q, null, "t", "low", "execute", null, null).rule()).isEqualTo(Rule.UNDECLARED_RUN);
        assertThat(decide(q, "x", "t", "critical", "execute", null, null).rule()).isEqualTo(Rule.ALLOWED);
    }

    @Test
    void aTypeOnlyResourcePatternTakesAnyIdAndAToolWithoutResourcePasses() {
        Policy p = policy(true, "release-bot", null);
        assertThat(decide(p, "deployer", "deploy.s3", "low", "deploy", "bucket", "logs").rule()).isEqualTo(Rule.ALLOWED);
        assertThat(decide(p, "deployer", "deploy.s3", "low", "deploy", null, null).rule()).isEqualTo(Rule.ALLOWED);
    }

    @Test
    void approvalsMatchToolAndResourceUntilTheyExpire() {
        Policy p = Policy.load(true, "release-bot", null, "deploy.prod@environment:production,deploy.hotfix",
                () -> now, errors::add);
        p.declare(CAPABILITIES);
        Decision approved = p.decide(new DecisionCache(), true, "deployer", "deploy.prod", "critical", "deploy",
                "environment", "production");
        assertThat(approved.verdict()).isEqualTo(Verdict.APPROVED);
        assertThat(approved.approval().approver()).isEqualTo("env");
        assertThat(decide(p, "deployer", "deploy.prod", "critical", "deploy", "environment", "prod-eu").rule())
                .isEqualTo(Rule.APPROVAL_REQUIRED);
        assertThat(decide(p, "deployer", "deploy.hotfix", "low", "deploy", "environment", "staging").verdict())
                .isEqualTo(Verdict.APPROVED);
    }

    @Test
    void anExpiredApprovalStopsMatchingEvenForACachedCallSite() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("approvals", ".json");
        java.nio.file.Files.writeString(file, "{\"approvals\": [{\"id\": \"A\", \"tool\": \"deploy.prod\", "
                + "\"approver\": \"alice\", \"expires\": \"1970-01-01T00:00:02Z\"}]}");
        Policy p = Policy.load(true, "release-bot", null, file.toString(), () -> now, errors::add);
        p.declare(CAPABILITIES);
        DecisionCache site = new DecisionCache();
        assertThat(p.decide(site, true, "deployer", "deploy.prod", "critical", "deploy", null, null).verdict())
                .isEqualTo(Verdict.APPROVED);
        now = 2_000;
        assertThat(p.decide(site, true, "deployer", "deploy.prod", "critical", "deploy", null, null).verdict())
                .isEqualTo(Verdict.BLOCK);
        assertThat(errors).isEmpty();
    }

    @Test
    void aConstantCallSiteDecidesOncePerRun() {
        Policy p = policy(true, "release-bot", null);
        DecisionCache site = new DecisionCache();
        Decision first = p.decide(site, true, "builder", "git.log", "low", "execute", null, null);
        assertThat(p.decide(site, true, "builder", "git.log", "low", "execute", null, null)).isSameAs(first);
        assertThat(p.decide(site, true, "deployer", "git.log", "low", "execute", null, null).rule())
                .isEqualTo(Rule.TOOL_NOT_DECLARED);
    }

    @Test
    void withoutCapabilitiesNothingIsDecided() {
        Policy p = Policy.load(true, "bot", null, null, () -> now, errors::add);
        assertThat(decide(p, "x", "t", "critical", "execute", null, null)).isNull();
        assertThat(decide(Policy.none(), "x", "t", "critical", "execute", null, null)).isNull();
    }

    @Test
    void aFileWinsOverCapabilitiesDeclaredInCode() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("capabilities", ".json");
        java.nio.file.Files.writeString(file, "{\"agents\": {\"*\": {\"runs\": {\"*\": {\"tools\": []}}}}}");
        Policy p = Policy.load(true, "bot", file.toString(), null, () -> now, errors::add);
        assertThat(p.declare(CAPABILITIES)).isFalse();
        assertThat(decide(p, null, "read.x", "low", "execute", null, null).rule()).isEqualTo(Rule.TOOL_NOT_DECLARED);
    }

    @Test
    void brokenDeclarationsAreNamedInOneLineAndFailClosedForHighRisk() {
        Policy p = Policy.load(true, "bot", null, null, () -> now, errors::add);
        assertThat(p.declare("{\"agents\": {\"bot\": {\"runs\": {\"*\": {\"tools\": \"git.*\"}}}}}")).isFalse();
        assertThat(errors).containsExactly("ratri: capabilities Ratri.declareCapabilities: field "
                + "agents.bot.runs.*.tools: must be a list of strings; until it is fixed, tools of risk high and "
                + "critical are blocked and the others allowed");
        assertThat(decide(p, null, "t", "high", "execute", null, null).verdict()).isEqualTo(Verdict.BLOCK);
        assertThat(decide(p, null, "t", "medium", "execute", null, null))
                .extracting(Decision::verdict, Decision::rule)
                .containsExactly(Verdict.ALLOW, Rule.CAPABILITIES_UNAVAILABLE);
    }

    @Test
    void brokenApprovalsAreNamedAndNoneAreInForce() {
        Policy.load(true, "bot", null, "/nowhere/approvals.json", () -> now, errors::add);
        assertThat(errors).containsExactly("ratri: approvals /nowhere/approvals.json: no such file; no approvals are "
                + "in force");
    }

    private static final String CAPABILITIES_YAML = """
            # the capabilities above, as YAML
            agents:
              release-bot:
                runs:
                  deployer:
                    tools: ["deploy.*"]
                    actions: [deploy]
                    resources: ["environment:staging", "environment:prod*", bucket]
                    maxRisk: critical
                    requireApproval: [critical, deploy.hotfix]
                  "*":
                    tools:
                      - git.*
                      - build.*
                    maxRisk: medium
              "*":
                runs:
                  "*": {tools: [read.*], maxRisk: low}
            """;

    private Policy fromFile(boolean enforce, String agentKey, String suffix, String capabilities, String approvals)
            throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("capabilities", suffix);
        java.nio.file.Files.writeString(file, capabilities);
        return Policy.load(enforce, agentKey, file.toString(), approvals, () -> now, errors::add);
    }

    @Test
    void aYamlCapabilitiesFileDecidesEveryCallAsTheSameJsonDoes() throws Exception {
        Policy yaml = fromFile(true, "release-bot", ".yaml", CAPABILITIES_YAML, null);
        Policy json = fromFile(true, "release-bot", ".json", CAPABILITIES, null);
        Policy yml = fromFile(true, "someone-else", ".yml", CAPABILITIES_YAML, null);
        String[][] calls = {
            {"deployer", "shell.exec", "critical", "delete", "x", "y"},
            {"deployer", "deploy.db", "critical", "delete", "x", "y"},
            {"deployer", "deploy.db", "critical", "deploy", "x", "y"},
            {"builder", "build.all", "high", "execute", null, null},
            {"deployer", "deploy.prod", "critical", "deploy", "environment", "production"},
            {"deployer", "deploy.stage", "high", "deploy", "environment", "staging"},
            {"deployer", "deploy.s3", "low", "deploy", "bucket", "logs"},
            {"deployer", "deploy.hotfix", "low", "deploy", null, null},
            {null, "git.log", "low", "execute", null, null},
        };
        for (String[] c : calls) {
            assertThat(decide(yaml, c[0], c[1], c[2], c[3], c[4], c[5]))
                    .as("%s in run %s", c[1], c[0])
                    .isEqualTo(decide(json, c[0], c[1], c[2], c[3], c[4], c[5]));
        }
        assertThat(decide(yml, "deployer", "read.file", "low", "execute", null, null).rule()).isEqualTo(Rule.ALLOWED);
        assertThat(decide(yml, "deployer", "git.log", "low", "execute", null, null).rule())
                .isEqualTo(Rule.TOOL_NOT_DECLARED);
        assertThat(errors).isEmpty();
    }

    @Test
    void aYamlCapabilitiesResourceIsReadFromTheClassPath() {
        Policy p = Policy.load(true, "bot", "classpath:policy-test-capabilities.yaml", null, () -> now, errors::add);
        assertThat(errors).isEmpty();
        assertThat(decide(p, null, "read.file", "low", "execute", null, null).rule()).isEqualTo(Rule.ALLOWED);
        assertThat(decide(p, null, "read.file", "medium", "execute", null, null).rule())
                .isEqualTo(Rule.RISK_ABOVE_MAX);
    }

    @Test
    void brokenYamlIsNamedByFileLineAndColumnInOneLineAndFailsClosedForHighRisk() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("capabilities", ".yaml");
        java.nio.file.Files.writeString(file, """
                agents:
                  bot:
                    runs:
                      "*": {tools: [git.*]
                      builder:
                        maxRisk: low
                """);
        Policy p = Policy.load(true, "bot", file.toString(), null, () -> now, errors::add);
        assertThat(errors).singleElement().asString()
                .startsWith("ratri: capabilities " + file + ": line 5, column ")
                .endsWith("; until it is fixed, tools of risk high and critical are blocked and the others allowed")
                .doesNotContain("\n");
        assertThat(decide(p, null, "git.log", "high", "execute", null, null).verdict()).isEqualTo(Verdict.BLOCK);
        assertThat(decide(p, null, "git.log", "low", "execute", null, null).rule())
                .isEqualTo(Rule.CAPABILITIES_UNAVAILABLE);
    }

    @Test
    void aYamlFieldOfTheWrongShapeIsNamedByItsPathAsInJson() throws Exception {
        fromFile(false, "bot", ".yml", """
                agents:
                  bot:
                    runs:
                      "*":
                        tools: git.*
                """, null);
        fromFile(false, "bot", ".yaml", "- just\n- a list\n", null);
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0)).endsWith(".yml: field agents.bot.runs.*.tools: must be a list of strings; until "
                + "it is fixed, tools of risk high and critical are flagged");
        assertThat(errors.get(1)).endsWith(".yaml: must hold a YAML mapping; until it is fixed, tools of risk high "
                + "and critical are flagged");
    }

    @Test
    void aYamlApprovalsFileApprovesAsTheJsonOneDoes() throws Exception {
        java.nio.file.Path approvals = java.nio.file.Files.createTempFile("approvals", ".yaml");
        java.nio.file.Files.writeString(approvals, """
                approvals:
                  - id: APR-7
                    tool: deploy.prod
                    resource: environment:production
                    approver: alice
                    expires: "1970-01-01T00:00:02Z"
                """);
        Policy p = Policy.load(true, "release-bot", null, approvals.toString(), () -> now, errors::add);
        p.declare(CAPABILITIES);
        Decision approved = decide(p, "deployer", "deploy.prod", "critical", "deploy", "environment", "production");
        assertThat(approved.verdict()).isEqualTo(Verdict.APPROVED);
        assertThat(approved.approval().id()).isEqualTo("APR-7");
        assertThat(approved.approval().approver()).isEqualTo("alice");
        now = 2_000;
        assertThat(decide(p, "deployer", "deploy.prod", "critical", "deploy", "environment", "production").verdict())
                .isEqualTo(Verdict.BLOCK);
        assertThat(errors).isEmpty();
    }

    @Test
    void brokenYamlApprovalsAreNamedByLine() throws Exception {
        java.nio.file.Path approvals = java.nio.file.Files.createTempFile("approvals", ".yml");
        java.nio.file.Files.writeString(approvals, "approvals:\n  - id: A\n   tool: [x\n");
        Policy.load(true, "bot", null, approvals.toString(), () -> now, errors::add);
        assertThat(errors).singleElement().asString()
                .startsWith("ratri: approvals " + approvals + ": line ")
                .endsWith("; no approvals are in force");
    }
}
