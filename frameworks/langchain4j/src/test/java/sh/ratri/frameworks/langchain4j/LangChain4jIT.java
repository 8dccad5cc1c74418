package sh.ratri.frameworks.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.examples.support.EventLog;
import sh.ratri.examples.support.EventSchema;
import sh.ratri.examples.support.ForkedJvm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.examples.support.EventLog.attr;
import static sh.ratri.examples.support.EventLog.text;

/**
 * The LangChain4j 1.19.0 / langchain4j-agentic 1.19.0-beta29 support desk, which imports nothing of
 * Ratri, under the real agent jar in forked JVMs: agents, handoffs and tools with no code change.
 */
class LangChain4jIT {

    private static final String REPLY = "Hello Acme Corp, we are on SUP-123 right now (urgent).";
    private static final String REFUND_REPLY = "Refund not possible right now: payment gateway unavailable for ORD-9";

    private static final Path PRICING = Path.of("pricing.json").toAbsolutePath();

    private static Path app() {
        return ForkedJvm.copiedJar("ratri.langchain4jAppJar", "target/langchain4j-support.jar");
    }

    @Test
    void workflowIsARunItsAgentsChildRunsEachDelegationAHandoffToolsRecordArgumentsAndModelCallsTokensAndCost(@TempDir Path dir)
            throws Exception {
        ForkedJvm.Result plain = ForkedJvm.jar(app()).in(Files.createDirectory(dir.resolve("plain"))).withoutAgent().run();
        ForkedJvm.Result r = ForkedJvm.jar(app()).in(Files.createDirectory(dir.resolve("traced")))
                .agentArgs("pricing=" + PRICING).run();

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo(plain.stdout()).isEqualTo(REPLY + System.lineSeparator());
        assertThat(r.stderrLines()).singleElement().asString().startsWith("ratri: 22 events (1 session) written");
        EventLog log = r.events();
        EventSchema.assertAllValid(log.all());
        assertThat(log.types()).containsExactly("session.started", "run.started",
                "handoff.requested", "run.started", "handoff.completed", "llm.started", "llm.ended", "run.ended",
                "handoff.requested", "run.started", "handoff.completed", "llm.started", "llm.ended",
                "tool.started", "tool.ended", "tool.started", "tool.ended", "llm.started", "llm.ended", "run.ended",
                "run.ended", "session.ended");

        JsonNode orchestrator = log.started("run.started", "support-orchestrator");
        String orchestratorId = text(orchestrator, "runId");
        assertThat(attr(orchestrator, "stepName")).isEqualTo("Support orchestrator");
        assertThat(attr(orchestrator, "role")).isEqualTo("orchestrator");
        assertThat(orchestrator.at("/attributes/stepIndex").asInt()).isZero();
        assertThat(orchestrator.has("parentRunId")).isFalse();
        assertThat(attr(log.endOf(orchestrator), "outputSummary")).isEqualTo(REPLY);

        JsonNode triage = log.started("run.started", "triage");
        JsonNode worker = log.started("run.started", "response-worker");
        for (JsonNode agent : List.of(triage, worker)) {
            assertThat(text(agent, "parentRunId")).isEqualTo(orchestratorId);
            assertThat(attr(agent, "role")).isEqualTo("worker");
            assertThat(attr(log.endOf(agent), "status")).isEqualTo("completed");
        }
        assertThat(attr(triage, "stepName")).isEqualTo("Triage agent");
        assertThat(attr(log.endOf(triage), "outputSummary")).isEqualTo("urgent");
        assertThat(attr(worker, "stepName")).isEqualTo("Response worker");

        List<JsonNode> requested = log.ofType("handoff.requested");
        List<JsonNode> completed = log.ofType("handoff.completed");
        assertThat(requested).hasSize(2).allSatisfy(h -> {
            assertThat(attr(h, "sourceRunId")).isEqualTo(orchestratorId);
            assertThat(attr(h, "reason")).isEqualTo("Delegate to sub-agent");
        });
        assertThat(text(completed.get(0), "runId")).isEqualTo(text(triage, "runId"));
        assertThat(text(completed.get(1), "runId")).isEqualTo(text(worker, "runId"));
        assertThat(text(completed.get(1), "handoffId")).isEqualTo(text(requested.get(1), "handoffId"));

        JsonNode lookup = log.tool("crm_lookup");
        assertThat(text(lookup, "runId")).isEqualTo(text(worker, "runId"));
        assertThat(lookup.at("/attributes/tool/riskLevel").asText()).isEqualTo("low");
        assertThat(lookup.at("/attributes/action/type").asText()).isEqualTo("execute");
        assertThat(lookup.at("/attributes/action/name").asText()).isEqualTo("crm_lookup");
        assertThat(attr(lookup, "inputSummary")).isEqualTo("ticketId=SUP-123");
        assertThat(attr(log.endOf(lookup), "outputSummary")).isEqualTo("Acme Corp (enterprise, since 2019)");
        JsonNode compose = log.tool("composeReply");
        assertThat(text(compose, "runId")).isEqualTo(text(worker, "runId"));
        assertThat(attr(compose, "inputSummary")).isEqualTo("ticketId=SUP-123, customer=Acme Corp, tone=urgent");
        assertThat(attr(log.endOf(compose), "outputSummary")).isEqualTo(REPLY);

        // each model call is one pair in the run it is made in, with the reply's tokens, priced
        List<JsonNode> calls = log.ofType("llm.started");
        List<JsonNode> replies = log.ofType("llm.ended");
        assertThat(calls).extracting(c -> text(c, "runId"))
                .containsExactly(text(triage, "runId"), text(worker, "runId"), text(worker, "runId"));
        assertThat(calls).allSatisfy(c -> {
            assertThat(attr(c, "provider")).isEqualTo("ScriptedChatModel");
            assertThat(attr(c, "operation")).isEqualTo("chat");
        });
        assertThat(replies).extracting(e -> text(e, "llmCallId"))
                .containsExactlyElementsOf(calls.stream().map(c -> text(c, "llmCallId")).toList());
        assertThat(replies).extracting(e -> attr(e, "model")).containsOnly("scripted-support-1");
        assertThat(replies).extracting(e -> e.at("/attributes/inputTokens").asLong()).containsExactly(52L, 118L, 190L);
        assertThat(replies).extracting(e -> e.at("/attributes/outputTokens").asLong()).containsExactly(1L, 40L, 24L);
        assertThat(replies).extracting(e -> attr(e, "finishReason")).containsExactly("stop", "tool_execution", "stop");
        assertThat(replies).extracting(e -> e.at("/attributes/costUsd").asDouble())
                .containsExactly(0.00014, 0.000695, 0.000715);
        assertThat(attr(replies.get(2), "outputSummary")).isEqualTo(REPLY);
        assertThat(attr(calls.get(0), "inputSummary")).isEqualTo(
                "Triage this support ticket and answer with one word, its priority: SUP-123: checkout is down for all our users");
        assertThat(attr(calls.get(2), "inputSummary")).isEqualTo(REPLY); // the last tool result it answers from

        ForkedJvm.Result replay = ForkedJvm.cli(r.workDir(), "replay");
        assertThat(replay.stdout().lines().findFirst().orElseThrow())
                .contains("llm 3 calls  360 in / 65 out tokens  $0.00155");
        assertThat(replay.stdout()).contains("run response-worker \"Response worker\" #2 (worker)")
                .contains("llm 2 calls  308 in / 64 out tokens  $0.00141");
    }

    @Test
    void aToolThatThrowsIsFailedAndLangChain4jStillAnswersWithTheError(@TempDir Path dir) throws Exception {
        ForkedJvm.Result plain = ForkedJvm.jar(app(), "refund").in(Files.createDirectory(dir.resolve("plain")))
                .withoutAgent().run();
        ForkedJvm.Result r = ForkedJvm.jar(app(), "refund").in(Files.createDirectory(dir.resolve("traced"))).run();

        assertThat(r.stdout()).isEqualTo(plain.stdout()).isEqualTo(REFUND_REPLY + System.lineSeparator());
        EventLog log = r.events();
        EventSchema.assertAllValid(log.all());
        assertThat(log.types()).containsExactly("session.started", "run.started", "llm.started", "llm.ended",
                "tool.started", "tool.ended", "llm.started", "llm.ended", "run.ended", "session.ended");
        JsonNode service = log.started("run.started", "refund-assistant");
        assertThat(attr(service, "stepName")).isEqualTo("Refund assistant");
        assertThat(attr(log.endOf(service), "status")).isEqualTo("completed");
        JsonNode refund = log.tool("refund");
        assertThat(attr(refund, "inputSummary")).isEqualTo("orderId=ORD-9");
        JsonNode ended = log.endOf(refund);
        assertThat(attr(ended, "status")).isEqualTo("failed");
        assertThat(ended.at("/attributes/error/type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(ended.at("/attributes/error/message").asText()).isEqualTo("payment gateway unavailable for ORD-9");
    }

    @Test
    void ourOwnToolAnnotationOnTheSameMethodWinsWithOnePairOfEvents(@TempDir Path dir) throws Exception {
        List<Path> classPath = List.of(app(), Path.of("target/test-classes").toAbsolutePath());
        ForkedJvm.Result r = ForkedJvm.main(AnnotatedSupportTools.class.getName(), classPath).in(dir).run();

        assertThat(r.stdout().trim()).isEqualTo(REPLY);
        EventLog log = r.events();
        assertThat(log.ofType("tool.started")).hasSize(2);
        assertThat(log.ofType("tool.ended")).hasSize(2);
        JsonNode lookup = log.tool("crm.lookup");
        assertThat(lookup.at("/attributes/tool/riskLevel").asText()).isEqualTo("medium");
        assertThat(lookup.at("/attributes/action/type").asText()).isEqualTo("read");
        assertThat(attr(lookup, "inputSummary")).isEqualTo("ticketId=SUP-123");
        assertThat(log.ofType("run.started")).hasSize(3);
    }

    @Test
    void aStreamingChatIsOnePairInItsRunEndedWhenTheCompleteReplyArrivesOnTheModelsThread(@TempDir Path dir)
            throws Exception {
        ForkedJvm.Result plain = streamingDesk(Files.createDirectory(dir.resolve("plain")), false);
        ForkedJvm.Result r = streamingDesk(Files.createDirectory(dir.resolve("traced")), true);

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo(plain.stdout())
                .isEqualTo(String.join(System.lineSeparator(), "part: Hello ", "part: Acme Corp",
                        "complete: Hello Acme Corp", ""));
        EventLog log = r.events();
        EventSchema.assertAllValid(log.all());
        // chat(...) returned before the reply: the tool ran in between, and the call ends after it
        assertThat(log.types()).containsExactly("session.started", "run.started", "llm.started", "tool.started",
                "tool.ended", "llm.ended", "run.ended", "session.ended");
        JsonNode run = log.started("run.started", "streaming-desk");
        JsonNode call = log.single("llm.started");
        JsonNode ended = log.single("llm.ended");
        assertThat(text(call, "runId")).isEqualTo(text(run, "runId"));
        assertThat(text(ended, "llmCallId")).isEqualTo(text(call, "llmCallId"));
        assertThat(attr(call, "provider")).isEqualTo("ScriptedStreamingChatModel");
        assertThat(attr(call, "inputSummary")).isEqualTo("Greet the customer of SUP-123");
        assertThat(ended.get("sequence").asLong()).isGreaterThan(log.endOf(log.tool("ticket.queue")).get("sequence").asLong());
        assertThat(ended.at("/attributes/durationMs").asLong())
                .isGreaterThanOrEqualTo(ScriptedStreamingChatModel.COMPLETION_DELAY_MS);
        assertThat(attr(ended, "status")).isEqualTo("completed");
        assertThat(text(ended, "thread")).isEqualTo("scripted-stream");
        assertThat(attr(ended, "model")).isEqualTo(ScriptedStreamingChatModel.MODEL);
        assertThat(ended.at("/attributes/inputTokens").asLong()).isEqualTo(40);
        assertThat(ended.at("/attributes/outputTokens").asLong()).isEqualTo(6);
        assertThat(attr(ended, "finishReason")).isEqualTo("stop");
        assertThat(ended.at("/attributes/costUsd").asDouble()).isEqualTo(0.00029);
        assertThat(attr(ended, "outputSummary")).isEqualTo("Hello Acme Corp");
    }

    @Test
    void aStreamingChatWhoseHandlerGetsAnErrorIsFailedWithThatError(@TempDir Path dir) throws Exception {
        ForkedJvm.Result plain = streamingDesk(Files.createDirectory(dir.resolve("plain")), false, "fail");
        ForkedJvm.Result r = streamingDesk(Files.createDirectory(dir.resolve("traced")), true, "fail");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo(plain.stdout()).endsWith("error: stream broke after 2 parts" + System.lineSeparator());
        EventLog log = r.events();
        EventSchema.assertAllValid(log.all());
        assertThat(log.types()).containsExactly("session.started", "run.started", "llm.started", "tool.started",
                "tool.ended", "llm.ended", "run.ended", "session.ended");
        JsonNode ended = log.single("llm.ended");
        assertThat(attr(ended, "status")).isEqualTo("failed");
        assertThat(ended.at("/attributes/error/type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(ended.at("/attributes/error/message").asText()).isEqualTo("stream broke after 2 parts");
        assertThat(ended.at("/attributes/durationMs").asLong())
                .isGreaterThanOrEqualTo(ScriptedStreamingChatModel.COMPLETION_DELAY_MS);
        assertThat(attr(log.endOf(log.started("run.started", "streaming-desk")), "status")).isEqualTo("completed");
    }

    private static ForkedJvm.Result streamingDesk(Path dir, boolean traced, String... args) throws Exception {
        List<Path> classPath = List.of(app(), Path.of("target/test-classes").toAbsolutePath());
        ForkedJvm main = ForkedJvm.main(StreamingDesk.class.getName(), classPath, args).in(dir);
        return traced ? main.agentArgs("pricing=" + PRICING).run() : main.withoutAgent().run();
    }

    @Test
    void recognizeNoneRecordsNothingAndPrintsNothing(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.jar(app()).in(dir).agentArgs("recognize=none").run();

        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout().trim()).isEqualTo(REPLY);
        assertThat(r.stderr()).isEmpty();
        assertThat(dir.resolve("ratri-events")).doesNotExist();
    }

    @Test
    void recognizeOtherFrameworksLeavesLangChain4jAlone(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.jar(app()).in(dir).agentArgs("recognize=openai,anthropic").run();

        assertThat(r.stdout().trim()).isEqualTo(REPLY);
        assertThat(r.stderr()).isEmpty();
        assertThat(dir.resolve("ratri-events")).doesNotExist();
    }

    @Test
    void anApplicationWithoutTheseLibrariesStartsSilentlyWithRecognitionOn(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.jar(ForkedJvm.examplesJar(), "quiet").in(dir).run();

        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout().trim()).isEqualTo("nothing traced");
        assertThat(r.stderr()).isEmpty();
    }
}
