package sh.ratri.agent.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.agent.replay.ReplayFixtures.failingRefund;
import static sh.ratri.agent.replay.TimelineFixture.ordered;
import static sh.ratri.agent.replay.TimelineFixture.supportOps;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarkdownReplayTest {

    private static final String START = "2026-11-25T03:45:31.000000Z";
    private static final SkipReport NOTHING_SKIPPED = new SkipReport();

    @Test
    void eachSessionIsAHeaderACountLineAndATableOfItems() {
        var parsed = ReplayFixtures.parse(supportOps("s-1", START).lines());

        String markdown = MarkdownReplay.render(parsed.sessions(), parsed.events(), NOTHING_SKIPPED);

        assertThat(markdown).isEqualTo(String.join("\n",
                "## Ratri session replay",
                "",
                "### ✅ pipeline — Handle urgent enterprise support escalation — completed in 12.4 ms",
                "session `s-1` · agent `support-ops-orchestrator` · 2 runs · 1 step · 1 tool · 1 handoff · 0 errors · 12 events",
                "",
                "| item | type | status | risk | duration |",
                "|:--|:--|:--|:--|--:|",
                "| **orchestrator** Orchestrator | run (orchestrator) | ✅ completed |  | 10.2 ms |",
                "| ↳ **triage-ticket** Triage ticket | step | ✅ completed |  | 0.3 ms |",
                "| ↳ handoff “Delegate customer response draft” orchestrator → response-worker | handoff | ✅ completed |  |  |",
                "| ↳ **response-worker** Response worker | run (worker) | ✅ completed |  | 2.1 ms |",
                "| \u2003↳ `support.compose_reply` | tool | ✅ completed | 🟢 low | 0.1 ms |",
                ""));
    }

    @Test
    void failedItemsShowTheirErrorAndRisk() {
        var parsed = ReplayFixtures.parse(failingRefund("s-bad", START).lines());

        String markdown = MarkdownReplay.render(parsed.sessions(), parsed.events(), NOTHING_SKIPPED);

        assertThat(markdown).startsWith("## Ratri session replay\n\n### ❌ refund — Refund ORD-9 — failed in 2.0 ms\n")
                .contains("| ↳ `payments.refund` | tool | ❌ failed: java.lang.IllegalStateException: gateway down | 🔴 critical | 0.8 ms |")
                .contains("| ↳ `orders.lookup` | tool | ✅ completed | 🟠 high | 0.4 ms |");
    }

    @Test
    void recordedTextCannotInjectMarkupLinksOrCells() {
        var parsed = ReplayFixtures.parse(new TimelineFixture("s-1", START)
                .sessionStarted("pipeline", "<img src=x onerror=alert(1)> | [click](http://x) *bold*\nnext", Map.of())
                .runStarted("run-1", null, "a|b", "<b>name</b>", 0, "orchestrator")
                .handoffRequested("h-1", "run-1", "</script><script>alert(2)</script>", ordered("k", "v"))
                .lines());

        String markdown = MarkdownReplay.render(parsed.sessions(), parsed.events(), NOTHING_SKIPPED);

        assertThat(markdown)
                .contains("&lt;img src=x onerror=alert(1)&gt; \\| \\[click\\](http://x) \\*bold\\* next")
                .contains("**a\\|b** &lt;b&gt;name&lt;/b&gt;")
                .contains("“&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;”")
                .doesNotContain("<img", "<script", "<b>");
        assertThat(markdown.lines().filter(line -> line.startsWith("| ")))
                .allSatisfy(row -> assertThat(row.replace("\\|", "").chars().filter(c -> c == '|').count()).isEqualTo(6));
    }

    @Test
    void longSessionsStopAfterTheRowLimitAndSayHowManyWereLeftOut() {
        TimelineFixture fixture = new TimelineFixture("s-1", START).sessionStarted("batch", "", Map.of())
                .runStarted("run-1", null, "batch", "Batch", 0, "orchestrator");
        for (int i = 0; i < MarkdownReplay.MAX_ROWS + 10; i++) {
            fixture.toolStarted("t-" + i, "run-1", "tool." + i, "low", "execute", null, null);
            if (i == MarkdownReplay.MAX_ROWS + 5) {
                fixture.toolFailed("t-" + i, "run-1", 0.1, "E", "boom");
            } else {
                fixture.toolEnded("t-" + i, "run-1", "completed", 0.1, null);
            }
        }
        var parsed = ReplayFixtures.parse(fixture.lines());

        String markdown = MarkdownReplay.render(parsed.sessions(), parsed.events(), NOTHING_SKIPPED);

        assertThat(markdown.lines().filter(line -> line.startsWith("| ")).count()).isEqualTo(1 + MarkdownReplay.MAX_ROWS + 1);
        assertThat(markdown).contains("| … 11 more items (1 failed or blocked): see `replay --html` | | | | |");
    }
}
