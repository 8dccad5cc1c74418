package sh.ratri.examples.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sh.ratri.examples.scenarios.Threads;
import sh.ratri.examples.support.ClassLoadInFlight;
import sh.ratri.examples.support.EventLog;
import sh.ratri.examples.support.EventSchema;
import sh.ratri.examples.support.ForkedJvm;
import sh.ratri.examples.support.PipelineAssertions;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDK executor classes carry context even when another thread was loading one of them while the
 * agent started: its load had passed the transformers before Ratri's was added, and the class was
 * not yet among the loaded ones that Ratri then retransforms. Ratri's own exporter thread loaded
 * {@code ThreadPoolExecutor} there (through {@code ProcessHandle}) when it happened to get there
 * at that moment; then a task handed to a fresh pool ran without its submitter's context, about
 * once in ten full builds. {@link ClassLoadInFlight} holds a load at that moment for as long as it
 * takes, for a thread of another agent; the agent's own exporter thread now starts after the install.
 */
class ConcurrentClassLoadIT {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"java.util.concurrent.ThreadPoolExecutor", "java.util.concurrent.ForkJoinPool"})
    void anExecutorClassLoadingOnAnotherThreadWhileTheAgentStartsStillCarriesContext(String heldClass,
                                                                                     @TempDir Path dir)
            throws Exception {
        Path peer = ClassLoadInFlight.jar(dir);
        ForkedJvm.Result r = ForkedJvm.scenario("threads").in(dir)
                // a class from the shared archive has its superclass loaded before its transformers run
                .jvmOption("-Xshare:off")
                .peerAgent(peer, "hold=" + heldClass, true)
                .peerAgent(peer, "release", false)
                .run();

        assertThat(r.stdout()).contains("threads done",
                ClassLoadInFlight.PRINTS + "ended when the Ratri agent waited for it");
        EventLog log = r.events();
        EventSchema.assertAllValid(log.all());
        for (String how : Threads.ON_JDK_17) {
            PipelineAssertions.assertWorkersUnderOrchestrator(log, how, ThreadsIT.workers(how),
                    ThreadsIT.mayRunOnCaller(how));
        }
    }

    @Test
    void theAgentsExporterThreadStartsOnlyOnceTheJdkExecutorClassesAreRewritten(@TempDir Path dir)
            throws Exception {
        ForkedJvm.Result r = ForkedJvm.scenario("quiet").in(dir)
                .peerAgent(ClassLoadInFlight.jar(dir), "threads-at-retransform=java.lang.Thread", true)
                .run();

        // java.lang.Thread is loaded before any agent: Ratri retransforms it while it installs the rewriting
        assertThat(r.stdout()).contains(ClassLoadInFlight.PRINTS + "threads alive when java/lang/Thread was "
                + "retransformed: main" + System.lineSeparator());
    }
}
