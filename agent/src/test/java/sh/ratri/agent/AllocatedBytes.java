package sh.ratri.agent;

import com.sun.management.ThreadMXBean;

import java.lang.management.ManagementFactory;

/**
 * What code allocates on the calling thread, once warm: the JVM counts each thread's bytes exactly, so
 * the figure does not move with the load of the machine the tests run on. When it is warm does: a busy
 * machine delays the JIT's compilation, and the escape analysis that keeps objects off the heap comes
 * with it, so the figure is the least of several measured stretches.
 */
public final class AllocatedBytes {

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int STRETCHES = 20;

    private AllocatedBytes() {
    }

    /**
     * Runs {@code call} {@code warmUps} times (the first laps fill rings and pools, the JIT compiles
     * it), then in stretches of {@code runs} more, up to {@value #STRETCHES} of them or until one
     * allocates nothing: the bytes this thread allocated per run in the least of those stretches.
     */
    public static double perRun(int warmUps, int runs, Runnable call) {
        for (int i = 0; i < warmUps; i++) {
            call.run();
        }
        long thread = Thread.currentThread().getId();
        long least = Long.MAX_VALUE;
        for (int stretch = 0; stretch < STRETCHES && least > 0; stretch++) {
            long before = THREADS.getThreadAllocatedBytes(thread);
            for (int i = 0; i < runs; i++) {
                call.run();
            }
            least = Math.min(least, THREADS.getThreadAllocatedBytes(thread) - before);
        }
        return least / (double) runs;
    }
}
