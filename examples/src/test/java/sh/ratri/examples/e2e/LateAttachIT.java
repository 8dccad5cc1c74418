package sh.ratri.examples.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.examples.support.EventLog;
import sh.ratri.examples.support.ForkedJvm;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.examples.support.PipelineAssertions.SUPPORT_OPS_OUTPUT;
import static sh.ratri.examples.support.PipelineAssertions.assertParallelWorkers;
import static sh.ratri.examples.support.PipelineAssertions.assertSupportOps;

/**
 * {@code java -jar ratri-agent.jar attach PID} into a JVM that has already loaded and run the
 * annotated classes (and used its thread pool): they are retransformed, so what runs after the
 * attach is recorded completely, and nothing that ran before is a crash or a half session.
 */
class LateAttachIT {

    @Test
    void classesLoadedBeforeTheAgentAreRecordedAfterAttach(@TempDir Path dir) throws Exception {
        ForkedJvm.Running app = ForkedJvm.scenario("late-attach").in(dir).withoutAgent().start();
        try {
            awaitFile(dir.resolve("ready"), app);
            assertThat(dir.resolve("ratri-events")).doesNotExist();

            ForkedJvm.Result attach = ForkedJvm.cli(dir, "attach", Long.toString(app.pid()));
            assertThat(attach.exitCode()).as(attach.stderr()).isZero();
            assertThat(attach.stdout().trim()).isEqualTo("ratri: agent loaded into process " + app.pid());
            Files.writeString(dir.resolve("go"), "");

            ForkedJvm.Result r = app.await();
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(r.stdout().lines()).containsExactly("before: " + SUPPORT_OPS_OUTPUT, "before: 3 workers",
                    "after: " + SUPPORT_OPS_OUTPUT, "after: 3 workers");
            assertThat(r.stderrLines()).singleElement().asString()
                    .startsWith("ratri: 34 events (2 sessions) written to ratri-events/");

            EventLog log = r.events();
            assertThat(log.ofType("session.started")).hasSize(2);
            assertSupportOps(log.session("pipeline", "Handle urgent enterprise support escalation"));
            assertParallelWorkers(log.session("pipeline", "Research ticket SUP-456 in parallel"));
        } finally {
            app.destroy();
        }
    }

    private static void awaitFile(Path file, ForkedJvm.Running app) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(file)) {
            assertThat(app.isAlive()).as("the application exited before writing " + file).isTrue();
            assertThat(System.nanoTime()).as("no " + file + " within 60 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
