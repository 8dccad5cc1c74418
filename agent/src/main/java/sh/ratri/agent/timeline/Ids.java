package sh.ratri.agent.timeline;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Session, run, step, tool-call and handoff ids, made on the application thread as plain longs:
 * the high bits are the (about) milliseconds since the agent started, the low 22 bits a counter.
 * The exporter spells them as UUIDv7 strings ({@code IdFormat}), so they sort by creation time.
 */
public final class Ids {

    public static final int COUNTER_BITS = 22;

    private final long startNanos;
    private final AtomicLong counter = new AtomicLong();

    public Ids(long startNanos) {
        this.startNanos = startNanos;
    }

    /** {@code nanos} is the caller's {@code System.nanoTime()}; {@code >>> 20} is close enough to milliseconds. */
    public long next(long nanos) {
        long ticks = Math.max(0, nanos - startNanos) >>> 20;
        return (ticks << COUNTER_BITS) | (counter.incrementAndGet() & ((1L << COUNTER_BITS) - 1));
    }
}
