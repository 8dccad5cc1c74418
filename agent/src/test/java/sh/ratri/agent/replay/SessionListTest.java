package sh.ratri.agent.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.agent.replay.ReplayFixtures.failingRefund;
import static sh.ratri.agent.replay.TimelineFixture.supportOps;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SessionListTest {

    @Test
    void oneAlignedLinePerSessionNewestFirst() {
        var parsed = ReplayFixtures.parse(supportOps("s-older", "2026-11-25T03:45:31.000000Z").lines(),
                failingRefund("s-newer", "2026-11-25T04:00:00.000000Z").lines());
        var summaries = parsed.sessions().stream()
                .map(s -> SessionSummary.of(s, parsed.events().get(s.sessionId()).size())).toList();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        SessionList.render(summaries, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(String.join("\n",
                "s-newer  support-ops-orchestrator  refund    2026-11-25T04:00:00.001Z   2.0 ms  failed     1 run   2 tools  0 handoffs  2 errors  0 flagged  0 blocked",
                "s-older  support-ops-orchestrator  pipeline  2026-11-25T03:45:31.001Z  12.4 ms  completed  2 runs  1 tool   1 handoff   0 errors  0 flagged  0 blocked",
                ""));
    }

    @Test
    void summaryCountsRunsStepsToolsHandoffsErrorsAndEvents() {
        var parsed = ReplayFixtures.parse(supportOps("s-1", "2026-11-25T03:45:31.000000Z").lines());

        SessionSummary summary = SessionSummary.of(parsed.session("s-1"), parsed.events().get("s-1").size());

        assertThat(summary).extracting(SessionSummary::runs, SessionSummary::steps, SessionSummary::tools,
                SessionSummary::handoffs, SessionSummary::errors, SessionSummary::events)
                .containsExactly(2, 1, 1, 1, 0, 12);
        assertThat(summary.kind()).isEqualTo("pipeline");
        assertThat(summary.status()).isEqualTo("completed");
    }
}
