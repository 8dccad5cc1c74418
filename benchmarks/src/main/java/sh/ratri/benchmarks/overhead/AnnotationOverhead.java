package sh.ratri.benchmarks.overhead;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import sh.ratri.benchmarks.JmhSettings;

/**
 * Per-call cost of each annotation kind (enter + exit, both events built and queued) against the
 * identical un-annotated method, in ns/op; run with {@code -prof gc} for B/op. One op is one call.
 * {@code session} is a top-level call (opens and closes a session); the others run inside an open
 * session and run ({@link InRun}), compared with {@code baselineInRun}.
 */
public class AnnotationOverhead extends JmhSettings {

    static final int CALLS = 1_000;

    private final Targets targets = new Targets();
    private final InRun inRun = new InRun();
    private final String value = "ticket SUP-123";

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public String baseline() {
        String last = null;
        for (int i = 0; i < CALLS; i++) {
            last = targets.plain(value);
        }
        return last;
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public String session() {
        String last = null;
        for (int i = 0; i < CALLS; i++) {
            last = targets.session(value);
        }
        return last;
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public String baselineInRun() {
        return inRun.loop(targets, InRun.Kind.PLAIN, value, CALLS);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public String run() {
        return inRun.loop(targets, InRun.Kind.RUN, value, CALLS);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public String childRun() {
        return inRun.loop(targets, InRun.Kind.CHILD_RUN, value, CALLS);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public String step() {
        return inRun.loop(targets, InRun.Kind.STEP, value, CALLS);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public String tool() {
        return inRun.loop(targets, InRun.Kind.TOOL, value, CALLS);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public String handoff() {
        return inRun.loop(targets, InRun.Kind.HANDOFF, value, CALLS);
    }
}
