package sh.ratri.benchmarks.export;

import sh.ratri.agent.export.Batch;
import sh.ratri.agent.export.EventJson;
import sh.ratri.agent.export.EventQueue;
import sh.ratri.agent.export.Exporter;
import sh.ratri.agent.export.sink.JsonlSink;
import sh.ratri.agent.export.sink.Sinks;
import sh.ratri.agent.timeline.DroppedEvents;
import sh.ratri.agent.timeline.Event;
import sh.ratri.agent.timeline.Timeline;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Throughput of the {@code jsonl} sink on one thread, driving the export classes directly (it lives
 * in their package for that; at run time they come from the shaded agent jar, attached with
 * {@code exporter=none} so that its bridge classes are in the bootstrap loader as in real use):
 * real events from the support-ops pipeline, made by the real {@link Timeline}, serialised by
 * {@link EventJson} into a {@link JsonlSink} in batches as the exporter hands them over.
 * Then the same through {@link EventQueue} and the {@link Exporter} thread, fed by one producer.
 *
 * <pre>java -javaagent:ratri-agent.jar=exporter=none -cp ratri-benchmarks.jar \
 *     sh.ratri.benchmarks.export.JsonlSinkThroughput [DIR] [EVENTS]</pre>
 *
 * <p>On a shared machine, {@code best-of ROUNDS EVENTS} runs only the {@code /dev/null} loop as
 * many short rounds (after 10 warm-up rounds) and prints the best, upper-quartile and median
 * rounds' events per CPU-second: other processes only ever add CPU time to a round (cache and
 * frequency interference), so the best rounds are the least disturbed ones.
 */
public final class JsonlSinkThroughput {

    private static final int BATCH = 512;
    /** The machine is shared: CPU time says what one core does, wall time what this run got. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    /** Exact whatever the load: what spelling and writing the events allocated on this thread. */
    private static final com.sun.management.ThreadMXBean ALLOCATED = (com.sun.management.ThreadMXBean) CPU;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("best-of")) {
            bestOf(Integer.parseInt(args[1]), Long.parseLong(args[2]));
            return;
        }
        Path dir = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
        long events = args.length > 1 ? Long.parseLong(args[1]) : 5_000_000L;
        Event[] sample = SupportOpsPipeline.events(200);
        EventJson json = SupportOpsPipeline.json();

        for (int round = 0; round < 3; round++) {
            Path file = Files.createTempFile(dir, "ratri-sink-", ".jsonl");
            Files.delete(file);
            sinkOnly(json, sample, file, events / 5); // warm-up
            Files.deleteIfExists(file);
            long cpu = CPU.getCurrentThreadCpuTime();
            long nanos = sinkOnly(json, sample, file, events);
            cpu = CPU.getCurrentThreadCpuTime() - cpu;
            long bytes = Files.size(file);
            Files.delete(file);
            System.out.printf("jsonl sink (1 thread, file):            %,.0f events/s (%,.0f per CPU-second)  %.1f bytes/event%n",
                    events * 1e9 / nanos, events * 1e9 / cpu, bytes / (double) events);
            cpu = CPU.getCurrentThreadCpuTime();
            long devNull = sinkOnly(json, sample, Path.of("/dev/null"), events);
            cpu = CPU.getCurrentThreadCpuTime() - cpu;
            System.out.printf("jsonl sink (1 thread, /dev/null):       %,.0f events/s (%,.0f per CPU-second)%n",
                    events * 1e9 / devNull, events * 1e9 / cpu);
            long piped = exporter(json, sample, file, events);
            Files.delete(file);
            System.out.printf("queue → exporter thread → jsonl (file): %,.0f events/s%n", events * 1e9 / piped);
        }
    }

    private static void bestOf(int rounds, long eventsPerRound) throws Exception {
        Event[] sample = SupportOpsPipeline.events(200);
        EventJson json = SupportOpsPipeline.json();
        Path devNull = Path.of("/dev/null");
        for (int round = 0; round < 10; round++) {
            sinkOnly(json, sample, devNull, eventsPerRound);
        }
        double[] perCpuSecond = new double[rounds];
        long allocated = ALLOCATED.getCurrentThreadAllocatedBytes();
        for (int round = 0; round < rounds; round++) {
            long cpu = CPU.getCurrentThreadCpuTime();
            sinkOnly(json, sample, devNull, eventsPerRound);
            perCpuSecond[round] = eventsPerRound * 1e9 / (CPU.getCurrentThreadCpuTime() - cpu);
        }
        allocated = ALLOCATED.getCurrentThreadAllocatedBytes() - allocated;
        Arrays.sort(perCpuSecond);
        System.out.printf("jsonl sink (1 thread, /dev/null), %d rounds of %,d events, per CPU-second: "
                        + "best %,.0f  upper quartile %,.0f  median %,.0f; allocated %.1f bytes/event%n", rounds,
                eventsPerRound, perCpuSecond[rounds - 1], perCpuSecond[rounds * 3 / 4], perCpuSecond[rounds / 2],
                allocated / (double) (rounds * eventsPerRound));
    }

    private static long sinkOnly(EventJson json, Event[] sample, Path file, long events)
            throws Exception {
        JsonlSink sink = Sinks.jsonl(file, json);
        Batch batch = new Batch(BATCH);
        long start = System.nanoTime();
        for (long i = 0; i < events; i++) {
            batch.add(sample[(int) (i % sample.length)], i);
            if (batch.isFull()) {
                sink.write(batch);
                batch.clear();
            }
        }
        if (batch.size() > 0) {
            sink.write(batch);
            batch.clear();
        }
        sink.flush();
        long nanos = System.nanoTime() - start;
        sink.close();
        return nanos;
    }

    private static long exporter(EventJson json, Event[] sample, Path file, long events) {
        EventQueue queue = new EventQueue(65536);
        Exporter exporter = new Exporter(queue, new DroppedEvents(), List.of(Sinks.jsonl(file, json)));
        exporter.start();
        long start = System.nanoTime();
        for (long i = 0; i < events; i++) {
            Event e = sample[(int) (i % sample.length)];
            while (!queue.offer(e)) {
                Thread.onSpinWait();
            }
        }
        exporter.stop(600_000);
        long nanos = System.nanoTime() - start;
        if (exporter.exported() != events) {
            throw new IllegalStateException("exported " + exporter.exported() + " of " + events);
        }
        return nanos;
    }
}
