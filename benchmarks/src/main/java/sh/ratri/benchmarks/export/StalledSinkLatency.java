package sh.ratri.benchmarks.export;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import sh.ratri.agent.config.AgentConfig;
import sh.ratri.agent.export.Batch;
import sh.ratri.agent.export.EventQueue;
import sh.ratri.agent.export.Exporter;
import sh.ratri.agent.export.Sink;
import sh.ratri.agent.export.sink.Sinks;
import sh.ratri.agent.timeline.DroppedEvents;
import sh.ratri.benchmarks.JmhSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Application-thread latency of one support-ops iteration (6 traced calls, 12 events through the
 * real timeline, queue and exporter thread) with a healthy {@code jsonl} sink and with a sink that
 * blocks in its first write until the trial ends (a hung disk or mount). Paced at 100,000 traced
 * calls/s, which the healthy sink sustains without drops; stalled, the queue fills and every
 * further event is counted as dropped. Compare the p99 of the two: the application must not slow.
 */
@BenchmarkMode(Mode.SampleTime)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class StalledSinkLatency extends JmhSettings {

    private static final long PACE_NANOS = SupportOpsPipeline.CALLS * 1_000_000_000L / 100_000;

    @Param({"healthy", "stalled"})
    public String sink;

    private final CountDownLatch release = new CountDownLatch(1);
    private final DroppedEvents dropped = new DroppedEvents();
    private Path file;
    private Exporter exporter;
    private SupportOpsPipeline pipeline;
    private long due;

    @Setup(Level.Trial)
    public void start() throws IOException {
        file = Files.createTempFile("ratri-stall-bench-", ".jsonl");
        Sink healthy = Sinks.jsonl(file, SupportOpsPipeline.json());
        // the agent's default queue.size, as a user gets it
        EventQueue queue = new EventQueue(AgentConfig.from("", new Properties(), Map.of()).queueSize());
        exporter = new Exporter(queue, dropped, List.of(sink.equals("stalled") ? new Stalled(healthy) : healthy));
        exporter.start();
        pipeline = new SupportOpsPipeline(queue::offer, dropped);
        due = System.nanoTime();
    }

    /** Waits for the next slot; not timed. */
    @Setup(Level.Invocation)
    public void pace() {
        due += PACE_NANOS;
        long now;
        while ((now = System.nanoTime()) < due) {
            Thread.onSpinWait();
        }
        if (now - due > 1_000_000) {
            due = now; // fell behind (GC, descheduled): do not burst to catch up
        }
    }

    @Benchmark
    public void iteration() {
        pipeline.iteration();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        release.countDown();
        exporter.stop(10_000);
        Files.deleteIfExists(file);
        System.out.printf("%n%s sink: %,d events exported, %,d dropped%n", sink, exporter.exported(),
                dropped.total());
    }

    /** Blocks the exporter in its first write until the trial ends, then writes through. */
    private final class Stalled implements Sink {
        private final Sink delegate;

        Stalled(Sink delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public void write(Batch batch) throws IOException {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delegate.write(batch);
        }

        @Override
        public void flush() throws IOException {
            delegate.flush();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
