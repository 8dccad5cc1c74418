package sh.ratri.benchmarks.workload;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The workload {@code compare.sh} runs under each agent: iterations of {@link Nested} (5 traced calls
 * each), timed on the application thread. Arguments are {@code key=value}:
 * <ul>
 * <li>{@code calls} picks what is timed: {@code nested} (default) the annotated {@link Nested};
 *     {@code floor-record} and {@code floor-handoff} the same calls recording their own ends, as cheaply
 *     as any tracer could, for nothing to read or for one consumer thread ({@link FloorCalls}; run them
 *     without an agent); the line then also gives {@code floor_dropped}, the records the calls found no
 *     room for;</li>
 * <li>{@code warmup} iterations before timing (default 300000), {@code iterations} per round
 *     (400000), {@code rounds} (5): prints ns per traced call of each round and their median;</li>
 * <li>{@code rate=R} paces the timed part at R traced calls/s for {@code seconds} (default 3) instead,
 *     and {@code latency=true} records each iteration's latency and prints p50/p99/p99.9;</li>
 * <li>{@code stall=DIR} makes {@code DIR} stall the {@code jsonl} sink: the file the agent is about to
 *     create there becomes a FIFO nobody reads, so the exporter blocks in open() (a real stalled
 *     disk); at the end a reader drains it, so the exit flush completes and reports the drops.</li>
 * </ul>
 * With {@code -Dlaunch.epoch.micros=$(date +%s%6N)} it also prints the time from launch to main
 * ({@code startup_ms}) and to the end of the first traced call ({@code first_call_ms}), which
 * includes loading and weaving the annotated class: an agent that defers work past main pays it there;
 * {@code first_call_cpu_ms} is the CPU time of the application thread until then (work moved to other
 * threads is not in it). {@code cpu_ns_per_call} is the whole process's CPU time (all threads: the
 * agent's exporter, GC, JIT) over the timed rounds and until its threads have gone quiet after them,
 * per traced call.
 */
public final class Workload {

    private static final int CALLS_PER_ITERATION = 5;

    public static void main(String[] args) throws Exception {
        long mainMicros = epochMicros(); // first line: start-to-main is measured to here
        Map<String, String> options = options(args);
        String launch = System.getProperty("launch.epoch.micros");
        StringBuilder out = new StringBuilder("workload:");
        if (launch != null) {
            out.append(" startup_ms=").append(String.format("%.1f", (mainMicros - Long.parseLong(launch)) / 1000.0));
        }
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "300000"));
        int iterations = Integer.parseInt(options.getOrDefault("iterations", "400000"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
        long rate = Long.parseLong(options.getOrDefault("rate", "0"));
        double seconds = Double.parseDouble(options.getOrDefault("seconds", "3"));
        boolean latency = Boolean.parseBoolean(options.getOrDefault("latency", "false"));
        List<Path> fifos = options.containsKey("stall") ? stall(Path.of(options.get("stall"))) : List.of();

        Calls calls = calls(options.getOrDefault("calls", "nested"));
        int sink = calls.session(0).length(); // the first traced call: loads and weaves Nested
        if (launch != null) {
            out.append(" first_call_ms=")
                    .append(String.format("%.1f", (epochMicros() - Long.parseLong(launch)) / 1000.0));
            // read after the clock above, which it would otherwise delay: less sensitive to a loaded machine
            out.append(" first_call_cpu_ms=").append(String.format("%.1f",
                    ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e6));
        }
        for (int i = 0; i < warmup; i++) {
            sink += calls.session(i).length();
        }
        if (rate <= 0) {
            double[] perCall = new double[rounds];
            long cpuBefore = processCpuNanos();
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                for (int i = 0; i < iterations; i++) {
                    sink += calls.session(i).length();
                }
                perCall[r] = (System.nanoTime() - start) / (double) iterations / CALLS_PER_ITERATION;
            }
            double[] sorted = perCall.clone();
            Arrays.sort(sorted);
            out.append(String.format(" ns_per_call=%.1f min=%.1f rounds=", sorted[rounds / 2], sorted[0]));
            for (int r = 0; r < rounds; r++) {
                out.append(r == 0 ? "" : ",").append(String.format("%.1f", perCall[r]));
            }
            long timedCalls = (long) rounds * iterations * CALLS_PER_ITERATION;
            out.append(" calls=").append(timedCalls);
            out.append(String.format(" cpu_ns_per_call=%.1f", (settledProcessCpuNanos() - cpuBefore) / (double) timedCalls));
        } else {
            sink += paced(calls, rate, seconds, latency, out);
        }
        if (calls instanceof FloorCalls floor) {
            out.append(" floor_dropped=").append(floor.dropped());
        }
        out.append(" check=").append(sink);
        System.out.println(out);
        System.out.flush();
        fifos.forEach(Workload::drain);
    }

    /** Runs {@code rate} traced calls/s in 1 ms slices; returns a value that keeps the JIT honest. */
    private static int paced(Calls calls, long rate, double seconds, boolean latency, StringBuilder out) {
        long total = (long) (rate * seconds) / CALLS_PER_ITERATION;
        double nanosPerIteration = 1e9 * CALLS_PER_ITERATION / rate;
        long[] latencies = latency ? new long[(int) total] : null;
        int sink = 0;
        long start = System.nanoTime();
        long late = 0;
        for (long i = 0; i < total; i++) {
            long due = start + (long) (i * nanosPerIteration);
            long now = System.nanoTime();
            if (due - now > 200_000) {
                LockSupport.parkNanos(due - now);
            } else if (now - due > 10_000_000) {
                late++;
            }
            if (latency) {
                long t0 = System.nanoTime();
                sink += calls.session((int) i).length();
                latencies[(int) i] = System.nanoTime() - t0;
            } else {
                sink += calls.session((int) i).length();
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        out.append(String.format(" target_rate=%d achieved_rate=%.0f seconds=%.2f late_iterations=%d", rate,
                total * CALLS_PER_ITERATION / elapsed, elapsed, late));
        if (latency) {
            Arrays.sort(latencies);
            out.append(String.format(" iteration_ns_p50=%d p99=%d p99.9=%d max=%d", percentile(latencies, 0.50),
                    percentile(latencies, 0.99), percentile(latencies, 0.999), latencies[latencies.length - 1]));
        }
        return sink;
    }

    private static Calls calls(String shape) {
        return switch (shape) {
            case "nested" -> new Nested();
            case "floor-record" -> FloorCalls.recording();
            case "floor-handoff" -> FloorCalls.handingOff();
            default -> throw new IllegalArgumentException("calls must be nested, floor-record or floor-handoff, got " + shape);
        };
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * The process's CPU time once its other threads (an exporter's backlog, GC, JIT) have gone quiet:
     * less than 1 ms of CPU over a 50 ms wait, or 5 s at most. Work an agent defers to its own threads
     * is part of what a traced call costs.
     */
    private static long settledProcessCpuNanos() {
        long cpu = processCpuNanos();
        for (int i = 0; i < 100; i++) {
            LockSupport.parkNanos(50_000_000L);
            long now = processCpuNanos();
            if (now - cpu < 1_000_000L) {
                return now;
            }
            cpu = now;
        }
        return cpu;
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /**
     * The agent names its file {@code <start second>-<pid>.jsonl}; it has not created it yet (no
     * event so far), so a FIFO for every second the agent may have started in takes its place.
     */
    private static List<Path> stall(Path dir) throws IOException, InterruptedException {
        DateTimeFormatter second = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
        long pid = ProcessHandle.current().pid();
        long from = ManagementFactory.getRuntimeMXBean().getStartTime() / 1000 - 1;
        long to = System.currentTimeMillis() / 1000 + 1;
        Files.createDirectories(dir);
        List<Path> fifos = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            Path fifo = dir.resolve(second.format(Instant.ofEpochSecond(s)) + "-" + pid + ".jsonl");
            Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
            if (mkfifo.waitFor() == 0) {
                fifos.add(fifo);
            }
        }
        return fifos;
    }

    /** Un-stalls the sink so the exit flush can finish; reads in a daemon thread until the writer closes. */
    private static void drain(Path fifo) {
        Thread reader = new Thread(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // the exit summary line tells what was written and dropped
            }
        }, "fifo-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("expected key=value, got " + arg);
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return options;
    }

    private static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
