package sh.ratri.agent.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.agent.replay.TimelineFixture.releaseGate;
import static sh.ratri.agent.replay.TimelineFixture.supportOps;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.agent.json.JsonObject;
import sh.ratri.agent.json.JsonReader;

/** Every replay view shows the policy's decisions: on the tool they decided, counted per session, gated on. */
class PolicyDecisionViewsTest {

    private static final String START = "2026-11-25T03:45:31.000000Z";

    @TempDir
    Path dir;

    private final ReplayFixtures.Parsed releaseGate = ReplayFixtures.parse(releaseGate("s-rel", START).lines());

    /** Standard output of {@code replay FILE args…}, through the command's own entry point. */
    private String replay(List<String> lines, String... args) throws IOException {
        Path events = TimelineFixture.write(dir.resolve("events-" + lines.hashCode() + ".jsonl"), lines);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new java.util.ArrayList<>(List.of(events.toString()));
        all.addAll(List.of(args));
        int exit = Replay.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theDecisionHangsUnderItsToolThoughItCameBeforeTheToolStarted() {
        Node.Run run = releaseGate.session("s-rel").runs().get(0);
        List<Node.Tool> tools = run.children().stream().map(Node.Tool.class::cast).toList();

        assertThat(tools).extracting(Node.Tool::name)
                .containsExactly("git.checkout", "build.package", "deploy.staging", "deploy.production");
        assertThat(tools).allSatisfy(tool -> assertThat(tool.recorded()).isTrue());
        Node.Policy approved = tools.get(2).decision().orElseThrow();
        assertThat(approved).extracting(Node.Policy::decision, Node.Policy::rule, Node.Policy::tool,
                        Node.Policy::reason, Node.Policy::approvalId, Node.Policy::approver)
                .containsExactly("approved", "approved", "deploy.staging", "approval APR-7 matches", "APR-7", "alice");
        assertThat(tools.get(3).decision().orElseThrow().decision()).isEqualTo("block");
        assertThat(tools.get(3).outcome().status()).isEqualTo("blocked");
    }

    @Test
    void textReplayShowsEachDecisionOnItsToolLineAndBlockedItemsAsBlocked() throws IOException {
        String text = replay(releaseGate("s-rel", START).lines());

        assertThat(text.lines()).containsExactly(
                "session s-rel  pipeline  \"Release 1.4\"  agent=support-ops-orchestrator  blocked  4.0 ms",
                "└─ run release \"Release\" #0 (orchestrator)  blocked  3.0 ms",
                "   ├─ tool git.checkout  risk=low  read git.checkout  policy=allow  completed  0.2 ms",
                "   ├─ tool build.package  risk=medium  build build.package  policy=flag (tool-not-declared)"
                        + "  \"build.package is not among the tools of run release\"  completed  0.5 ms",
                "   ├─ tool deploy.staging  risk=high  deploy deploy.staging  on environment staging"
                        + "  approved by alice (APR-7)  completed  0.7 ms",
                "   └─ tool deploy.production  risk=critical  deploy deploy.production  on environment production"
                        + "  policy=block (approval-required)  \"critical risk needs an approval\"  blocked  <0.1 ms"
                        + "  sh.ratri.ToolBlockedException: deploy.production blocked: critical risk needs an approval");
    }

    @Test
    void aDecisionWhoseToolStartWasLostStillShowsOnTheCall() throws IOException {
        String text = replay(new TimelineFixture("s-1", START)
                .sessionStarted("pipeline", "", Map.of())
                .runStarted("run-1", null, "ops", "Ops", 0, "orchestrator")
                .policyDecision("tool-9", "run-1", "flag", "risk-above-max", "db.drop", "critical above high", null, null)
                .lines());

        assertThat(text).contains("└─ tool tool-9 (tool.started not recorded)  policy=flag (risk-above-max)"
                + "  \"critical above high\"  unfinished");
    }

    @Test
    void listCountsFlaggedAndBlockedCallsPerSession() throws IOException {
        List<String> lines = new java.util.ArrayList<>(releaseGate("s-rel", START).lines());
        lines.addAll(supportOps("s-ops", "2026-11-25T04:00:00.000000Z").lines());
        var parsed = ReplayFixtures.parse(lines);
        List<SessionSummary> summaries = parsed.sessions().stream()
                .map(s -> SessionSummary.of(s, parsed.events().get(s.sessionId()).size())).toList();

        String list = replay(lines, "--list");

        assertThat(list.lines()).hasSize(2);
        assertThat(list.lines().toList().get(0)).startsWith("s-ops").endsWith("0 errors  0 flagged  0 blocked");
        assertThat(list.lines().toList().get(1)).startsWith("s-rel").endsWith("0 errors  1 flagged  1 blocked");
        // the blocked call carries ToolBlockedException as its error, yet a block is not an error
        assertThat(summaries.get(0).errors()).isZero();
        assertThat(summaries.get(0).policy()).isEqualTo(new DecisionCounts(1, 1, 1, 1));
    }

    @Test
    void markdownHasATableOfFlaggedBlockedAndApprovedCalls() throws IOException {
        String markdown = replay(releaseGate("s-rel", START).lines(), "--markdown", "-");

        assertThat(markdown).contains("· 0 errors · 16 events · policy: 1 allow, 1 flag, 1 block, 1 approved\n")
                .contains(String.join("\n",
                        "**Policy decisions** (flagged, blocked, approved calls)",
                        "",
                        "| tool | run | decision | rule | reason | approver |",
                        "|:--|:--|:--|:--|:--|:--|",
                        "| `build.package` | release | ⚠️ flag | tool-not-declared"
                                + " | build.package is not among the tools of run release |  |",
                        "| `deploy.staging` | release | ✅ approved | approved | approval APR-7 matches | alice (APR-7) |",
                        "| `deploy.production` | release | ⛔ block | approval-required | critical risk needs an approval |  |",
                        ""))
                .doesNotContain("| policy")
                .contains("| ↳ `deploy.production` | tool | ⛔ blocked: sh.ratri.ToolBlockedException:");
    }

    @Test
    void markdownOfASessionWithoutDecisionsHasNoPolicyTable() throws IOException {
        assertThat(replay(supportOps("s-ops", START).lines(), "--markdown", "-")).doesNotContain("policy", "Policy");
    }

    @Test
    void htmlModelPutsTheDecisionOnTheToolBarAndCountsDecisionsForThePanel() throws IOException {
        JsonObject session = firstSession(releaseGate("s-rel", START).lines());

        JsonObject policy = session.object("policy");
        assertThat(List.of(policy.text("allow"), policy.text("flag"), policy.text("block"), policy.text("approved")))
                .containsExactly("1", "1", "1", "1");
        @SuppressWarnings("unchecked")
        List<JsonObject> items = (List<JsonObject>) session.get("items");
        assertThat(items).extracting(item -> item.text("kind")).containsOnly("tool");
        JsonObject staging = items.get(2);
        assertThat(staging.object("decision").text("decision")).isEqualTo("approved");
        assertThat(staging.object("decision").object("approval").text("approver")).isEqualTo("alice");
        assertThat(staging.object("decision").object("approval").text("id")).isEqualTo("APR-7");
        JsonObject production = items.get(3);
        assertThat(production.text("status")).isEqualTo("blocked");
        assertThat(production.object("decision").text("rule")).isEqualTo("approval-required");
        @SuppressWarnings("unchecked")
        List<Object> events = (List<Object>) session.get("events");
        @SuppressWarnings("unchecked")
        List<Number> positions = (List<Number>) production.get("events");
        assertThat(positions).extracting(p -> ((JsonObject) events.get(p.intValue())).text("type"))
                .containsExactly("policy.decision", "tool.started", "tool.ended");
    }

    /** The first session of the data {@code replay --html} embeds in its page, as the page reads it. */
    private JsonObject firstSession(List<String> lines) throws IOException {
        Path page = dir.resolve("replay.html");
        replay(lines, "--html", page.toString());
        String html = Files.readString(page);
        String open = "id=\"ratri-data\">";
        int start = html.indexOf(open) + open.length();
        JsonObject data = (JsonObject) JsonReader.read(html.substring(start, html.indexOf("</script>", start)));
        @SuppressWarnings("unchecked")
        List<JsonObject> sessions = (List<JsonObject>) data.get("sessions");
        return sessions.get(0);
    }

    @Test
    void jsonReplayKeepsTheReasonAndTheApproval() throws IOException {
        String json = replay(releaseGate("s-rel", START).lines(), "--json");
        JsonObject document = (JsonObject) JsonReader.read(json);
        @SuppressWarnings("unchecked")
        JsonObject run = ((List<JsonObject>) ((List<JsonObject>) document.get("sessions")).get(0).get("runs")).get(0);
        @SuppressWarnings("unchecked")
        JsonObject staging = ((List<JsonObject>) run.get("items")).get(2);
        @SuppressWarnings("unchecked")
        JsonObject decision = ((List<JsonObject>) staging.get("items")).get(0);

        assertThat(decision.text("kind")).isEqualTo("policy");
        assertThat(decision.text("reason")).isEqualTo("approval APR-7 matches");
        assertThat(decision.object("approval")).isEqualTo(Map.of("id", "APR-7", "approver", "alice"));
    }

    @Test
    void failOnFlaggedNamesTheSessionAndTheFirstFlaggedCall() {
        assertThat(FailGate.check(releaseGate.sessions(), Set.of("flagged"))).hasValue(
                "replay: --fail-on flagged: session s-rel has flagged tool build.package"
                        + " (policy=flag tool-not-declared: build.package is not among the tools of run release)");
    }

    @Test
    void failOnUnapprovedMatchesACallThatNeededAnApprovalWhetherFlaggedOrBlocked() {
        assertThat(FailGate.check(releaseGate.sessions(), Set.of("unapproved"))).hasValue(
                "replay: --fail-on unapproved: session s-rel has unapproved tool deploy.production"
                        + " (policy=block approval-required: critical risk needs an approval)");

        var monitored = ReplayFixtures.parse(new TimelineFixture("s-mon", START)
                .sessionStarted("pipeline", "", Map.of())
                .policyDecision("tool-1", null, "flag", "approval-required", "deploy.production", "needs approval", null, null)
                .lines());
        assertThat(FailGate.check(monitored.sessions(), Set.of("unapproved")))
                .hasValueSatisfying(line -> assertThat(line).startsWith(
                        "replay: --fail-on unapproved: session s-mon has unapproved tool deploy.production"));
    }

    @Test
    void failOnBlockedPointsAtTheDecisionThatBlocked() {
        assertThat(FailGate.check(releaseGate.sessions(), Set.of("blocked"))).hasValue(
                "replay: --fail-on blocked: session s-rel has blocked tool deploy.production"
                        + " (policy=block approval-required: critical risk needs an approval) (3 items in all)");
    }

    @Test
    void approvedAndAllowedCallsPassEveryPolicyGate() {
        var parsed = ReplayFixtures.parse(new TimelineFixture("s-ok", START)
                .sessionStarted("pipeline", "", Map.of())
                .runStarted("run-1", null, "deployer", "Deployer", 0, "orchestrator")
                .policyDecision("tool-1", "run-1", "approved", "approved", "deploy.production", "APR-7", "APR-7", "alice")
                .toolStarted("tool-1", "run-1", "deploy.production", "critical", "deploy", "environment", "production")
                .toolEnded("tool-1", "run-1", "completed", 1.0, null)
                .runEnded("run-1", "completed", 2.0)
                .sessionEnded("completed", 3.0)
                .lines());

        assertThat(FailGate.check(parsed.sessions(), Set.of("flagged", "blocked", "unapproved"))).isEmpty();
    }

    @Test
    void replayFailOnExitsWithThreeAndOneLine() throws IOException {
        Path events = releaseGate("s-rel", START).writeTo(dir.resolve("events.jsonl"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = Replay.run(List.of(events.toString(), "--list", "--fail-on", "unapproved,flagged"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(Replay.EXIT_FAIL_ON);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "replay: --fail-on flagged,unapproved: session s-rel has flagged tool build.package"
                        + " (policy=flag tool-not-declared: build.package is not among the tools of run release)"
                        + " (2 items in all)");
        assertThat(Replay.run(List.of(events.toString(), "--list", "--fail-on", "failed"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isZero();
    }
}
