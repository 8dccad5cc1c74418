package sh.ratri.frameworks.springai;

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
 * Spring AI 1.1 from Maven Central under the real agent jar in a forked JVM: chat models called
 * through ChatClient inside a run are model calls of that run, a streamed reply ends with its
 * Flux, a Spring AI model over the OpenAI SDK is one call, and Spring AI {@code @Tool} methods are
 * tools (our own {@code @Tool} on the same method wins: one pair).
 */
class SpringAiIT {

    private static final String PRICING = """
            {"models": {"scripted-*": {"inputPerMillion": 1, "outputPerMillion": 2},
                        "gpt-4o*": {"inputPerMillion": 2.5, "outputPerMillion": 10}}}
            """;

    @TempDir
    static Path dir;
    private static ForkedJvm.Result result;
    private static EventLog log;
    private static String runId;

    @BeforeAll
    static void runTheApplication() throws Exception {
        Path pricing = Files.writeString(dir.resolve("pricing.json"), PRICING);
        result = ForkedJvm.main(SpringAiApp.class.getName(), applicationClassPath()).in(dir)
                .agentArgs("pricing=" + pricing).run();
        log = result.events();
        runId = text(log.started("run.started", "planner"), "runId");
    }

    /** The application's classes, Spring AI, the OpenAI SDK and what they need. */
    static List<Path> applicationClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("ratri-agent") && !e.contains("/agent/") && !e.contains("ratri-examples")
                        && !e.contains("/examples/") && !e.contains("test-classes") && !e.contains("jupiter")
                        && !e.contains("junit-platform") && !e.contains("assertj") && !e.contains("networknt")
                        && !e.contains("opentest4j"))
                .map(Path::of).toList();
    }

    private static List<JsonNode> llmCalls(String provider) {
        return log.ofType("llm.started").stream().filter(e -> provider.equals(attr(e, "provider"))).toList();
    }

    @Test
    void theApplicationBehavesAsWithoutTheAgentAndTheAgentStartsSilently() {
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout().lines().toList()).containsExactly(
                "call: Take the train to Lyon.",
                "stream: Sunny all week.",
                "call failed: the scripted model has no reply to that",
                "tools: [booking.reserve, cancel, trains, weather.lookup]",
                "weather: \"Sunny in Lyon\"",
                "trains: \"Hourly from Paris to Lyon\"",
                "reserve: \"Seat 42 on TGV 6601\"",
                "cancel failed: ToolExecutionException",
                "openai: Hello! How can I help today?");
        // Spring AI's own SLF4J warns that no logger is bound; of the agent, only the exit line
        assertThat(result.stderrLines()).filteredOn(line -> !line.startsWith("SLF4J("))
                .singleElement().asString().startsWith("ratri: 20 events (1 session) written to").contains("replay");
    }

    @Test
    void everyEventIsSchemaValidAndBelongsToThePlannerRun() {
        EventSchema.assertAllValid(log.all());
        assertThat(log.ofType("session.started")).hasSize(1);
        for (JsonNode event : log.all()) {
            if (event.path("type").asText().startsWith("llm.") || event.path("type").asText().startsWith("tool.")) {
                assertThat(text(event, "runId")).as(event.toString()).isEqualTo(runId);
            }
        }
    }

    @Test
    void chatClientCallsAreModelCallsOfTheRunWithTheModelsTokensAndCost() {
        List<JsonNode> scripted = llmCalls("ScriptedChatModel");
        assertThat(scripted).hasSize(3);
        JsonNode first = scripted.get(0);
        assertThat(attr(first, "model")).isEqualTo("scripted-1");
        assertThat(attr(first, "inputSummary")).contains("How do I get to Lyon?");
        JsonNode ended = log.endOf(first).path("attributes");
        assertThat(ended.path("status").asText()).isEqualTo("completed");
        assertThat(ended.path("model").asText()).isEqualTo("scripted-1");
        assertThat(ended.path("inputTokens").asLong()).isEqualTo(100);
        assertThat(ended.path("outputTokens").asLong()).isEqualTo(20);
        assertThat(ended.path("finishReason").asText()).isEqualTo("STOP");
        assertThat(ended.path("outputSummary").asText()).isEqualTo("Take the train to Lyon.");
        // (100 × 1 + 20 × 2) / 10^6
        assertThat(ended.path("costUsd").decimalValue()).isEqualByComparingTo("0.00014");
    }

    @Test
    void aStreamedReplyEndsWhenItsFluxCompletesWithTheTokensOfItsLastResponse() {
        JsonNode ended = log.endOf(llmCalls("ScriptedChatModel").get(1)).path("attributes");
        assertThat(ended.path("status").asText()).isEqualTo("completed");
        assertThat(ended.path("inputTokens").asLong()).isEqualTo(40);
        assertThat(ended.path("outputTokens").asLong()).isEqualTo(6);
        assertThat(ended.path("finishReason").asText()).isEqualTo("STOP");
        assertThat(ended.path("outputSummary").asText()).isEqualTo("Sunny all week.");
    }

    @Test
    void aModelThatThrowsEndsItsCallFailed() {
        JsonNode ended = log.endOf(llmCalls("ScriptedChatModel").get(2)).path("attributes");
        assertThat(ended.path("status").asText()).isEqualTo("failed");
        assertThat(ended.at("/error/type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(ended.at("/error/message").asText()).isEqualTo("the scripted model has no reply to that");
    }

    @Test
    void aSpringAiModelOverTheOpenAiSdkIsOneCallOwnedByTheOuterLayer() {
        assertThat(llmCalls("openai")).isEmpty();
        JsonNode started = log.single("llm.started", e -> "OpenAiSdkChatModel".equals(attr(e, "provider")));
        JsonNode ended = log.endOf(started).path("attributes");
        assertThat(ended.path("inputTokens").asLong()).isEqualTo(1200);
        assertThat(ended.path("outputTokens").asLong()).isEqualTo(80);
        assertThat(ended.path("model").asText()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(log.ofType("llm.started")).hasSize(4);
        assertThat(log.ofType("llm.ended")).hasSize(4);
    }

    @Test
    void springAiToolsAreToolsNamedByTheAnnotationElseTheMethodOfRiskLow() {
        JsonNode weather = log.tool("weather.lookup");
        assertThat(weather.at("/attributes/tool/riskLevel").asText()).isEqualTo("low");
        assertThat(weather.at("/attributes/action/name").asText()).isEqualTo("weather.lookup");
        assertThat(attr(log.endOf(weather), "status")).isEqualTo("completed");
        assertThat(attr(log.endOf(weather), "outputSummary")).isEqualTo("Sunny in Lyon");
        assertThat(log.tool("trains").at("/attributes/tool/riskLevel").asText()).isEqualTo("low");
    }

    @Test
    void ourOwnToolOnTheSameMethodWinsAndTheCallIsOnePair() {
        JsonNode reserve = log.tool("booking.reserve_seat");
        assertThat(reserve.at("/attributes/tool/riskLevel").asText()).isEqualTo("high");
        assertThat(log.ofType("tool.started")).extracting(e -> e.at("/attributes/tool/name").asText())
                .containsExactly("weather.lookup", "trains", "booking.reserve_seat", "cancel");
        assertThat(log.ofType("tool.ended")).hasSize(4);
    }

    @Test
    void aToolThatThrowsEndsFailedAndSpringAiStillReportsItsOwnError() {
        JsonNode ended = log.endOf(log.tool("cancel")).path("attributes");
        assertThat(ended.path("status").asText()).isEqualTo("failed");
        assertThat(ended.at("/error/type").asText()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(ended.at("/error/message").asText()).isEqualTo("no booking B-7");
    }
}
