package sh.ratri.examples.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.examples.support.EventLog;
import sh.ratri.examples.support.ForkedJvm;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Config precedence, bad values and the silent start, in forked JVMs under the real agent. */
class ConfigIT {

    private static String agentKey(EventLog log) {
        return log.all().get(0).at("/agent/key").asText();
    }

    @Test
    void precedenceIsAgentArgsThenSystemPropertyThenEnvironmentThenFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ratri.properties");
        Files.writeString(file, "agent.key=from-file\nagent.name=Name from file\ncapture.maxChars=5\n");

        Path a = Files.createDirectory(dir.resolve("a"));
        EventLog all = ForkedJvm.scenario("defaults").in(a).jvmOption("-Dratri.config=" + file)
                .env("RATRI_AGENT_KEY", "from-env").jvmOption("-Dratri.agent.key=from-sysprop")
                .agentArgs("agent.key=from-args").run().events();
        assertThat(agentKey(all)).isEqualTo("from-args");
        assertThat(all.all().get(0).at("/agent/name").asText()).isEqualTo("Name from file");

        Path b = Files.createDirectory(dir.resolve("b"));
        EventLog noArgs = ForkedJvm.scenario("defaults").in(b).jvmOption("-Dratri.config=" + file)
                .env("RATRI_AGENT_KEY", "from-env").jvmOption("-Dratri.agent.key=from-sysprop").run().events();
        assertThat(agentKey(noArgs)).isEqualTo("from-sysprop");

        Path c = Files.createDirectory(dir.resolve("c"));
        EventLog envOnly = ForkedJvm.scenario("defaults").in(c).jvmOption("-Dratri.config=" + file)
                .env("RATRI_AGENT_KEY", "from-env").run().events();
        assertThat(agentKey(envOnly)).isEqualTo("from-env");

        Path d = Files.createDirectory(dir.resolve("d"));
        EventLog fileOnly = ForkedJvm.scenario("defaults").in(d).jvmOption("-Dratri.config=" + file).run().events();
        assertThat(agentKey(fileOnly)).isEqualTo("from-file");
        assertThat(EventLog.attr(fileOnly.endOf(fileOnly.single("session.started")), "outputSummary")).isEqualTo("3");
    }

    @Test
    void defaultAgentKeyIsTheApplicationJarName(@TempDir Path dir) throws Exception {
        assertThat(agentKey(ForkedJvm.scenario("defaults").in(dir).run().events())).isEqualTo("ratri-examples");
    }

    @Test
    void aBadValuePrintsOneLineNamingTheKeyAndTheApplicationStillRuns(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.scenario("support-ops").in(dir)
                .agentArgs("mode=loud,queue.size=ten").run();
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).startsWith("Draft for SUP-123");
        assertThat(r.stderrLines()).contains(
                "ratri: bad config mode='loud' (from agent argument): allowed one of monitor, enforce, off; "
                        + "using monitor",
                "ratri: bad config queue.size='ten' (from agent argument): allowed a whole number from 16 to "
                        + "16777216; using 131072");
        assertThat(r.events().all()).hasSize(12).allMatch(e -> e.path("mode").asText().equals("monitor"));
    }

    @Test
    void anUnknownKeyIsNamed(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.scenario("quiet").in(dir).agentArgs("exporterr=jsonl").run();
        assertThat(r.stderrLines()).hasSize(1);
        assertThat(r.stderrLines().get(0)).startsWith("ratri: unknown config key 'exporterr' (from agent argument)");
    }

    @Test
    void jsonlDirIsWhereEventsGo(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.scenario("support-ops").in(dir).jvmOption("-Dratri.jsonl.dir=out/events").run();
        assertThat(EventLog.read(dir.resolve("out/events")).all()).hasSize(12);
        assertThat(Files.exists(dir.resolve("ratri-events"))).isFalse();
        assertThat(r.stderr()).contains("written to out/events/");
    }

    @Test
    void modeOffTracesNothingAndPrintsNothing(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.scenario("support-ops").in(dir).agentArgs("mode=off").run();
        assertThat(r.stdout()).startsWith("Draft for SUP-123");
        assertThat(r.stderr()).isEmpty();
        assertThat(Files.exists(dir.resolve("ratri-events"))).isFalse();
    }

    @Test
    void exporterNoneBuildsEventsButWritesAndPrintsNothing(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.scenario("support-ops").in(dir).agentArgs("exporter=none").run();
        assertThat(r.stdout()).startsWith("Draft for SUP-123");
        assertThat(r.stderr()).isEmpty();
        assertThat(Files.exists(dir.resolve("ratri-events"))).isFalse();
    }

    @Test
    void startIsSilentAndLeavesNoFileWhenNothingIsTracedOnJdk17(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.scenario("quiet").in(dir).run();
        assertThat(r.stdout().trim()).isEqualTo("nothing traced");
        assertThat(r.stderr()).isEmpty();
        assertThat(Files.exists(dir.resolve("ratri-events"))).isFalse();
    }

    @Test
    void startIsSilentOnJdk25(@TempDir Path dir) throws Exception {
        ForkedJvm.Result quiet = ForkedJvm.scenario("quiet").in(Files.createDirectory(dir.resolve("q")))
                .javaHome(ForkedJvm.TEMURIN_25).run();
        assertThat(quiet.stderr()).isEmpty();
        ForkedJvm.Result traced = ForkedJvm.scenario("support-ops").in(Files.createDirectory(dir.resolve("t")))
                .javaHome(ForkedJvm.TEMURIN_25).agentArgs("exporter=none").run();
        assertThat(traced.stdout()).startsWith("Draft for SUP-123");
        assertThat(traced.stderr()).isEmpty();
    }
}
