package sh.ratri.agent.timeline;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Session, run, step, tool-call and handoff ids, made on the application thread as plain longs:
 * the high bits are the (about) milliseconds since the agent started, the low 22 bits a counter.
 * The exporter spells them as UUIDv7 strings ({@code IdFormat}), so they sort by creation time.
 */
public final class Ids {

    public static final int COUNTER_BITS = 22;
    private static final long COUNTER_MASK = (1L << COUNTER_BITS) - 1;
    /** Counter values a thread reserves at once: one shared increment per 64 ids, not one per id. */
    private static final int BLOCK_SIZE = 64;

    private final long startNanos;
    private final AtomicLong counter = new AtomicLong();

    public Ids(long startNanos) {
        this.startNanos = startNanos;
    }

    /** A new block of counter values, for one thread's use only. */
    public Block block() {
        return new Block();
    }

    /**
     * One thread's reserved counter values. A block serves a single tick, so the ids of one tick come
     * from blocks reserved in that tick: distinct unless 4M counter values are reserved within it.
     */
    public final class Block {

        private long ticks = -1;
        private long next;
        private long end;

        private Block() {
        }

        /** {@code nanos} is the caller's {@code System.nanoTime()}; {@code >>> 20} is close enough to milliseconds. */
        public long next(long nanos) {
            long now = Math.max(0, nanos - startNanos) >>> 20;
            if (next == end || ticks != now) {
                next = counter.getAndAdd(BLOCK_SIZE) + 1; // + 1: an id is never 0, which means "none"
                end = next + BLOCK_SIZE;
                ticks = now;
            }
            return (now << COUNTER_BITS) | (next++ & COUNTER_MASK);
        }
    }
}
