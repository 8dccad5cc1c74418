package sh.ratri.examples.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sh.ratri.examples.support.ForkedJvm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.examples.support.PipelineAssertions.PARALLEL_WORKERS_OUTPUT;
import static sh.ratri.examples.support.PipelineAssertions.SUPPORT_OPS_OUTPUT;
import static sh.ratri.examples.support.PipelineAssertions.assertParallelWorkers;
import static sh.ratri.examples.support.PipelineAssertions.assertSupportOps;

/**
 * The agent lives next to what the application brings: its own (older) Jackson, OkHttp, Okio,
 * Kotlin stdlib and Byte Buddy, which the agent also uses but shades; and the OpenTelemetry Java
 * agent, in either order on the command line. {@code examples/pom.xml} copies those jars into
 * {@code target/app-libs/} and {@code target/peers/}.
 */
class CoexistenceIT {

    private static final String OTEL_STARTED = "opentelemetry-javaagent - version: 2.21.0";

    @Test
    void applicationSeesItsOwnLibraryVersionsAndRunsUnchanged(@TempDir Path withAgent, @TempDir Path alone)
            throws Exception {
        List<Path> libraries = ForkedJvm.copiedJars("ratri.appLibsDir", "target/app-libs");
        ForkedJvm.Result traced = ForkedJvm.scenario("own-libraries").in(withAgent).classPath(libraries).run();
        ForkedJvm.Result plain = ForkedJvm.scenario("own-libraries").in(alone).classPath(libraries).withoutAgent()
                .run();

        assertThat(traced.exitCode()).isZero();
        List<String> lines = traced.stdout().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).matches("jackson 2\\.15\\.\\d+ \\Q{\"ticketId\":\"SUP-123\",\"priority\":\"urgent\","
                + "\"attempts\":2}\\E");
        assertThat(lines.get(1)).isEqualTo("okhttp 4.12.0 client connectTimeoutMillis=10000 okio works");
        assertThat(lines.get(2)).matches("kotlin 1\\.9\\.\\d+");
        assertThat(lines.get(3)).matches("byte-buddy made sh\\.ratri\\.examples\\.owned\\.Made extends "
                + "java\\.lang\\.Object with Byte Buddy from byte-buddy-1\\.14\\.\\d+\\.jar");
        assertThat(lines.get(4)).isEqualTo(SUPPORT_OPS_OUTPUT);
        assertThat(traced.stdout()).isEqualTo(plain.stdout());

        // silent: nothing but the exit line that says where the events went
        assertThat(plain.stderr()).isEmpty();
        assertThat(traced.stderrLines()).singleElement().asString()
                .startsWith("ratri: 12 events (1 session) written to ratri-events/");
        assertSupportOps(traced.events());
    }

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({
        "ratri first, support-ops",
        "ratri first, parallel-workers",
        "opentelemetry first, support-ops",
        "opentelemetry first, parallel-workers",
    })
    void openTelemetryAgentAndRatriBothWork(String order, String scenario, @TempDir Path dir) throws Exception {
        Path otel = ForkedJvm.copiedJar("ratri.otelAgentJar", "target/peers/opentelemetry-javaagent-2.21.0.jar");
        ForkedJvm.Result r = ForkedJvm.scenario(scenario).in(dir)
                .peerAgent(otel, order.startsWith("opentelemetry"))
                .jvmOption("-Dotel.traces.exporter=none")
                .jvmOption("-Dotel.metrics.exporter=none")
                .jvmOption("-Dotel.logs.exporter=none")
                .run();

        assertThat(r.exitCode()).isZero();
        assertThat(r.stderr()).contains(OTEL_STARTED).doesNotContain("ratri: agent not started", "Exception");
        if (scenario.equals("support-ops")) {
            assertThat(r.stdout().lines()).containsExactly(SUPPORT_OPS_OUTPUT);
            assertSupportOps(r.events());
        } else {
            assertThat(r.stdout().lines()).containsExactlyElementsOf(PARALLEL_WORKERS_OUTPUT);
            assertParallelWorkers(r.events());
        }
    }

    @Test
    void theCopiedLibrariesAreTheVersionsUnderTest() throws Exception {
        assertThat(ForkedJvm.copiedJars("ratri.appLibsDir", "target/app-libs"))
                .extracting(p -> p.getFileName().toString())
                .anyMatch(n -> n.matches("jackson-databind-2\\.15\\.\\d+\\.jar"))
                .anyMatch(n -> n.matches("jackson-core-2\\.15\\.\\d+\\.jar"))
                .anyMatch(n -> n.matches("jackson-annotations-2\\.15\\.\\d+\\.jar"))
                .contains("okhttp-4.12.0.jar")
                .anyMatch(n -> n.matches("okio-jvm-3\\.\\d+\\.\\d+\\.jar"))
                .anyMatch(n -> n.matches("kotlin-stdlib-1\\.9\\.\\d+\\.jar"))
                .anyMatch(n -> n.matches("byte-buddy-1\\.14\\.\\d+\\.jar"));
        assertThat(Files.isRegularFile(ForkedJvm.copiedJar("ratri.otelAgentJar",
                "target/peers/opentelemetry-javaagent-2.21.0.jar"))).isTrue();
    }
}
