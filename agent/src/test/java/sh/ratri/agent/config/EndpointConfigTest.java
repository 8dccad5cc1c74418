package sh.ratri.agent.config;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointConfigTest {

    private static AgentConfig config(String args) {
        return AgentConfig.from(args, new Properties(), Map.of());
    }

    @Test
    void httpDefaultsToTheLocalCollector() {
        AgentConfig c = config("exporter=http");
        assertThat(c.exporters()).containsExactly("http");
        assertThat(c.endpoint()).isEqualTo("http://127.0.0.1:4319");
        assertThat(c.otlpEndpoint()).isEqualTo("http://localhost:4318");
        assertThat(c.problems()).isEmpty();
    }

    @Test
    void aTrailingSlashIsDropped() {
        assertThat(config("exporter=http,endpoint=https://ratri.example.com/").endpoint())
                .isEqualTo("https://ratri.example.com");
    }

    @Test
    void plainHttpToAnotherHostIsRefusedWithOneLineAndTheSinkIsOff() {
        AgentConfig c = config("exporter=jsonl,http,endpoint=http://ratri.example.com,api.key=sekret");
        assertThat(c.exporters()).containsExactly("jsonl");
        assertThat(c.problems()).containsExactly("ratri: refusing endpoint='http://ratri.example.com' (from agent "
                + "argument): plain http:// to another machine would send events and the api key unencrypted; use "
                + "https:// or set http.allowInsecure=true; http sink disabled");
    }

    @Test
    void allowInsecureLetsPlainHttpThrough() {
        AgentConfig c = config("exporter=http,endpoint=http://10.1.2.3:4319,http.allowInsecure=true");
        assertThat(c.exporters()).containsExactly("http");
        assertThat(c.endpoint()).isEqualTo("http://10.1.2.3:4319");
        assertThat(c.problems()).isEmpty();
    }

    @Test
    void loopbackHostsMayUsePlainHttp() {
        for (String host : new String[] {"127.0.0.1", "127.8.9.1", "localhost", "[::1]"}) {
            assertThat(config("exporter=http,endpoint=http://" + host + ":9").problems()).as(host).isEmpty();
        }
    }

    @Test
    void aMalformedEndpointIsOneLineAndHidesAPasswordInIt() {
        AgentConfig c = config("exporter=otlp,otlp.endpoint=ftp://user:pw@collector");
        assertThat(c.exporters()).isEmpty();
        assertThat(c.problems()).hasSize(1);
        assertThat(c.problems().get(0)).startsWith("ratri: bad config otlp.endpoint='ftp://[REDACTED]@collector'")
                .contains("not an http:// or https:// URL").endsWith("; otlp sink disabled").doesNotContain("pw");
    }

    @Test
    void aBadEndpointForASinkNotInUseIsStillNamed() {
        AgentConfig c = config("endpoint=not a url");
        assertThat(c.exporters()).containsExactly("jsonl");
        assertThat(c.problems()).hasSize(1);
        assertThat(c.problems().get(0)).startsWith("ratri: bad config endpoint='not a url'");
    }

    @Test
    void consoleAndOtlpAreExporters() {
        assertThat(config("exporter=console,otlp,jsonl").exporters()).containsExactly("console", "otlp", "jsonl");
    }
}
