package sh.ratri.agent;

import com.sun.management.ThreadMXBean;

import java.lang.management.ManagementFactory;

/**
 * What code allocates on the calling thread, once warm: the JVM counts each thread's bytes exactly,
 * so the figure does not move with the load of the machine the tests run on.
 */
public final class AllocatedBytes {

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocatedBytes() {
    }

    /**
     * Runs {@code call} {@code warmUps} times (the first laps fill rings and pools, the JIT compiles
     * it), then {@code runs} times more: the bytes this thread allocated per run of those.
     */
    public static double perRun(int warmUps, int runs, Runnable call) {
        for (int i = 0; i < warmUps; i++) {
            call.run();
        }
        long thread = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(thread);
        for (int i = 0; i < runs; i++) {
            call.run();
        }
        return (THREADS.getThreadAllocatedBytes(thread) - before) / (double) runs;
    }
}
