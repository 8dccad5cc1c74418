package sh.ratri.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.agent.config.AgentConfig.Mode;

class AgentConfigTest {

    @TempDir
    Path dir;

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    private Path file(String... lines) throws IOException {
        Path f = dir.resolve("ratri.properties");
        Files.write(f, List.of(lines));
        return f;
    }

    private static AgentConfig config(String args) {
        return AgentConfig.from(args, new Properties(), Map.of());
    }

    @Test
    void defaultsApplyWhenNothingIsSet() {
        AgentConfig c = AgentConfig.from(null, props("sun.java.command", "com.example.App"), Map.of());

        assertThat(c.problems()).isEmpty();
        assertThat(c.agentKey()).isEqualTo("App");
        assertThat(c.agentName()).isEqualTo("App");
        assertThat(c.mode()).isEqualTo(Mode.MONITOR);
        assertThat(c.exporters()).containsExactly("jsonl");
        assertThat(c.jsonlDir()).isEqualTo(Path.of("ratri-events"));
        assertThat(c.queueSize()).isEqualTo(131_072);
        assertThat(c.captureIo()).isTrue();
        assertThat(c.captureMaxChars()).isEqualTo(512);
        assertThat(c.redactKeys()).containsExactly("password", "secret", "token", "apiKey", "authorization");
        assertThat(c.debug()).isFalse();
        assertThat(c.spoolDir()).isEqualTo(Path.of("ratri-spool"));
        assertThat(c.httpAllowInsecure()).isFalse();
    }

    @Test
    void agentArgumentsWinOverSystemProperties() {
        AgentConfig c = AgentConfig.from("mode=off", props("ratri.mode", "enforce"), Map.of());

        assertThat(c.mode()).isEqualTo(Mode.OFF);
        assertThat(c.problems()).isEmpty();
    }

    @Test
    void systemPropertiesWinOverEnvironment() {
        AgentConfig c = AgentConfig.from(null, props("ratri.mode", "enforce"), Map.of("RATRI_MODE", "off"));

        assertThat(c.mode()).isEqualTo(Mode.ENFORCE);
    }

    @Test
    void environmentWinsOverConfigFile() throws IOException {
        Path f = file("mode=enforce", "agent.name=from-file");
        AgentConfig c = AgentConfig.from(null, props("ratri.config", f.toString()), Map.of("RATRI_MODE", "off"));

        assertThat(c.mode()).isEqualTo(Mode.OFF);
        assertThat(c.agentName()).isEqualTo("from-file");
        assertThat(c.problems()).isEmpty();
    }

    @Test
    void configFileWinsOverDefaults() throws IOException {
        Path f = file("ratri.queue.size=1024", "capture.io=false");
        AgentConfig c = AgentConfig.from("config=" + f, new Properties(), Map.of());

        assertThat(c.queueSize()).isEqualTo(1024);
        assertThat(c.captureIo()).isFalse();
        assertThat(c.problems()).isEmpty();
    }

    @Test
    void configFileCanBeNamedByEnvironment() throws IOException {
        Path f = file("agent.key=from-file");
        AgentConfig c = AgentConfig.from(null, new Properties(), Map.of("RATRI_CONFIG", f.toString()));

        assertThat(c.agentKey()).isEqualTo("from-file");
        assertThat(c.problems()).isEmpty();
    }

    @Test
    void everySourceTakesPartInOnePrecedenceOrder() throws IOException {
        Path f = file("agent.key=file-key", "agent.name=file-name", "mode=off", "exporter=none");
        AgentConfig c = AgentConfig.from("agent.key=arg-key", props("ratri.config", f.toString(),
                        "ratri.agent.key", "sys-key", "ratri.agent.name", "sys-name"),
                Map.of("RATRI_AGENT_KEY", "env-key", "RATRI_AGENT_NAME", "env-name", "RATRI_MODE", "enforce"));

        assertThat(c.agentKey()).isEqualTo("arg-key");
        assertThat(c.agentName()).isEqualTo("sys-name");
        assertThat(c.mode()).isEqualTo(Mode.ENFORCE);
        assertThat(c.exporters()).containsExactly("none");
    }

    @Test
    void unreadableConfigFileIsOneProblemAndDefaultsApply() {
        AgentConfig c = config("config=" + dir.resolve("missing.properties"));

        assertThat(c.problems()).singleElement().asString()
                .contains("missing.properties").contains("cannot be read");
        assertThat(c.mode()).isEqualTo(Mode.MONITOR);
    }

    @Test
    void commaInAgentArgumentsContinuesThePreviousValue() {
        AgentConfig c = config("exporter=jsonl,none,mode=enforce");

        assertThat(c.exporters()).containsExactly("jsonl", "none");
        assertThat(c.mode()).isEqualTo(Mode.ENFORCE);
        assertThat(c.problems()).isEmpty();
    }

    @Test
    void agentArgumentWithoutKeyIsReportedWithoutEchoingItAndIgnored() {
        AgentConfig c = config("sk-live-secret,mode=off");

        assertThat(c.problems()).singleElement().asString().contains("not key=value").doesNotContain("sk-live");
        assertThat(c.mode()).isEqualTo(Mode.OFF);
    }

    @Test
    void agentArgumentsMayCarryTheRatriPrefix() {
        assertThat(config("ratri.mode=off").mode()).isEqualTo(Mode.OFF);
    }

    @Test
    void badModeIsOneProblemNamingKeyOriginAndAllowedValuesAndDefaultIsUsed() {
        AgentConfig c = config("mode=loud");

        assertThat(c.mode()).isEqualTo(Mode.MONITOR);
        assertThat(c.problems()).singleElement().asString()
                .contains("mode='loud'")
                .contains("agent argument")
                .contains("monitor, enforce, off")
                .contains("using monitor");
    }

    @Test
    void badExporterIsOneProblemEvenWithSeveralBadItems() {
        AgentConfig c = AgentConfig.from(null, props("ratri.exporter", "kafka,jsonl,carrier-pigeon"), Map.of());

        assertThat(c.exporters()).containsExactly("jsonl");
        assertThat(c.problems()).singleElement().asString()
                .contains("exporter=")
                .contains("-Dratri.exporter")
                .contains("jsonl, http, otlp, console, none");
    }

    @Test
    void badNumberIsOneProblemWithItsRange() {
        AgentConfig c = AgentConfig.from(null, new Properties(), Map.of("RATRI_QUEUE_SIZE", "lots"));

        assertThat(c.queueSize()).isEqualTo(131_072);
        assertThat(c.problems()).singleElement().asString()
                .contains("queue.size='lots'")
                .contains("$RATRI_QUEUE_SIZE")
                .contains("a whole number from 16 to 16777216")
                .contains("using 131072");
    }

    @Test
    void numberOutOfRangeIsOneProblem() {
        AgentConfig c = config("queue.size=8");

        assertThat(c.queueSize()).isEqualTo(131_072);
        assertThat(c.problems()).singleElement().asString().contains("queue.size='8'");
    }

    @Test
    void numbersMayUseUnderscores() {
        assertThat(config("queue.size=1_024").queueSize()).isEqualTo(1024);
    }

    @Test
    void badBooleanIsOneProblemFromTheConfigFile() throws IOException {
        Path f = file("debug=yes");
        AgentConfig c = config("config=" + f);

        assertThat(c.debug()).isFalse();
        assertThat(c.problems()).singleElement().asString()
                .contains("debug='yes'")
                .contains(f.toString())
                .contains("true or false")
                .contains("using false");
    }

    @Test
    void badAgentKeyIsOneProblemAndTheDefaultKeyIsUsed() {
        AgentConfig c = AgentConfig.from("agent.key=has space", props("sun.java.command", "/opt/app/billing.jar"),
                Map.of());

        assertThat(c.agentKey()).isEqualTo("billing");
        assertThat(c.problems()).singleElement().asString().contains("agent.key='has space'").contains("using billing");
    }

    @Test
    void everyBadValueGetsItsOwnLine() {
        AgentConfig c = config("mode=x,debug=x,capture.maxChars=-1,http.allowInsecure=maybe");

        assertThat(c.problems()).hasSize(4);
        assertThat(c.problems()).anySatisfy(p -> assertThat(p).contains("mode="))
                .anySatisfy(p -> assertThat(p).contains("debug="))
                .anySatisfy(p -> assertThat(p).contains("capture.maxChars="))
                .anySatisfy(p -> assertThat(p).contains("http.allowInsecure="));
    }

    @Test
    void unknownKeysAreReportedWithTheirOrigin() {
        AgentConfig c = AgentConfig.from("colour=blue", props("ratri.verbose", "true"), Map.of());

        assertThat(c.problems()).hasSize(2);
        assertThat(c.problems()).anySatisfy(p -> assertThat(p).contains("unknown config key 'colour'")
                .contains("agent argument").contains("agent.key"));
        assertThat(c.problems()).anySatisfy(p -> assertThat(p).contains("unknown config key 'verbose'")
                .contains("-Dratri.verbose"));
    }

    @Test
    void environmentNamesMapToCamelCaseKeys() {
        AgentConfig c = AgentConfig.from(null, new Properties(), Map.of(
                "RATRI_CAPTURE_MAXCHARS", "256",
                "RATRI_SPOOL_MAXBYTES", "1024",
                "RATRI_HTTP_ALLOWINSECURE", "true",
                "RATRI_AGENT_KEY", "support-ops",
                "RATRI_JSONL_DIR", "out"));

        assertThat(c.captureMaxChars()).isEqualTo(256);
        assertThat(c.spoolMaxBytes()).isEqualTo(1024);
        assertThat(c.httpAllowInsecure()).isTrue();
        assertThat(c.agentKey()).isEqualTo("support-ops");
        assertThat(c.jsonlDir()).isEqualTo(Path.of("out"));
        assertThat(c.problems()).isEmpty();
    }

    @Test
    void environmentNameMappingIsExact() {
        assertThat(AgentConfig.keyForEnvironmentName("CAPTURE_MAXCHARS")).isEqualTo("capture.maxChars");
        assertThat(AgentConfig.keyForEnvironmentName("API_KEY")).isEqualTo("api.key");
        assertThat(AgentConfig.keyForEnvironmentName("NOT_A_KEY")).isNull();
    }

    @Test
    void otherEnvironmentVariablesAreIgnored() {
        AgentConfig c = AgentConfig.from(null, new Properties(), Map.of("PATH", "/bin", "MODE", "off"));

        assertThat(c.mode()).isEqualTo(Mode.MONITOR);
        assertThat(c.problems()).isEmpty();
    }

    @Test
    void apiKeyIsReadButNeverShownInAProblemLine() {
        AgentConfig c = AgentConfig.from("api.key=sk-secret-123,mode=loud", props("ratri.api.key", "sk-other-456"),
                Map.of("RATRI_API_KEY", "sk-env-789", "RATRI_DEBUG", "maybe"));

        assertThat(c.apiKey()).isEqualTo("sk-secret-123");
        assertThat(c.problems()).hasSize(2).allSatisfy(p -> assertThat(p)
                .doesNotContain("sk-secret-123").doesNotContain("sk-other-456").doesNotContain("sk-env-789"));
    }

    @Test
    void apiKeyWithCommasStaysOneValue() {
        AgentConfig c = config("api.key=abc,def,mode=off");

        assertThat(c.apiKey()).isEqualTo("abc,def");
        assertThat(c.mode()).isEqualTo(Mode.OFF);
    }

    @Test
    void valuesAreTrimmed() {
        AgentConfig c = AgentConfig.from(" mode = enforce ", props("ratri.agent.name", "  Support ops  "), Map.of());

        assertThat(c.mode()).isEqualTo(Mode.ENFORCE);
        assertThat(c.agentName()).isEqualTo("Support ops");
    }

    @Test
    void emptyValueMeansDefault() {
        AgentConfig c = config("mode=,queue.size=");

        assertThat(c.mode()).isEqualTo(Mode.MONITOR);
        assertThat(c.queueSize()).isEqualTo(131_072);
        assertThat(c.problems()).isEmpty();
    }

    @Test
    void modeAndExporterAreCaseInsensitive() {
        AgentConfig c = config("mode=ENFORCE,exporter=JSONL");

        assertThat(c.mode()).isEqualTo(Mode.ENFORCE);
        assertThat(c.exporters()).containsExactly("jsonl");
    }

    @Test
    void redactKeysAreAFreeCommaList() {
        assertThat(config("redact.keys=pin, cvv").redactKeys()).containsExactly("pin", "cvv");
    }

    @Test
    void defaultAgentKeyNamesTheMainJar() {
        assertThat(AgentConfig.defaultAgentKey(props("sun.java.command", "/srv/apps/support-ops.jar --port 80")))
                .isEqualTo("support-ops");
        assertThat(AgentConfig.defaultAgentKey(props("sun.java.command", "C:\\apps\\billing.jar")))
                .isEqualTo("billing");
    }

    @Test
    void defaultAgentKeyNamesTheMainClassWithoutItsPackage() {
        assertThat(AgentConfig.defaultAgentKey(props("sun.java.command", "com.example.support.SupportApp arg1")))
                .isEqualTo("SupportApp");
    }

    @Test
    void defaultAgentKeyFallsBackWhenTheCommandIsUnknown() {
        assertThat(AgentConfig.defaultAgentKey(new Properties())).isEqualTo("jvm-app");
        assertThat(AgentConfig.defaultAgentKey(props("sun.java.command", "   "))).isEqualTo("jvm-app");
    }

    @Test
    void defaultAgentKeyReplacesCharactersAKeyCannotHold() {
        assertThat(AgentConfig.defaultAgentKey(props("sun.java.command", "/tmp/app+v2.jar")))
                .isEqualTo("app-v2");
    }

    @Test
    void defaultAgentKeyReplacesEachCodePointAKeyCannotHoldWithOneHyphenAndEndsAtAnyWhitespace() {
        assertThat(AgentConfig.defaultAgentKey(props("sun.java.command", "/tmp/app\uD83D\uDE00v2.jar\targ")))
                .isEqualTo("app-v2");
        assertThat(AgentConfig.defaultAgentKey(props("sun.java.command", "v\u00e9t\u00e9.jar"))).isEqualTo("v-t-");
        assertThat(AgentConfig.defaultAgentKey(props("sun.java.command", "-app.jar"))).isEqualTo("jvm-app");
        assertThat(AgentConfig.defaultAgentKey(props("sun.java.command", "k".repeat(129) + ".jar"))).isEqualTo("jvm-app");
    }

    @Test
    void agentKeyAcceptsUpTo128KeyCharactersStartingWithALetterOrDigit() {
        String longest = "k" + "._:-".repeat(31) + "abc";
        assertThat(config("agent.key=" + longest).agentKey()).isEqualTo(longest);
        assertThat(config("agent.key=" + longest + "d").problems()).singleElement().asString().contains("bad config agent.key");
        assertThat(config("agent.key=_app").problems()).singleElement().asString().contains("bad config agent.key");
    }

    @Test
    void recognizeDefaultsToEveryFrameworkAndNoneTurnsItOff() {
        assertThat(config(null).recognize())
                .containsExactlyInAnyOrder("langchain4j", "spring-ai", "openai", "anthropic", "junit");
        assertThat(config("recognize=none").recognize()).isEmpty();
        assertThat(config("recognize=LangChain4j,openai").recognize()).containsExactlyInAnyOrder("langchain4j", "openai");
        assertThat(config("recognize=none").problems()).isEmpty();
    }

    @Test
    void badRecognizeValueNamesKeyAndAllowedValuesAndKeepsTheDefault() {
        AgentConfig c = config("recognize=langchain4j,crewai");

        assertThat(c.recognize()).containsExactlyInAnyOrder("langchain4j", "spring-ai", "openai", "anthropic", "junit");
        assertThat(c.problems()).singleElement().asString()
                .startsWith("ratri: bad config recognize='langchain4j,crewai' (from agent argument): allowed")
                .contains("langchain4j, spring-ai, openai, anthropic, junit");
    }

    @Test
    void weaveNamesTheRulesFile() {
        assertThat(config(null).weave()).isEmpty();
        assertThat(config("weave=ops.rules").weave()).isEqualTo("ops.rules");
    }
}
