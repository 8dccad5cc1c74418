package sh.ratri.benchmarks.workload;

import com.sun.management.ThreadMXBean;
import sh.ratri.benchmarks.overhead.InRun;
import sh.ratri.benchmarks.overhead.Targets;
import sh.ratri.benchmarks.pipeline.PlainPipeline;
import sh.ratri.benchmarks.pipeline.Ticket;
import sh.ratri.benchmarks.pipeline.TracedPipeline;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bytes the calling thread allocates per call once warm, for each benchmark of {@code AnnotationOverhead}
 * and {@code PipelineBenchmark}: the application thread's own share. JMH's {@code -prof gc} adds up
 * every thread's, the exporter's included, so with a sink that writes it cannot tell them apart. Run
 * under the agent with any exporter; arguments {@code warmup=} and {@code rounds=} (of 1,000 calls),
 * and {@code pauseMillis=} after each round, so that a sink slower than the calls drains the queue
 * (a session that lost events is reused only once the exporter has taken its loss, so drops would add
 * its state to most calls):
 * <pre>
 * java -javaagent:ratri-agent.jar=jsonl.dir=/tmp/events -cp ratri-benchmarks.jar \
 *      sh.ratri.benchmarks.workload.ThreadAllocation rounds=200 pauseMillis=20
 * </pre>
 */
public final class ThreadAllocation {

    private static final int CALLS = 1_000;

    private ThreadAllocation() {
    }

    public static void main(String[] args) throws InterruptedException {
        int warmup = 2_000;
        int rounds = 1_000;
        long pauseMillis = 0;
        for (String arg : args) {
            String value = arg.substring(arg.indexOf('=') + 1);
            if (arg.startsWith("warmup=")) {
                warmup = Integer.parseInt(value);
            } else if (arg.startsWith("rounds=")) {
                rounds = Integer.parseInt(value);
            } else if (arg.startsWith("pauseMillis=")) {
                pauseMillis = Long.parseLong(value);
            }
        }
        Targets targets = new Targets();
        InRun inRun = new InRun();
        String value = "ticket SUP-123";
        TracedPipeline traced = new TracedPipeline();
        PlainPipeline plain = new PlainPipeline();
        Ticket ticket = Ticket.escalation();
        Map<String, Runnable> benchmarks = new LinkedHashMap<>();
        benchmarks.put("session", () -> {
            for (int i = 0; i < CALLS; i++) {
                targets.session(value);
            }
        });
        for (InRun.Kind kind : InRun.Kind.values()) {
            benchmarks.put(kind.name().toLowerCase(), () -> inRun.loop(targets, kind, value, CALLS));
        }
        benchmarks.put("pipeline traced", () -> {
            for (int i = 0; i < CALLS; i++) {
                traced.handle(ticket);
            }
        });
        benchmarks.put("pipeline plain", () -> {
            for (int i = 0; i < CALLS; i++) {
                plain.handle(ticket);
            }
        });

        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (Map.Entry<String, Runnable> benchmark : benchmarks.entrySet()) {
            for (int r = 0; r < warmup; r++) {
                benchmark.getValue().run();
                pause(pauseMillis);
            }
            long before = threads.getThreadAllocatedBytes(thread);
            for (int r = 0; r < rounds; r++) {
                benchmark.getValue().run();
                pause(pauseMillis);
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            System.out.printf("%-16s %10.3f B/call on the calling thread%n", benchmark.getKey(),
                    allocated / ((double) rounds * CALLS));
        }
    }

    private static void pause(long millis) throws InterruptedException {
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
