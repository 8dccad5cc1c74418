package sh.ratri.benchmarks.pipeline;

import org.openjdk.jmh.annotations.Benchmark;
import sh.ratri.benchmarks.JmhSettings;

/**
 * One full iteration of the support-ops pipeline (6 traced calls, 12 events) traced vs the same code
 * un-annotated; one op is one iteration. With {@code exporter=none} (the default of {@code Jmh}) it
 * is the application thread's cost; the exporter thread still drains the queue.
 */
public class PipelineBenchmark extends JmhSettings {

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
