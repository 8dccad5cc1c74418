package sh.ratri.benchmarks.overhead;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Per-call cost of each annotation kind (enter + exit, both events built and queued) against the
 * identical un-annotated method, in ns/op; run with {@code -prof gc} for B/op. One op is one call.
 * {@code session} is a top-level call (opens and closes a session); the others run inside an open
 * session and run ({@link InRun}), compared with {@code baselineInRun}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AnnotationOverhead {

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
