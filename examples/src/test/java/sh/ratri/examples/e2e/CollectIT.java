package sh.ratri.examples.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.examples.support.EventLog;
import sh.ratri.examples.support.ForkedJvm;
import sh.ratri.examples.support.TestBackend;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar ratri-agent.jar collect} as its own process, with a hostile client among the senders. */
class CollectIT {

    @Test
    void aClientThatSendsOneByteAndStallsHoldsBackNoJvmSendingEvents(@TempDir Path dir) throws Exception {
        int port = TestBackend.freePort();
        ForkedJvm.Running collector = ForkedJvm.startCli(dir, "collect", "--port", String.valueOf(port), "--dir",
                "collected");
        try {
            assertThat(collector.awaitStdout("ratri: collecting on http://127.0.0.1:" + port + "/v1/events", 30_000))
                    .isTrue();
            try (Socket stalled = new Socket(InetAddress.getLoopbackAddress(), port)) {
                OutputStream out = stalled.getOutputStream();
                out.write('P'); // one byte of "POST …", then nothing
                out.flush();
                for (String app : List.of("a", "b")) {
                    long start = System.nanoTime();
                    ForkedJvm.Result r = ForkedJvm.scenario("support-ops").in(Files.createDirectory(dir.resolve(app)))
                            .agentArgs("exporter=http,endpoint=http://127.0.0.1:" + port + ",http.flushMillis=100").run();
                    System.out.println("next to a stalled client, JVM " + app + " delivered and exited in "
                            + (System.nanoTime() - start) / 1_000_000 + " ms");
                    assertThat(r.stderrLines()).containsExactly(
                            "ratri: http: 12 events delivered to http://127.0.0.1:" + port + "/v1/events");
                }
            }
        } finally {
            collector.stop();
        }
        assertThat(EventLog.read(dir.resolve("collected")).all()).hasSize(24);
    }
}
