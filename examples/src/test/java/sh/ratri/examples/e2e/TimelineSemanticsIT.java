package sh.ratri.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.examples.support.EventLog;
import sh.ratri.examples.support.EventSchema;
import sh.ratri.examples.support.ForkedJvm;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.examples.support.EventLog.attr;
import static sh.ratri.examples.support.EventLog.text;

/** Exceptions, defaults, templates and the edges of DESIGN §2, each in a forked JVM under the agent. */
class TimelineSemanticsIT {

    @Test
    void failingToolEndsEveryLevelFailedAndTheCallerSeesTheSameException(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.scenario("failing-tool").in(dir).run();
        assertThat(r.stdout().trim())
                .isEqualTo("caught java.lang.IllegalStateException: payment gateway unavailable for ORD-9");
        EventLog log = r.events();
        EventSchema.assertAllValid(log.all());
        for (String type : new String[] {"tool.ended", "run.ended", "session.ended"}) {
            JsonNode ended = log.single(type);
            assertThat(attr(ended, "status")).as(type).isEqualTo("failed");
            assertThat(ended.at("/attributes/error/type").asText()).isEqualTo("java.lang.IllegalStateException");
            assertThat(ended.at("/attributes/error/message").asText())
                    .isEqualTo("payment gateway unavailable for ORD-9");
            assertThat(ended.path("attributes").has("outputSummary")).isFalse();
        }
    }

    @Test
    void defaultsComeFromTheMethodNamesAndOrderOfEntry(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.scenario("defaults").in(dir).run();
        assertThat(r.stdout().trim()).isEqualTo("flights: 3");
        EventLog log = r.events();
        EventSchema.assertAllValid(log.all());

        JsonNode session = log.single("session.started");
        assertThat(attr(session, "kind")).isEqualTo("session");
        assertThat(attr(session, "inputSummary")).isEmpty();
        assertThat(session.at("/attributes/metadata").size()).isZero();

        JsonNode run = log.started("run.started", "travel-planner");
        assertThat(attr(run, "stepName")).isEqualTo("Travel planner");
        assertThat(attr(run, "role")).isEqualTo("orchestrator");
        assertThat(run.at("/attributes/stepIndex").asInt()).isEqualTo(0);

        JsonNode step = log.started("step.started", "check-weather-forecast");
        assertThat(attr(step, "stepName")).isEqualTo("Check weather forecast");
        assertThat(step.at("/attributes/stepIndex").asInt()).isEqualTo(1);

        JsonNode child = log.started("run.started", "booking-worker");
        assertThat(attr(child, "role")).isEqualTo("worker");
        assertThat(child.at("/attributes/stepIndex").asInt()).isEqualTo(2);
        assertThat(text(child, "parentRunId")).isEqualTo(text(run, "runId"));

        JsonNode tool = log.tool("Defaults.lookupFlights");
        assertThat(tool.at("/attributes/tool/riskLevel").asText()).isEqualTo("low");
        assertThat(tool.at("/attributes/action/type").asText()).isEqualTo("execute");
        assertThat(tool.at("/attributes/action/name").asText()).isEqualTo("Defaults.lookupFlights");
        assertThat(tool.path("attributes").has("resource")).isFalse();
        assertThat(attr(log.endOf(tool), "outputSummary")).isEqualTo("3");
    }

    @Test
    void templatesResolveFromNamesPositionsAndProperties(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.scenario("templates").in(dir).run();
        assertThat(r.stdout().trim()).isEqualTo("shipped");
        EventLog log = r.events();
        EventSchema.assertAllValid(log.all());

        JsonNode session = log.single("session.started");
        assertThat(attr(session, "inputSummary")).isEqualTo("Ship ORD-7 to Ada");
        assertThat(session.at("/attributes/metadata/tier").asText()).isEqualTo("gold");
        assertThat(session.at("/attributes/metadata/quantity").asText()).isEqualTo("3");

        JsonNode run = log.started("run.started", "dispatch-ORD-7");
        assertThat(attr(run, "stepName")).isEqualTo("Dispatch ORD-7");

        JsonNode handoff = log.single("handoff.requested");
        assertThat(attr(handoff, "reason")).isEqualTo("Carrier for ORD-7");
        assertThat(handoff.at("/attributes/payloadSummary/orderId").asText()).isEqualTo("ORD-7");
        assertThat(handoff.at("/attributes/payloadSummary/boxes").asText()).isEqualTo("2");
        assertThat(handoff.at("/attributes/payloadSummary/unknown").asText()).isEqualTo("{nope}");

        JsonNode tool = log.tool("shipping.label");
        assertThat(tool.at("/attributes/resource/externalId").asText()).isEqualTo("ORD-7");
        assertThat(tool.at("/attributes/action/type").asText()).isEqualTo("create");
        assertThat(attr(log.endOf(tool), "outputSummary")).isEqualTo("label for ORD-7 note null");
    }

    @Test
    void anUnresolvableTemplateIsReportedOnceAtWeaveTime(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.scenario("templates").in(dir).run();
        assertThat(r.stderrLines()).filteredOn(l -> l.contains("{nope}")).containsExactly(
                "ratri: template in @Handoff on Templates.handOver: {nope}: no parameter named 'nope' "
                        + "(parameters: orderId, boxes); left literal");
    }

    @Test
    void aToolWithNoSessionOpensAnImplicitOne(@TempDir Path dir) throws Exception {
        EventLog log = ForkedJvm.scenario("edges").in(dir).run().events();
        JsonNode tool = log.tool("search.web");
        JsonNode session = log.single("session.started", e -> text(e, "sessionId").equals(text(tool, "sessionId")));
        assertThat(attr(session, "kind")).isEqualTo("implicit");
        assertThat(tool.has("runId")).isFalse();
        assertThat(attr(log.endOf(session), "status")).isEqualTo("completed");
    }

    @Test
    void aNestedSessionJoinsTheOpenOne(@TempDir Path dir) throws Exception {
        EventLog log = ForkedJvm.scenario("edges").in(dir).run().events();
        assertThat(log.ofType("session.started")).extracting(e -> attr(e, "kind"))
                .containsExactly("implicit", "outer", "same-method", "implicit", "implicit");
        JsonNode outer = log.single("session.started", e -> "outer".equals(attr(e, "kind")));
        assertThat(text(log.started("run.started", "edge-agent"), "sessionId")).isEqualTo(text(outer, "sessionId"));
    }

    @Test
    void aHandoffThatNoChildRunTakesFails(@TempDir Path dir) throws Exception {
        EventLog log = ForkedJvm.scenario("edges").in(dir).run().events();
        EventSchema.assertAllValid(log.all());
        JsonNode requested = log.single("handoff.requested", e -> "Nobody picks this up".equals(attr(e, "reason")));
        JsonNode failed = log.single("handoff.failed");
        assertThat(text(failed, "handoffId")).isEqualTo(text(requested, "handoffId"));
        assertThat(attr(failed, "reason")).isEqualTo("Nobody picks this up");
        assertThat(attr(failed, "sourceRunId")).isEqualTo(text(log.started("run.started", "edge-agent"), "runId"));
    }

    @Test
    void aHandoffOnAChildRunMethodIsTakenByThatRun(@TempDir Path dir) throws Exception {
        EventLog log = ForkedJvm.scenario("edges").in(dir).run().events();
        JsonNode boss = log.started("run.started", "boss");
        JsonNode worker = log.started("run.started", "self-worker");
        JsonNode completed = log.single("handoff.completed");
        assertThat(text(completed, "runId")).isEqualTo(text(worker, "runId"));
        assertThat(attr(completed, "sourceRunId")).isEqualTo(text(boss, "runId"));
        assertThat(text(worker, "parentRunId")).isEqualTo(text(boss, "runId"));
    }

    @Test
    void outputSummariesAreRedactedAndTruncated(@TempDir Path dir) throws Exception {
        EventLog log = ForkedJvm.scenario("edges").in(dir).agentArgs("capture.maxChars=100").run().events();
        assertThat(attr(log.endOf(log.tool("vault.read")), "outputSummary"))
                .isEqualTo("user=ops password=[REDACTED] token=[REDACTED]");
        String long_ = attr(log.endOf(log.tool("report.render")), "outputSummary");
        assertThat(long_).hasSize(101).endsWith("x…");
    }

    @Test
    void aToStringThatThrowsOrNeverEndsIsContainedAndNoted(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.scenario("edges").in(dir).run();
        assertThat(r.stdout()).contains("Grumpy Endless");
        EventLog log = r.events();
        JsonNode grumpy = log.endOf(log.tool("grumpy.tool"));
        assertThat(attr(grumpy, "status")).isEqualTo("completed");
        assertThat(attr(grumpy, "outputSummary"))
                .isEqualTo("<toString() of sh.ratri.examples.scenarios.Edges$Grumpy failed: UnsupportedOperationException>");
        JsonNode endless = log.endOf(log.tool("endless.tool"));
        assertThat(attr(endless, "status")).isEqualTo("completed");
        assertThat(attr(endless, "outputSummary"))
                .isEqualTo("<toString() of sh.ratri.examples.scenarios.Edges$Endless failed: StackOverflowError>");
    }

    @Test
    void captureIoOffRecordsNoOutput(@TempDir Path dir) throws Exception {
        EventLog log = ForkedJvm.scenario("edges").in(dir).agentArgs("capture.io=false").run().events();
        assertThat(log.all()).noneMatch(e -> e.path("attributes").has("outputSummary"));
        assertThat(log.all()).isNotEmpty();
    }
}
