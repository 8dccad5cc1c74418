package sh.ratri.agent.export.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import sh.ratri.agent.config.AgentConfig;
import sh.ratri.agent.export.Batch;
import sh.ratri.agent.export.EventJson;
import sh.ratri.agent.json.JsonObject;
import sh.ratri.agent.timeline.Event;

class ConsoleSinkTest {

    private final EventJson json = EventJson.startingNow(
            AgentConfig.from("agent.key=app,agent.name=App,redact.keys=token", new Properties(), Map.of()));
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final ConsoleSink sink = new ConsoleSink(json, new PrintStream(printed, true, StandardCharsets.UTF_8));

    private Batch batch(int size, long firstSequence) {
        Batch batch = new Batch(size);
        for (int i = 0; i < size; i++) {
            batch.add(Event.dropped(System.nanoTime(), "main", 1, i + 1), firstSequence + i);
        }
        return batch;
    }

    @Test
    void linesWaitForTheFlushWhileFew() throws IOException {
        sink.write(batch(3, 0));
        assertThat(printed.size()).isZero();

        sink.flush();
        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).hasSize(3);
    }

    @Test
    void aBacklogWithNoFlushIsPrintedOnceTheBufferIsFull() throws IOException {
        // under a backlog the exporter never flushes: what the sink holds must stay bounded
        for (int b = 0; b < 20; b++) {
            sink.write(batch(512, b * 512L));
        }

        assertThat(printed.size()).isPositive();
        sink.flush();
        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).hasSize(20 * 512);
    }

    private static JsonObject decision(String decision, String rule, String reason, JsonObject approval) {
        JsonObject attributes = new JsonObject().with("decision", decision).with("rule", rule)
                .with("tool", "deploy.production").with("reason", reason);
        if (approval != null) {
            attributes.put("approval", approval);
        }
        return new JsonObject().with("type", "policy.decision").with("sessionId", "s-1").with("runId", "r-1")
                .with("toolCallId", "t-1").with("attributes", attributes);
    }

    @Test
    void flagBlockAndApprovedDecisionsGetALineAtTheirToolsDepthAndAllowStaysQuiet() {
        sink.line(new JsonObject().with("type", "session.started").with("sessionId", "s-1")
                .with("attributes", new JsonObject().with("kind", "pipeline")));
        sink.line(new JsonObject().with("type", "run.started").with("sessionId", "s-1").with("runId", "r-1")
                .with("attributes", new JsonObject().with("stepKey", "deployer").with("stepName", "Deployer")
                        .with("stepIndex", 0).with("role", "orchestrator")));
        sink.line(decision("allow", "allowed", "declared", null));
        sink.line(decision("flag", "tool-not-declared", "not among the tools of run deployer", null));
        sink.line(decision("block", "approval-required", "critical risk needs an approval", null));
        sink.line(decision("approved", "approved", "approval APR-7 matches",
                new JsonObject().with("id", "APR-7").with("approver", "alice")));
        sink.flush();

        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "ratri > session pipeline  s-1",
                "ratri   > run deployer \"Deployer\" #0 (orchestrator)",
                "ratri     ! policy flag deploy.production (tool-not-declared): not among the tools of run deployer",
                "ratri     ! policy block deploy.production (approval-required): critical risk needs an approval",
                "ratri     + policy approved deploy.production by alice (APR-7)");
    }
}
