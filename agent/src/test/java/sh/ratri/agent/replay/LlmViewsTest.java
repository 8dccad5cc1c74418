package sh.ratri.agent.replay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.agent.json.JsonObject;

import static org.assertj.core.api.Assertions.assertThat;

/** Model calls in every replay view: each call's tokens and cost, and the totals per run and per session. */
class LlmViewsTest {

    private static final String START = "2026-11-25T03:45:31.000000Z";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();

    private String replay(String... args) {
        Replay.run(List.of(args), new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    /** An orchestrator making one priced call, a worker one priced and one unpriced call. */
    private Path twoRunsThreeCalls() throws IOException {
        return new TimelineFixture("s-1", START)
                .sessionStarted("pipeline", "Answer", Map.of())
                .runStarted("run-o", null, "orchestrator", "Orchestrator", 0, "orchestrator")
                .llmStarted("llm-1", "run-o", "openai", "gpt-4o")
                .llmEnded("llm-1", "run-o", 40.0, 1000, 400, 100, "stop", 0.003)
                .runStarted("run-w", "run-o", "worker", "Worker", 1, "worker")
                .llmStarted("llm-2", "run-w", "anthropic", "claude-sonnet-4")
                .llmEnded("llm-2", "run-w", 30.0, 200, 0, 50, "end_turn", 0.00135)
                .llmStarted("llm-3", "run-w", "ollama", "llama3")
                .llmEnded("llm-3", "run-w", 10.0, 10, 0, 5, "stop", null)
                .runEnded("run-w", "completed", 45.0)
                .runEnded("run-o", "completed", 90.0)
                .sessionEnded("completed", 95.0)
                .writeTo(dir.resolve("run.jsonl"));
    }

    @Test
    void textTreeShowsEachCallAndTheTotalsOfEveryRunAndTheSession() throws IOException {
        assertThat(replay(twoRunsThreeCalls().toString())).isEqualTo(String.join("\n",
                "session s-1  pipeline  \"Answer\"  agent=support-ops-orchestrator  completed  95.0 ms"
                        + "  llm 3 calls  1210 in (400 cached) / 155 out tokens  $0.00435 (+1 unpriced)",
                "└─ run orchestrator \"Orchestrator\" #0 (orchestrator)  completed  90.0 ms"
                        + "  llm 3 calls  1210 in (400 cached) / 155 out tokens  $0.00435 (+1 unpriced)",
                "   ├─ llm openai gpt-4o  completed  40.0 ms  1000 in (400 cached) / 100 out tokens  $0.003  finish=stop",
                "   └─ run worker \"Worker\" #1 (worker)  completed  45.0 ms"
                        + "  llm 2 calls  210 in / 55 out tokens  $0.00135 (+1 unpriced)",
                "      ├─ llm anthropic claude-sonnet-4  completed  30.0 ms  200 in / 50 out tokens  $0.00135"
                        + "  finish=end_turn",
                "      └─ llm ollama llama3  completed  10.0 ms  10 in / 5 out tokens  finish=stop",
                ""));
    }

    @Test
    void listShowsTheSessionsCallsTokensAndCost() throws IOException {
        String line = replay(twoRunsThreeCalls().toString(), "--list").strip();
        assertThat(line).endsWith("3 llm calls  1210/155 tokens  $0.00435");
    }

    @Test
    void markdownCountsTheCallsAndListsEachOne() throws IOException {
        Path markdown = dir.resolve("summary.md");
        replay(twoRunsThreeCalls().toString(), "--markdown", markdown.toString());
        String text = Files.readString(markdown);
        assertThat(text).contains(" · 3 llm calls (1210 in (400 cached) / 155 out tokens $0.00435 (+1 unpriced))");
        assertThat(text).contains("| ↳ llm openai `gpt-4o` — 1000 in (400 cached) / 100 out tokens $0.003 | llm | ✅ completed |  | 40.0 ms |");
    }

    @Test
    void htmlHeaderAndLanesCarryTheTotalsAndEachCallIsABar() throws IOException {
        ReplayFixtures.Parsed parsed = ReplayFixtures.parse(Files.readAllLines(twoRunsThreeCalls()));
        JsonObject session = HtmlModel.of(parsed.session("s-1"), parsed.events().get("s-1"));

        assertThat(session.object("llm").integer("calls")).isEqualTo(3);
        assertThat(session.object("llm").number("costUsd")).isCloseTo(0.00435, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(session.object("llm").longValue("inputTokens", -1)).isEqualTo(1210);
        @SuppressWarnings("unchecked")
        List<JsonObject> lanes = (List<JsonObject>) session.get("lanes");
        assertThat(lanes).extracting(lane -> lane.object("llm").integer("calls")).containsExactly(3, 2);
        @SuppressWarnings("unchecked")
        List<JsonObject> items = (List<JsonObject>) session.get("items");
        assertThat(items).filteredOn(item -> "llm".equals(item.text("kind")))
                .extracting(item -> item.text("label"))
                .containsExactly("gpt-4o · 1000 in (400 cached) / 100 out tokens  $0.003",
                        "claude-sonnet-4 · 200 in / 50 out tokens  $0.00135", "llama3 · 10 in / 5 out tokens");
    }
}
