package sh.ratri.examples.loaders;

import sh.ratri.examples.parallel.ParallelWorkers;
import sh.ratri.examples.supportops.SupportOpsPipeline;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For attaching the agent to a running JVM: runs the support-ops pipeline and the parallel workers
 * (so their classes and the thread pool's are loaded, unwoven), writes {@code ready}, waits for a
 * file named {@code go} in the working directory, then runs both again and exits.
 */
public final class LateAttach {

    private static final long WAIT_MILLIS = 60_000;

    private LateAttach() {
    }

    public static void run() throws Exception {
        runBoth("before");
        Files.writeString(Path.of("ready"), Long.toString(ProcessHandle.current().pid()));
        Path go = Path.of("go");
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!Files.exists(go)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no " + go.toAbsolutePath() + " within " + WAIT_MILLIS + " ms");
            }
            Thread.sleep(20);
        }
        runBoth("after");
    }

    private static void runBoth(String when) throws Exception {
        System.out.println(when + ": " + new SupportOpsPipeline().handle(SupportOpsPipeline.escalation()));
        System.out.println(when + ": " + new ParallelWorkers().handle("SUP-456").size() + " workers");
    }
}
