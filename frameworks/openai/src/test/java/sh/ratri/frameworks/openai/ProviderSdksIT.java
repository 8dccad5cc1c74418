package sh.ratri.frameworks.openai;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.examples.support.EventLog;
import sh.ratri.examples.support.EventSchema;
import sh.ratri.examples.support.ForkedJvm;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.examples.support.EventLog.attr;
import static sh.ratri.examples.support.EventLog.text;

/**
 * The official OpenAI and Anthropic Java SDKs from Maven Central, under the real agent jar in a
 * forked JVM, against a loopback server answering in the providers' recorded shapes: each model
 * call is one llm.started/llm.ended pair under its run, with the reply's model, tokens, finish
 * reason and cost; a streamed reply ends when its last part has been read; an HTTP 500 ends the
 * call failed; an application without these libraries sees nothing of the agent.
 */
class ProviderSdksIT {

    private static final String PRICING = """
            {"models": {
              "gpt-4o*":      {"inputPerMillion": 2.5, "outputPerMillion": 10, "cachedInputPerMillion": 1.25},
              "gpt-4o-mini*": {"inputPerMillion": 0.15, "outputPerMillion": 0.6},
              "claude-sonnet-4*": {"inputPerMillion": 3, "outputPerMillion": 15, "cachedInputPerMillion": 0.3}}}
            """;

    @TempDir
    static Path dir;
    private static ForkedJvm.Result result;
    private static EventLog log;
    private static EventLog assistant;

    @BeforeAll
    static void runTheApplication() throws Exception {
        Path pricing = Files.writeString(dir.resolve("pricing.json"), PRICING);
        result = ForkedJvm.main(ProviderApp.class.getName(), applicationClassPath()).in(dir)
                .agentArgs("pricing=" + pricing).run();
        log = result.events();
        assistant = log.session("chat", "Say hello");
    }

    /** The application's classes, the SDKs and what they need: what its users would run it with. */
    static List<Path> applicationClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("ratri-agent") && !e.contains("/agent/") && !e.contains("ratri-examples")
                        && !e.contains("/examples/") && !e.contains("test-classes") && !e.contains("jupiter") && !e.contains("junit-platform")
                        && !e.contains("assertj") && !e.contains("networknt") && !e.contains("opentest4j"))
                .map(Path::of).toList();
    }

    /** The assistant run's one call to {@code model}. */
    private static JsonNode llmStarted(String provider, String model) {
        return assistant.single("llm.started",
                e -> provider.equals(attr(e, "provider")) && model.equals(attr(e, "model")));
    }

    private static List<JsonNode> llmStartedOf(String provider, String model) {
        return assistant.ofType("llm.started").stream()
                .filter(e -> provider.equals(attr(e, "provider")) && model.equals(attr(e, "model"))).toList();
    }

    @Test
    void theApplicationBehavesAsWithoutTheAgentAndTheAgentStartsSilently() {
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout().lines().toList()).containsExactly(
                "chat: Hello! How can I help today?",
                "chat streamed: Hi there",
                "response: resp_C1",
                "response streamed: Rome.",
                "message: Bonjour ! Comment puis-je vous aider ?",
                "message streamed: Hello world",
                "chat failed: InternalServerException",
                "message streamed failed: InternalServerException",
                "outside: Pong.");
        assertThat(result.stderrLines()).allMatch(line -> line.startsWith("ratri: ") && line.contains("replay"));
    }

    @Test
    void everyEventIsSchemaValidAndEachModelCallIsOnePairUnderTheAssistantRun() {
        EventSchema.assertAllValid(log.all());
        String runId = text(assistant.started("run.started", "assistant"), "runId");
        List<JsonNode> calls = assistant.ofType("llm.started");
        assertThat(calls).hasSize(8);
        assertThat(assistant.ofType("llm.ended")).hasSize(8);
        for (JsonNode started : calls) {
            assertThat(text(started, "runId")).isEqualTo(runId);
            assertThat(attr(started, "operation")).isEqualTo("chat");
            JsonNode ended = log.endOf(started);
            assertThat(text(ended, "runId")).isEqualTo(runId);
            assertThat(text(ended, "sessionId")).isEqualTo(text(started, "sessionId"));
        }
    }

    @Test
    void aBlockingChatCompletionRecordsTheReplysModelTokensFinishReasonAndCost() {
        JsonNode started = llmStartedOf("openai", "gpt-4o").get(0);
        assertThat(attr(started, "inputSummary")).contains("Say hello");
        JsonNode ended = log.endOf(started);
        JsonNode a = ended.path("attributes");
        assertThat(a.path("status").asText()).isEqualTo("completed");
        assertThat(a.path("model").asText()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(a.path("inputTokens").asLong()).isEqualTo(1200);
        assertThat(a.path("cachedInputTokens").asLong()).isEqualTo(1024);
        assertThat(a.path("outputTokens").asLong()).isEqualTo(80);
        assertThat(a.path("reasoningTokens").asLong()).isEqualTo(16);
        assertThat(a.path("finishReason").asText()).isEqualTo("stop");
        assertThat(a.path("outputSummary").asText()).isEqualTo("Hello! How can I help today?");
        // ((1200 − 1024) × 2.5 + 1024 × 1.25 + 80 × 10) / 10^6
        assertThat(a.path("costUsd").decimalValue()).isEqualByComparingTo("0.00252");
    }

    @Test
    void aStreamedChatCompletionEndsWithItsLastChunkAndCarriesTheUsageChunksTokens() {
        JsonNode ended = log.endOf(llmStarted("openai", "gpt-4o-mini"));
        JsonNode a = ended.path("attributes");
        assertThat(a.path("status").asText()).isEqualTo("completed");
        assertThat(a.path("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(a.path("inputTokens").asLong()).isEqualTo(20);
        assertThat(a.path("outputTokens").asLong()).isEqualTo(2);
        assertThat(a.path("finishReason").asText()).isEqualTo("stop");
        assertThat(a.path("outputSummary").asText()).isEqualTo("Hi there");
        // the longest pattern wins: gpt-4o-mini*, not gpt-4o*
        assertThat(a.path("costUsd").decimalValue()).isEqualByComparingTo("0.0000042");
    }

    @Test
    void responsesBlockingAndStreamedRecordTheirUsageAndStatus() {
        List<JsonNode> responses = llmStartedOf("openai", "gpt-4.1");
        assertThat(responses).hasSize(2);
        JsonNode blocking = log.endOf(responses.get(0)).path("attributes");
        assertThat(blocking.path("model").asText()).isEqualTo("gpt-4.1-2025-04-14");
        assertThat(blocking.path("inputTokens").asLong()).isEqualTo(50);
        assertThat(blocking.path("outputTokens").asLong()).isEqualTo(5);
        assertThat(blocking.path("finishReason").asText()).isEqualTo("completed");
        assertThat(blocking.has("costUsd")).as("gpt-4.1 has no price").isFalse();
        JsonNode streamed = log.endOf(responses.get(1)).path("attributes");
        assertThat(streamed.path("inputTokens").asLong()).isEqualTo(64);
        assertThat(streamed.path("cachedInputTokens").asLong()).isEqualTo(32);
        assertThat(streamed.path("outputTokens").asLong()).isEqualTo(3);
        assertThat(streamed.path("outputSummary").asText()).isEqualTo("Rome.");
    }

    @Test
    void anthropicInputTokensCountCacheReadsAndWritesAndCachedTokensAreTheReads() {
        JsonNode blocking = log.endOf(llmStarted("anthropic", "claude-sonnet-4-20250514")).path("attributes");
        assertThat(blocking.path("model").asText()).isEqualTo("claude-sonnet-4-20250514");
        assertThat(blocking.path("inputTokens").asLong()).isEqualTo(2100);
        assertThat(blocking.path("cachedInputTokens").asLong()).isEqualTo(2000);
        assertThat(blocking.path("outputTokens").asLong()).isEqualTo(30);
        assertThat(blocking.path("finishReason").asText()).isEqualTo("end_turn");
        // ((2100 − 2000) × 3 + 2000 × 0.3 + 30 × 15) / 10^6
        assertThat(blocking.path("costUsd").decimalValue()).isEqualByComparingTo("0.00135");

        JsonNode streamedStart = llmStartedOf("anthropic", "claude-3-5-haiku-20241022").get(0);
        JsonNode streamed = log.endOf(streamedStart).path("attributes");
        assertThat(streamed.path("status").asText()).isEqualTo("completed");
        assertThat(streamed.path("model").asText()).isEqualTo("claude-3-5-haiku-20241022");
        assertThat(streamed.path("inputTokens").asLong()).isEqualTo(35);
        assertThat(streamed.path("outputTokens").asLong()).isEqualTo(12);
        assertThat(streamed.path("finishReason").asText()).isEqualTo("max_tokens");
        assertThat(streamed.path("outputSummary").asText()).isEqualTo("Hello world");
    }

    @Test
    void anHttp500EndsTheCallFailedWithTheSdksError() {
        List<JsonNode> failed = log.ofType("llm.ended").stream()
                .filter(e -> "failed".equals(attr(e, "status"))).toList();
        assertThat(failed).hasSize(2);
        for (JsonNode ended : failed) {
            assertThat(ended.at("/attributes/error/type").asText()).endsWith(".InternalServerException");
            assertThat(ended.path("attributes").has("inputTokens")).isFalse();
        }
    }

    @Test
    void aCallOutsideAnyRunOpensAnImplicitSessionThatEndsWithIt() {
        JsonNode session = log.single("session.started", e -> "implicit".equals(attr(e, "kind")));
        EventLog outside = log.inSession(text(session, "sessionId"));
        assertThat(outside.types()).containsExactly("session.started", "llm.started", "llm.ended", "session.ended");
        JsonNode started = outside.single("llm.started");
        assertThat(started.has("runId")).isFalse();
        assertThat(attr(started, "model")).isEqualTo("gpt-4o-mini");
        assertThat(attr(outside.single("llm.ended"), "outputSummary")).isEqualTo("Pong.");
    }

    @Test
    void replayShowsEachCallAndTheRunsAndSessionsTokenAndCostTotals() throws Exception {
        ForkedJvm.Result replay = ForkedJvm.cli(dir, "replay", dir.resolve("ratri-events").toString(), "--session",
                text(assistant.single("session.started"), "sessionId"));
        assertThat(replay.exitCode()).as(replay.stderr()).isZero();
        List<String> lines = replay.stdout().lines().toList();
        // 1200+20+50+64+2100+35 in, 80+2+5+3+30+12 out; priced: 0.00252 + 0.0000042 + 0.00135
        String totals = "llm 8 calls  3469 in (3056 cached) / 132 out tokens  $0.003874 (+5 unpriced)";
        assertThat(lines.get(0)).endsWith(totals);
        assertThat(lines.get(1)).startsWith("└─ run assistant \"Assistant\"").endsWith(totals);
        assertThat(lines).anySatisfy(line -> assertThat(line).contains(
                "llm openai gpt-4o-2024-08-06  ← \"").endsWith(
                "1200 in (1024 cached) / 80 out tokens  $0.00252  finish=stop"));
    }

    @Test
    void anApplicationWithoutTheseLibrariesSeesNothingOfTheAgent() throws Exception {
        List<Path> ownClassesOnly = applicationClassPath().stream()
                .filter(e -> e.getFileName().toString().startsWith("ratri-frameworks-openai")
                        || e.toString().endsWith("frameworks/openai/target/classes")).toList();
        assertThat(ownClassesOnly).hasSize(1);
        ForkedJvm.Result plain = ForkedJvm.main(NoLibrariesApp.class.getName(), ownClassesOnly)
                .in(Files.createDirectories(dir.resolve("plain"))).run();
        assertThat(plain.exitCode()).isZero();
        assertThat(plain.stdout()).isEqualTo("done" + System.lineSeparator());
        assertThat(plain.stderr()).isEmpty();
        assertThat(dir.resolve("plain/ratri-events")).doesNotExist();
    }
}
