package sh.ratri.frameworks.reactor;

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
 * Methods returning Mono and Flux, under the real agent jar in a forked JVM with Reactor from
 * Maven Central: their items end when the publisher terminates, and the context follows the
 * pipeline across Reactor's schedulers.
 */
class ReactorIT {

    private static final String[] SCENARIOS = {"delayed", "error", "cancel", "flux", "take", "twice", "never",
            "pipeline"};

    @TempDir
    static Path dir;
    private static ForkedJvm.Result result;
    private static EventLog log;

    @BeforeAll
    static void runTheApplication() throws Exception {
        result = run(dir, null);
        log = result.events();
    }

    static ForkedJvm.Result run(Path workDir, Path javaHome) throws Exception {
        ForkedJvm fork = ForkedJvm.main(ReactorApp.class.getName(), applicationClassPath(), SCENARIOS).in(workDir);
        if (javaHome != null) {
            fork.javaHome(javaHome);
        }
        return fork.run();
    }

    /** The application's own classes, Reactor and the annotations: what its users would run it with. */
    private static List<Path> applicationClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.contains("ratri-frameworks-reactor") || e.contains("reactor-core")
                        || e.contains("reactive-streams")
                        || e.contains("ratri-annotations"))
                .map(Path::of).toList();
    }

    @Test
    void applicationSeesWhatItWouldWithoutTheAgentAndTheAgentStartsSilently() {
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout().lines().toList()).containsExactly(
                "delayed: customer acme",
                "error: fallback",
                "cancel: timed out",
                "flux: [T-1, T-2, T-3, T-4]",
                "take: [T-1, T-2, T-3]",
                "twice: [customer twice, customer twice]",
                "never: not subscribed",
                "pipeline: [account:boundedElastic, billing:boundedElastic, product:single, refund:parallel, "
                        + "shipping:parallel, notes:parallel]");
        assertThat(result.stderrLines()).allMatch(line -> line.startsWith("ratri: ") && line.contains("replay"));
    }

    @Test
    void everyEventIsSchemaValidAndEveryCallIsOnePair() {
        EventSchema.assertAllValid(log.all());
        for (JsonNode started : log.ofType("tool.started")) {
            if (!"never".equals(resource(started))) {
                assertThat(log.endOf(started)).isNotNull();
            }
        }
        assertThat(log.ofType("tool.started")).hasSize(log.ofType("tool.ended").size() + 1);
    }

    @Test
    void monoToolEndsWhenItsValueArrivesWithTheValueAsOutput() {
        JsonNode ended = log.endOf(call("crm.lookup", "acme"));
        assertThat(attr(ended, "status")).isEqualTo("completed");
        assertThat(ended.at("/attributes/durationMs").asDouble()).isGreaterThanOrEqualTo(200);
        assertThat(attr(ended, "outputSummary")).isEqualTo("customer acme");
    }

    @Test
    void monoErrorEndsTheToolFailedWithTheError() {
        JsonNode ended = log.endOf(call("crm.lookup_failing", "acme"));
        assertThat(attr(ended, "status")).isEqualTo("failed");
        assertThat(ended.at("/attributes/error/type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(ended.at("/attributes/error/message").asText()).isEqualTo("crm down for acme");
        assertThat(ended.at("/attributes/durationMs").asDouble()).isGreaterThanOrEqualTo(100);
    }

    @Test
    void cancelledSubscriptionEndsTheToolFailedWithACancellation() {
        JsonNode ended = log.endOf(call("crm.lookup", "slow"));
        assertThat(attr(ended, "status")).isEqualTo("failed");
        assertThat(ended.at("/attributes/error/type").asText()).isEqualTo("java.util.concurrent.CancellationException");
        assertThat(ended.at("/attributes/durationMs").asDouble()).isGreaterThanOrEqualTo(50);
    }

    @Test
    void fluxToolEndsWhenItCompletesWithItsItemCountAsOutput() {
        JsonNode ended = log.endOf(call("tickets.list", "4"));
        assertThat(attr(ended, "status")).isEqualTo("completed");
        assertThat(attr(ended, "outputSummary")).isEqualTo("4 items");
    }

    @Test
    void fluxCutShortByTakeEndsCancelledAfterTheItemsItGave() {
        JsonNode ended = log.endOf(call("tickets.list", "10"));
        assertThat(attr(ended, "status")).isEqualTo("failed");
        assertThat(ended.at("/attributes/error/type").asText()).isEqualTo("java.util.concurrent.CancellationException");
        assertThat(ended.at("/attributes/error/message").asText()).isEqualTo("cancelled by the subscriber after 3 items");
    }

    @Test
    void monoSubscribedTwiceIsOneCallEndedByItsFirstSubscription() {
        JsonNode ended = log.endOf(call("crm.lookup", "twice"));
        assertThat(attr(ended, "status")).isEqualTo("completed");
        assertThat(ended.at("/attributes/durationMs").asDouble()).isGreaterThanOrEqualTo(200);
    }

    @Test
    void monoNeverSubscribedStaysUnfinished() {
        JsonNode started = call("crm.lookup", "never");
        assertThat(log.ofType("tool.ended")).noneMatch(e -> text(started, "toolCallId").equals(text(e, "toolCallId")));
    }

    @Test
    void toolsNestedAcrossReactorSchedulersKeepTheRunThatReturnedTheFlux() {
        assertNestedToolsKeepTheirRun(log);
    }

    @Test
    void toolsNestedAcrossReactorSchedulersKeepTheirRunOnJdk25(@TempDir Path jdk25) throws Exception {
        ForkedJvm.Result r = run(jdk25, ForkedJvm.TEMURIN_25);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("delayed: customer acme");
        assertThat(r.stderrLines()).allMatch(line -> line.startsWith("ratri: ") && line.contains("replay"));
        EventLog events = r.events();
        EventSchema.assertAllValid(events.all());
        assertNestedToolsKeepTheirRun(events);
        JsonNode delayed = events.endOf(events.single("tool.started",
                e -> "acme".equals(resource(e)) && "crm.lookup".equals(
                        e.at("/attributes/tool/name").asText())));
        assertThat(delayed.at("/attributes/durationMs").asDouble()).isGreaterThanOrEqualTo(200);
    }

    @Test
    void blockedMonoToolThrowsAtTheCallWithoutRunningItsBodyAndEndsBlocked(@TempDir Path blockedDir)
            throws Exception {
        Path capabilities = Files.writeString(blockedDir.resolve("capabilities.json"),
                "{\"agents\": {\"reactive-bot\": {\"runs\": {\"*\": {\"tools\": [\"tickets.*\"]}}}}}");
        ForkedJvm.Result r = ForkedJvm.main(ReactorApp.class.getName(), applicationClassPath(), "blocked")
                .in(blockedDir).agentArgs("agent.key=reactive-bot,mode=enforce,capabilities=" + capabilities).run();
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().lines().toList()).containsExactly("blocked: blocked tool-not-declared, bodies run: 0");
        EventLog events = r.events();
        EventSchema.assertAllValid(events.all());
        JsonNode started = events.single("tool.started", e -> "blocked".equals(resource(e)));
        JsonNode decision = events.single("policy.decision");
        assertThat(attr(decision, "decision")).isEqualTo("block");
        assertThat(attr(decision, "rule")).isEqualTo("tool-not-declared");
        assertThat(started.path("sequence").asLong()).isEqualTo(decision.path("sequence").asLong() + 1);
        JsonNode ended = events.endOf(started);
        assertThat(attr(ended, "status")).isEqualTo("blocked");
        assertThat(ended.at("/attributes/error/type").asText()).isEqualTo("sh.ratri.ToolBlockedException");
    }

    private static void assertNestedToolsKeepTheirRun(EventLog all) {
        EventLog session = all.session("reactive", "Handle T-1");
        JsonNode run = session.started("run.started", "orchestrator");
        JsonNode runEnded = session.endOf(run);
        assertThat(attr(runEnded, "status")).isEqualTo("completed");
        assertThat(attr(runEnded, "outputSummary")).isEqualTo("6 items");
        List<JsonNode> classified = session.ofType("tool.started").stream()
                .filter(e -> "triage.classify".equals(e.at("/attributes/tool/name").asText())).toList();
        assertThat(classified).extracting(e -> resource(e)).containsExactlyInAnyOrder(
                "billing", "account", "product", "refund", "shipping", "notes");
        JsonNode summarise = session.tool("notes.summarise");
        for (JsonNode tool : concat(classified, summarise)) {
            assertThat(text(tool, "runId")).as(resource(tool)).isEqualTo(text(run, "runId"));
            JsonNode ended = session.endOf(tool);
            assertThat(attr(ended, "status")).isEqualTo("completed");
        }
        assertThat(all.ofType("session.started")).noneMatch(
                e -> "implicit".equals(attr(e, "kind")) && all.inSession(text(e, "sessionId")).ofType("tool.started")
                        .stream().anyMatch(t -> t.at("/attributes/tool/name").asText().startsWith("triage")
                                || t.at("/attributes/tool/name").asText().startsWith("notes")));
    }

    private static List<JsonNode> concat(List<JsonNode> list, JsonNode one) {
        return java.util.stream.Stream.concat(list.stream(), java.util.stream.Stream.of(one)).toList();
    }

    private static String resource(JsonNode toolStarted) {
        return toolStarted.at("/attributes/resource/externalId").asText();
    }

    private static JsonNode call(String tool, String inputSummary) {
        return log.single("tool.started", e -> tool.equals(e.at("/attributes/tool/name").asText())
                && inputSummary.equals(resource(e)));
    }
}
