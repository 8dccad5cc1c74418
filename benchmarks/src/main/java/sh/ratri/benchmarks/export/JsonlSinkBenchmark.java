package sh.ratri.benchmarks.export;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import sh.ratri.agent.export.Batch;
import sh.ratri.agent.export.EventJson;
import sh.ratri.agent.export.sink.JsonlSink;
import sh.ratri.agent.export.sink.Sinks;
import sh.ratri.agent.timeline.Event;
import sh.ratri.benchmarks.JmhSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The {@code jsonl} sink on one thread: support-ops events made by the real timeline, serialised
 * by {@link EventJson} into a {@link JsonlSink} a batch of 512 at a time, as the exporter hands them
 * over. The score is events/s; the {@code bytes} and {@code events} counters give bytes/event.
 * {@code target=file} writes a temp file (page cache), {@code devnull} leaves only the serialising.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JsonlSinkBenchmark extends JmhSettings {

    private static final int BATCH = 512;

    @Param({"file", "devnull"})
    public String target;

    private final Event[] sample = SupportOpsPipeline.events(200);
    private final EventJson json = SupportOpsPipeline.json();
    private final Batch batch = new Batch(BATCH);
    private Path file;
    private JsonlSink sink;
    private long sequence;

    /** Totals per iteration: bytes / events = bytes per event. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Written {
        public long bytes;
        public long events;

        @Setup(Level.Iteration)
        public void clear() {
            bytes = 0;
            events = 0;
        }
    }

    @Setup(Level.Iteration)
    public void open() throws IOException {
        if (target.equals("file")) {
            file = Files.createTempFile("ratri-jsonl-bench-", ".jsonl");
            Files.delete(file); // the sink creates it with the first event, as in real use
        } else {
            file = Path.of("/dev/null");
        }
        sink = Sinks.jsonl(file, json);
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        sink.close();
        if (target.equals("file")) {
            Files.deleteIfExists(file);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void batch(Written written) throws IOException {
        for (int i = 0; i < BATCH; i++) {
            batch.add(sample[(int) (sequence % sample.length)], sequence++);
        }
        long before = sink.bytes();
        sink.write(batch);
        sink.flush();
        batch.clear();
        written.bytes += sink.bytes() - before;
        written.events += BATCH;
    }
}
