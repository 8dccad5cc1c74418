package sh.ratri.benchmarks.pipeline;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One full iteration of the support-ops pipeline (6 traced calls, 12 events) traced vs the same code
 * un-annotated; one op is one iteration. With {@code exporter=none} (the default of {@code Jmh}) it
 * is the application thread's cost; the exporter thread still drains the queue.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PipelineBenchmark {

    private final TracedPipeline traced = new TracedPipeline();
    private final PlainPipeline plain = new PlainPipeline();
    private final Ticket ticket = Ticket.escalation();

    @Benchmark
    public String plain() {
        return plain.handle(ticket);
    }

    @Benchmark
    public String traced() {
        return traced.handle(ticket);
    }
}
