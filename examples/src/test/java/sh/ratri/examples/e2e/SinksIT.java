package sh.ratri.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.examples.support.EventLog;
import sh.ratri.examples.support.ForkedJvm;
import sh.ratri.examples.support.TestBackend;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The otlp, console and http sinks and the local collector, end to end under the real agent jar. */
class SinksIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** OTLP/JSON ids are hex where proto3 JSON has base64: convert, then let the official parser read it. */
    static ExportTraceServiceRequest parse(JsonNode body) throws Exception {
        JsonNode copy = body.deepCopy();
        hexToBase64(copy);
        ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
        JsonFormat.parser().merge(JSON.writeValueAsString(copy), b);
        return b.build();
    }

    private static void hexToBase64(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (String f : List.of("traceId", "spanId", "parentSpanId")) {
                if (o.has(f)) {
                    o.put(f, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(o.get(f).asText())));
                }
            }
        }
        node.forEach(SinksIT::hexToBase64);
    }

    static String attr(List<KeyValue> kvs, String key) {
        return kvs.stream().filter(kv -> kv.getKey().equals(key)).map(kv -> kv.getValue().getStringValue())
                .findFirst().orElse(null);
    }

    @Test
    void otlpSendsTheSupportOpsSessionAsOneTraceOfGenAiSpans(@TempDir Path dir) throws Exception {
        try (TestBackend collector = TestBackend.start()) {
            ForkedJvm.Result r = ForkedJvm.scenario("support-ops").in(dir)
                    .agentArgs("agent.key=support-ops,exporter=jsonl,otlp,otlp.endpoint=" + collector.url()).run();
            EventLog events = r.events();

            List<Span> spans = new ArrayList<>();
            for (TestBackend.Received request : collector.requests()) {
                assertThat(request.path()).isEqualTo("/v1/traces");
                assertThat(request.authorization()).isNull();
                ExportTraceServiceRequest parsed = parse(request.body());
                assertThat(attr(parsed.getResourceSpans(0).getResource().getAttributesList(), "service.name"))
                        .isEqualTo("support-ops");
                parsed.getResourceSpans(0).getScopeSpans(0).getSpansList().forEach(spans::add);
            }
            Map<String, Span> byName = spans.stream().collect(Collectors.toMap(Span::getName, s -> s));
            assertThat(byName).containsOnlyKeys("session pipeline", "invoke_agent Orchestrator",
                    "step Triage ticket", "invoke_agent Response worker", "execute_tool support.compose_reply");

            String sessionId = events.single("session.started").path("sessionId").asText();
            ByteString traceId = ByteString.copyFrom(HexFormat.of().parseHex(sessionId.replace("-", "")));
            assertThat(spans).allMatch(s -> s.getTraceId().equals(traceId));
            Span session = byName.get("session pipeline");
            Span orchestrator = byName.get("invoke_agent Orchestrator");
            Span worker = byName.get("invoke_agent Response worker");
            assertThat(session.getParentSpanId().isEmpty()).isTrue();
            assertThat(orchestrator.getParentSpanId()).isEqualTo(session.getSpanId());
            assertThat(byName.get("step Triage ticket").getParentSpanId()).isEqualTo(orchestrator.getSpanId());
            assertThat(worker.getParentSpanId()).isEqualTo(orchestrator.getSpanId());
            assertThat(byName.get("execute_tool support.compose_reply").getParentSpanId())
                    .isEqualTo(worker.getSpanId());
            assertThat(worker.getLinks(0).getSpanId()).isEqualTo(orchestrator.getSpanId());
            assertThat(attr(worker.getAttributesList(), "gen_ai.operation.name")).isEqualTo("invoke_agent");
            assertThat(attr(worker.getAttributesList(), "gen_ai.conversation.id")).isEqualTo(sessionId);
            assertThat(session.getEndTimeUnixNano()).isGreaterThan(session.getStartTimeUnixNano());
            assertThat(r.stderr()).contains("ratri: otlp: 5 spans delivered to " + collector.url() + "/v1/traces");
        }
    }

    @Test
    void consolePrintsALiveIndentedTree(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.scenario("support-ops").in(dir).agentArgs("exporter=console").run();
        List<String> tree = r.stderrLines().stream().filter(l -> l.startsWith("ratri ")).toList();
        assertThat(tree).hasSize(12);
        assertThat(tree.get(0)).startsWith("ratri > session pipeline \"Handle urgent enterprise support escalation\"");
        assertThat(tree.get(1)).isEqualTo("ratri   > run orchestrator \"Orchestrator\" #0 (orchestrator)");
        assertThat(tree.get(2)).isEqualTo("ratri     > step triage-ticket \"Triage ticket\" #1");
        assertThat(tree.get(3)).matches("ratri     < step triage-ticket completed \\d+\\.\\d ms");
        assertThat(tree).contains("ratri       > tool support.compose_reply risk=low write on work_item SUP-123");
        assertThat(tree).anyMatch(l -> l.matches("ratri       < tool support.compose_reply risk=low completed \\d+\\.\\d ms"));
        assertThat(tree.get(11)).matches("ratri < session pipeline completed \\d+\\.\\d ms");
        assertThat(Files.exists(dir.resolve("ratri-events"))).isFalse();
    }

    @Test
    void collectReceivesFromTwoJvmsAndReplayShowsBoth(@TempDir Path dir) throws Exception {
        int port = TestBackend.freePort();
        ForkedJvm.Running collector = ForkedJvm.startCli(dir, "collect", "--port", String.valueOf(port), "--dir",
                "collected", "--api-key", "k3y-for-test");
        try {
            assertThat(collector.awaitStdout("ratri: collecting on http://127.0.0.1:" + port + "/v1/events", 30_000))
                    .isTrue();
            String args = "agent.key=support-ops,exporter=http,endpoint=http://127.0.0.1:" + port
                    + ",api.key=k3y-for-test";
            for (String app : List.of("a", "b")) {
                ForkedJvm.Result r = ForkedJvm.scenario("support-ops").in(Files.createDirectory(dir.resolve(app)))
                        .agentArgs(args).run();
                assertThat(r.stderrLines()).containsExactly(
                        "ratri: http: 12 events delivered to http://127.0.0.1:" + port + "/v1/events");
            }
            ForkedJvm.Result wrongKey = ForkedJvm.scenario("support-ops").in(Files.createDirectory(dir.resolve("c")))
                    .agentArgs("exporter=http,endpoint=http://127.0.0.1:" + port + ",api.key=wr0ng-key").run();
            assertThat(wrongKey.stderr()).contains("answered 401").contains("(check api.key)")
                    .contains("12 refused by the backend").doesNotContain("wr0ng-key");
        } finally {
            collector.stop();
        }
        assertThat(EventLog.read(dir.resolve("collected")).all()).hasSize(24);
        ForkedJvm.Result replay = ForkedJvm.cli(dir, "replay", "collected");
        assertThat(replay.stdout().lines().filter(l -> l.startsWith("session "))).hasSize(2);
    }

    @Test
    void startStaysSilentOnJdk17And25WithEverySink(@TempDir Path dir) throws Exception {
        for (Path javaHome : List.of(Path.of(System.getProperty("java.home")), ForkedJvm.TEMURIN_25)) {
            if (!Files.isDirectory(javaHome)) {
                continue;
            }
            Path run = Files.createTempDirectory(dir, "jdk");
            try (TestBackend backend = TestBackend.start()) {
                ForkedJvm.Result quiet = ForkedJvm.scenario("quiet").in(run).javaHome(javaHome)
                        .agentArgs("exporter=http,otlp,jsonl,endpoint=" + backend.url() + ",otlp.endpoint="
                                + backend.url()).run();
                assertThat(quiet.stderr()).as(javaHome.toString()).isEmpty();
                ForkedJvm.Result traced = ForkedJvm.scenario("support-ops").in(run).javaHome(javaHome)
                        .agentArgs("exporter=http,otlp,endpoint=" + backend.url() + ",otlp.endpoint="
                                + backend.url()).run();
                assertThat(traced.stderrLines()).as(javaHome.toString()).containsExactly(
                        "ratri: http: 12 events delivered to " + backend.url() + "/v1/events",
                        "ratri: otlp: 5 spans delivered to " + backend.url() + "/v1/traces");
            }
        }
    }
}
