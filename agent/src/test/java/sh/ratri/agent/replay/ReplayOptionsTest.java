package sh.ratri.agent.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayOptionsTest {

    @Test
    void withoutPathsReadsRatriEventsInTheWorkingDirectory() {
        assertThat(ReplayOptions.parse(List.of()).paths()).containsExactly(Path.of("ratri-events"));
    }

    @Test
    void pathsAndOptionsMayComeInAnyOrder() {
        ReplayOptions options = ReplayOptions.parse(List.of("--json", "a.jsonl", "--session", "s-1", "dir"));

        assertThat(options.paths()).containsExactly(Path.of("a.jsonl"), Path.of("dir"));
        assertThat(options.sessionId()).isEqualTo("s-1");
        assertThat(options.json()).isTrue();
    }

    @Test
    void doubleDashTreatsTheRestAsPaths() {
        assertThat(ReplayOptions.parse(List.of("--", "--json")).paths()).containsExactly(Path.of("--json"));
    }

    @Test
    void sessionGivenTwiceIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ReplayOptions.parse(List.of("--session", "a", "--session=b")))
                .withMessage("--session given twice");
    }

    @Test
    void sessionFollowedByAnOptionIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ReplayOptions.parse(List.of("--session", "--json")))
                .withMessage("--session needs a session id");
    }

    @Test
    void outputOptionsAndFiltersAreParsed() {
        ReplayOptions options = ReplayOptions.parse(List.of("--list", "--agent=ops", "--status", "failed",
                "--html", "out.html", "--markdown", "sum.md", "--fail-on", "failed,blocked"));

        assertThat(options.list()).isTrue();
        assertThat(options.agent()).isEqualTo("ops");
        assertThat(options.status()).isEqualTo("failed");
        assertThat(options.html()).isEqualTo(Path.of("out.html"));
        assertThat(options.markdown()).isEqualTo("sum.md");
        assertThat(options.failOn()).containsExactlyInAnyOrder("failed", "blocked");
        assertThat(options.writesFiles()).isTrue();
    }

    @Test
    void twoOutputsForStandardOutputAreRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ReplayOptions.parse(List.of("--json", "--list")))
                .withMessage("--json and --list cannot be combined");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ReplayOptions.parse(List.of("--markdown", "-", "--json")))
                .withMessage("--markdown - and --json would both write to standard output");
    }

    @Test
    void unknownStatusIsRejectedNamingTheAllowedOnes() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ReplayOptions.parse(List.of("--status", "done")))
                .withMessage("--status done is not one of completed, failed, blocked, unfinished");
    }

    @Test
    void htmlNeedsAFileName() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ReplayOptions.parse(List.of("--html")))
                .withMessage("--html needs a file name");
    }

    @Test
    void diffTakesABaselineAndAThreshold() {
        ReplayOptions options = ReplayOptions.parse(List.of("run/", "--diff", "base/", "--threshold=10%",
                "--fail-on", "failed,new-tool,risk-up,missing-step"));

        assertThat(options.baseline()).isEqualTo(Path.of("base/"));
        assertThat(options.thresholds().percent()).isEqualTo(10);
        assertThat(options.failOn()).containsExactlyInAnyOrder("failed", "new-tool", "risk-up", "missing-step");
        assertThat(ReplayOptions.parse(List.of("--diff", "base/")).thresholds()).isEqualTo(DiffThresholds.DEFAULT);
    }

    @Test
    void diffGatesAndThresholdWithoutDiffAreUsageErrors() {
        assertThatIllegalArgumentException().isThrownBy(() -> ReplayOptions.parse(List.of("--fail-on", "failed,risk-up")))
                .withMessage("--fail-on risk-up compares with a baseline: it needs --diff BASELINE");
        assertThatIllegalArgumentException().isThrownBy(() -> ReplayOptions.parse(List.of("--threshold", "10")))
                .withMessage("--threshold applies to --diff BASELINE, which is not given");
        assertThatIllegalArgumentException().isThrownBy(() -> ReplayOptions.parse(List.of("--diff", "b", "--threshold", "x")))
                .withMessage("--threshold x is not a percentage, e.g. 25 or 25%");
        assertThatIllegalArgumentException().isThrownBy(() -> ReplayOptions.parse(List.of("--diff", "b", "--list")))
                .withMessage("--diff and --list cannot be combined");
    }
}
