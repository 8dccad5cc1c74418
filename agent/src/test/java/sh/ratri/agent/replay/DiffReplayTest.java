package sh.ratri.agent.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code replay --diff} through its command line, in process: outputs, gates and exit codes. */
class DiffReplayTest {

    @TempDir
    Path dir;
    private Path baseline;
    private Path current;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    @BeforeEach
    void writeRuns() throws IOException {
        baseline = DiffFixtures.write(Files.createDirectories(dir.resolve("baseline")).resolve("events.jsonl"),
                DiffFixtures.baseline());
        current = DiffFixtures.write(Files.createDirectories(dir.resolve("current")).resolve("events.jsonl"),
                DiffFixtures.current());
    }

    private int replay(String... args) {
        return Replay.run(List.of(args), new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private List<String> gateLines() {
        return err().lines().toList();
    }

    @Test
    void textListsEachChangedSessionWithItsChangesThenTheSessionsOnOneSide() {
        int exit = replay(current.toString(), "--diff", baseline.getParent().toString());

        assertThat(exit).isZero();
        assertThat(err()).isEmpty();
        assertThat(out()).isEqualTo(String.join("\n",
                "diff: 5 sessions against 5 in the baseline (threshold 25% (and at least 100 tokens, $0.001, 100 ms)):"
                        + " 4 matched, 2 changed, 1 only in this run, 1 only in the baseline",
                "totals: tokens 1,200 → 2,600 (+117%) · cost $0.012 → $0.026 (+117%) · duration 217.4 ms → 517.4 ms (+138%)",
                "",
                "changed  RefundTest#refunds \"refunds()\"  session c-refund  (baseline b-refund)",
                "  ! status completed → failed",
                "  + run refund-agent › fraud-check",
                "  - step refund-agent › verify-refund  [missing-step]",
                "  ✕ tool orders.lookup now fails: IllegalStateException: gateway down",
                "  ↑ tool payments.refund  risk low → critical  [risk-up]",
                "  + tool payments.refund_partial  risk=medium  [new-tool]",
                "  ~ tokens 1,200 → 2,600 (+117%)",
                "  ~ cost $0.012 → $0.026 (+117%)",
                "  ~ duration 200.0 ms → 500.0 ms (+150%)",
                "",
                "changed  pipeline \"Handle urgent enterprise support escalation\"  session c-support  (baseline b-support)",
                "  + run orchestrator › escalation-worker",
                "  + handoff orchestrator → escalation-worker",
                "  ↑ tool support.compose_reply called 1 → 2 times",
                "",
                "only in this run       NewTest#added \"added()\"  session c-added",
                "only in the baseline   OldTest#removed \"removed()\"  session b-removed",
                ""));
    }

    @Test
    void eachDiffGateExitsThreeWithOneLineOnStandardError() {
        for (String gate : List.of("new-tool", "risk-up", "missing-step")) {
            outBytes.reset();
            errBytes.reset();

            int exit = replay(current.toString(), "--diff", baseline.toString(), "--fail-on", gate);

            assertThat(exit).as(gate).isEqualTo(Replay.EXIT_FAIL_ON);
            assertThat(gateLines()).as(gate).singleElement().asString()
                    .startsWith("replay: --fail-on " + gate + ": session c-refund (RefundTest#refunds \"refunds()\") ");
        }
    }

    @Test
    void statusGatesStillApplyToThisRunsSessions() {
        int exit = replay(current.toString(), "--diff", baseline.toString(), "--fail-on", "failed,new-tool");

        assertThat(exit).isEqualTo(Replay.EXIT_FAIL_ON);
        assertThat(gateLines()).singleElement().asString()
                .startsWith("replay: --fail-on failed: session c-refund has failed tool orders.lookup");
    }

    @Test
    void aRunLikeItsBaselinePassesTheGates() {
        int exit = replay(baseline.toString(), "--diff", baseline.toString(), "--fail-on", "new-tool,risk-up,missing-step");

        assertThat(exit).isZero();
        assertThat(out()).contains("5 matched, 0 changed, 0 only in this run, 0 only in the baseline",
                "\nno behaviour change\n");
        assertThat(gateLines()).isEmpty();
    }

    @Test
    void aHigherThresholdHidesTheSmallerChanges() {
        replay(current.toString(), "--diff", baseline.toString(), "--threshold", "130");

        assertThat(out()).contains("~ duration 200.0 ms → 500.0 ms (+150%)").doesNotContain("~ tokens", "~ cost");
    }

    @Test
    void markdownIsOneTableOfChangesForAJobSummary() throws IOException {
        Path summary = dir.resolve("summary.md");

        int exit = replay(current.toString(), "--diff", baseline.toString(), "--markdown", summary.toString());

        assertThat(exit).isZero();
        assertThat(out()).isEqualTo("replay: wrote " + summary + " (5 sessions)\n");
        List<String> lines = Files.readAllLines(summary);
        assertThat(lines.subList(0, 8)).containsExactly(
                "## Ratri behaviour diff",
                "",
                "⚠️ diff: 5 sessions against 5 in the baseline (threshold 25% (and at least 100 tokens, $0.001, 100 ms)):"
                        + " 4 matched, 2 changed, 1 only in this run, 1 only in the baseline",
                "",
                "**Totals** tokens 1,200 → 2,600 (+117%) · cost $0.012 → $0.026 (+117%) · duration 217.4 ms → 517.4 ms (+138%)",
                "",
                "| session | change | gate |",
                "|:--|:--|:--|");
        assertThat(lines).contains(
                "| RefundTest#refunds \"refunds()\" `c-refund` | - step refund-agent › verify-refund | `missing-step` |",
                "| RefundTest#refunds \"refunds()\" `c-refund` | ↑ tool payments.refund risk low → critical | `risk-up` |",
                "| RefundTest#refunds \"refunds()\" `c-refund` | + tool payments.refund\\_partial risk=medium | `new-tool` |",
                "| pipeline \"Handle urgent enterprise support escalation\" `c-support` | + handoff orchestrator → escalation-worker |  |",
                "**Only in this run** (1)",
                "- ✅ NewTest#added \"added()\" `c-added`",
                "**Only in the baseline** (1)",
                "- ✅ OldTest#removed \"removed()\" `b-removed`");
        assertThat(lines.stream().filter(line -> line.startsWith("| ") && !line.startsWith("| session"))).hasSize(12);
    }

    @Test
    void jsonHoldsTheChangesWithTheirGates() throws IOException {
        int exit = replay(current.toString(), "--diff", baseline.toString(), "--json");

        assertThat(exit).isZero();
        JsonNode json = new ObjectMapper().readTree(out());
        assertThat(json.path("matched").asInt()).isEqualTo(4);
        JsonNode refund = json.path("pairs").get(0);
        assertThat(refund.at("/current/id").asText()).isEqualTo("c-refund");
        assertThat(refund.at("/baseline/uniqueId").asText())
                .isEqualTo("[engine:junit-jupiter]/[class:com.acme.RefundTest]/[method:refunds()]");
        List<String> gates = new ArrayList<>();
        refund.path("changes").forEach(change -> {
            if (!change.path("gate").isNull()) {
                gates.add(change.path("kind").asText() + " " + change.path("subject").asText() + " " + change.path("gate").asText());
            }
        });
        assertThat(gates).containsExactly("missing refund-agent › verify-refund missing-step",
                "risk-up payments.refund risk-up", "added payments.refund_partial new-tool");
        assertThat(json.at("/onlyInBaseline/0/id").asText()).isEqualTo("b-removed");
    }

    @Test
    void aMissingOrEmptyBaselineIsAnError() throws IOException {
        assertThat(replay(current.toString(), "--diff", dir.resolve("nowhere").toString())).isEqualTo(1);
        assertThat(err()).startsWith("replay: --diff: no such baseline file or directory: ");

        errBytes.reset();
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "");
        assertThat(replay(current.toString(), "--diff", empty.toString())).isEqualTo(1);
        assertThat(err()).isEqualTo("replay: --diff: no events in the baseline " + empty + "\n");
    }

    @Test
    void diffGateWithoutDiffIsAUsageError() {
        assertThat(replay(current.toString(), "--fail-on", "new-tool")).isEqualTo(2);
        assertThat(err()).startsWith("replay: --fail-on new-tool compares with a baseline: it needs --diff BASELINE (usage:");
    }

    @Test
    void sessionPicksThisRunsSessionAndStillFindsItsBaseline() {
        int exit = replay(current.toString(), "--diff", baseline.toString(), "--session", "c-refund");

        assertThat(exit).isZero();
        assertThat(out()).contains(": 1 matched, 1 changed, 0 only in this run, 4 only in the baseline",
                "changed  RefundTest#refunds \"refunds()\"  session c-refund  (baseline b-refund)");
    }

    @Test
    void filtersApplyToBothSides() {
        replay(current.toString(), "--diff", baseline.toString(), "--agent", "nobody-else");

        assertThat(err()).startsWith("replay: no session matches --agent nobody-else");
    }
}
