package sh.ratri.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sh.ratri.examples.support.EventLog;
import sh.ratri.examples.support.EventSchema;
import sh.ratri.examples.support.ForkedJvm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.examples.support.EventLog.attr;
import static sh.ratri.examples.support.EventLog.text;

/** One call is one item through overrides calling super, generated proxy subclasses and JDK dynamic proxies. */
class ProxiesIT {

    /** The session of one case, its caller run, and the one tool or child run the call recorded. */
    private static JsonNode onlyItemOf(EventLog log, String how, String type) {
        EventLog session = log.session(how, "");
        JsonNode caller = session.started("run.started", "caller");
        List<JsonNode> items = session.ofType(type).stream().filter(e -> e != caller).toList();
        assertThat(items).as(how + ": one " + type).hasSize(1);
        JsonNode item = items.get(0);
        String callerLink = type.equals("run.started") ? text(item, "parentRunId") : text(item, "runId");
        assertThat(callerLink).as(how + ": belongs to the caller's run").isEqualTo(text(caller, "runId"));
        assertThat(attr(session.endOf(item), "status")).isEqualTo("completed");
        return item;
    }

    @Test
    void overrideCallingSuperAndDollarNamedProxyRecordOneToolCallWithResolvedTemplates(@TempDir Path dir)
            throws Exception {
        ForkedJvm.Result r = ForkedJvm.scenario("proxies").in(dir).run();
        EventLog log = r.events();
        EventSchema.assertAllValid(log.all());

        JsonNode superCall = onlyItemOf(log, "super-call", "tool.started");
        assertThat(superCall.at("/attributes/tool/name").asText()).isEqualTo("crm.lookup");
        assertThat(superCall.at("/attributes/resource/externalId").asText()).isEqualTo("C-1");
        JsonNode proxied = onlyItemOf(log, "dollar-proxy", "tool.started");
        assertThat(proxied.at("/attributes/resource/externalId").asText()).isEqualTo("C-2");
        assertThat(log.ofType("tool.ended")).hasSize(2);
    }

    @ParameterizedTest(name = "on JDK {0}")
    @ValueSource(ints = {17, 25})
    void jdkProxyOfAnAnnotatedInterfaceIsTheCallWithOrWithoutAWovenImplementation(int jdk, @TempDir Path dir)
            throws Exception {
        ForkedJvm fork = ForkedJvm.scenario("proxies").in(dir);
        if (jdk == 25) {
            fork.javaHome(ForkedJvm.TEMURIN_25);
        }
        EventLog log = fork.run().events();

        JsonNode bare = onlyItemOf(log, "jdk-proxy", "run.started");
        assertThat(attr(bare, "stepKey")).isEqualTo("assistant-billing");
        assertThat(attr(bare, "role")).isEqualTo("assistant");
        assertThat(attr(log.endOf(bare), "outputSummary")).isEqualTo("model says billing");

        JsonNode forwarded = onlyItemOf(log, "jdk-proxy-to-woven", "run.started");
        assertThat(attr(forwarded, "stepKey")).isEqualTo("assistant-refunds");
        assertThat(attr(log.endOf(forwarded), "outputSummary")).isEqualTo("answer about refunds");
    }

    @Test
    void proxiesChangeNeitherOutputNorStderr(@TempDir Path dir) throws Exception {
        ForkedJvm.Result traced = ForkedJvm.scenario("proxies").in(Files.createDirectory(dir.resolve("a"))).run();
        ForkedJvm.Result plain = ForkedJvm.scenario("proxies").in(Files.createDirectory(dir.resolve("b")))
                .withoutAgent().run();
        assertThat(traced.stdout()).isEqualTo(plain.stdout()).isEqualTo(String.join(System.lineSeparator(),
                "super-call: customer C-1", "dollar-proxy: customer C-2", "jdk-proxy: model says billing",
                "jdk-proxy-to-woven: answer about refunds", ""));
        assertThat(traced.stderrLines()).hasSize(1).allMatch(l -> l.startsWith("ratri: 24 events (4 sessions)"));
    }

    @Test
    void byteBuddySubclassesCallingSuperRecordOneToolCall(@TempDir Path dir) throws Exception {
        List<Path> byteBuddy = ForkedJvm.copiedJars("ratri.appLibsDir", "target/app-libs").stream()
                .filter(jar -> jar.getFileName().toString().startsWith("byte-buddy")).toList();
        ForkedJvm.Result r = ForkedJvm.scenario("proxies-byte-buddy").in(dir).classPath(byteBuddy).run();
        assertThat(r.stdout()).isEqualTo("byte-buddy-named: customer C-3" + System.lineSeparator()
                + "byte-buddy-unnamed: customer C-4" + System.lineSeparator());
        assertThat(r.stderrLines()).hasSize(1).allMatch(l -> l.startsWith("ratri: 12 events (2 sessions)"));
        EventLog log = r.events();
        EventSchema.assertAllValid(log.all());

        // named …$ByteBuddy$…: never woven; named plainly: woven, and its super call continues the same item
        JsonNode named = onlyItemOf(log, "byte-buddy-named", "tool.started");
        assertThat(named.at("/attributes/resource/externalId").asText()).isEqualTo("C-3");
        JsonNode unnamed = onlyItemOf(log, "byte-buddy-unnamed", "tool.started");
        assertThat(unnamed.at("/attributes/resource/externalId").asText()).isEqualTo("C-4");
        assertThat(unnamed.at("/attributes/tool/name").asText()).isEqualTo("crm.lookup");
    }

    @Test
    void recursionIsStillOneItemPerLevel(@TempDir Path dir) throws Exception {
        EventLog log = ForkedJvm.scenario("shapes").in(dir).run().events();
        assertThat(log.ofType("step.started")).extracting(e -> attr(e, "stepKey"))
                .containsSubsequence("recurse-3", "recurse-2", "recurse-1", "recurse-0");
    }
}
