package sh.ratri.benchmarks.workload;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One thread's records for {@link FloorCalls}: a preallocated ring of {@value #RECORDS} records, one
 * 64-byte cache line each (call site, nanoTime, thread id, sequence), written by its thread and, when
 * handed off, taken by one {@link FloorConsumer}. Without a consumer the ring wraps and overwrites what
 * nothing reads (an exporter that is off); with one, a record that would overwrite one not yet taken
 * is dropped and counted, so the producer never waits.
 */
final class FloorRing {

    /** 4 MB per thread: at this machine's fastest rate, milliseconds of records, so a parked consumer drops none. */
    static final int RECORDS = 1 << 16;
    private static final int MASK = RECORDS - 1;
    /**
     * Longs per record: a cache line, so the consumer never reads a line the producer is still writing.
     * The array's 16-byte header shifts records off line boundaries, but each one's four longs stay in one line.
     */
    private static final int STRIDE = 8;
    private static final int SITE = 0;
    private static final int NANOS = 1;
    private static final int THREAD = 2;
    /** Written last, with release: one more than the record's index, so it also tells the consumer the record is complete. */
    private static final int SEQUENCE = 3;
    /** The consumer publishes how far it has taken once per this many records, not per record: the producer reads it rarely. */
    private static final int RELEASE_EVERY = 256;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] records = new long[RECORDS * STRIDE];
    private final long threadId;
    // the producer's own
    private long produced;
    /** Where the producer may write up to without reading {@code consumed}, whose line the consumer keeps writing. */
    private long limit;
    private long dropped;
    // padding keeps the producer's fields and the consumer's on separate cache lines
    @SuppressWarnings("unused")
    private long p01, p02, p03, p04, p05, p06, p07;
    private volatile long consumed;
    // the consumer's own
    private long taken;
    private long checksum;

    FloorRing(long threadId, boolean handedOff) {
        this.threadId = threadId;
        this.limit = handedOff ? RECORDS : Long.MAX_VALUE;
    }

    /** The producer: records one end of a call; never blocks. */
    void record(long site, long nanos) {
        long index = produced;
        if (index >= limit) {
            limit = consumed + RECORDS;
            if (index >= limit) {
                dropped++;
                return;
            }
        }
        int base = ((int) index & MASK) * STRIDE;
        records[base + SITE] = site;
        records[base + NANOS] = nanos;
        records[base + THREAD] = threadId;
        LONGS.setRelease(records, base + SEQUENCE, index + 1);
        produced = index + 1;
    }

    /** Records this ring's producer found no room for; read on the producer's thread. */
    long dropped() {
        return dropped;
    }

    /** The consumer: reads every record published since its last call; returns how many. */
    int take() {
        long next = taken;
        long sum = checksum;
        while (true) {
            int base = ((int) next & MASK) * STRIDE;
            if ((long) LONGS.getAcquire(records, base + SEQUENCE) != next + 1) {
                break;
            }
            sum += records[base + SITE] ^ records[base + NANOS] ^ records[base + THREAD];
            next++;
            if ((next & (RELEASE_EVERY - 1)) == 0) {
                consumed = next;
            }
        }
        int count = (int) (next - taken);
        taken = next;
        checksum = sum; // kept, so that the JIT cannot drop the reads
        return count;
    }

    /** The consumer, before it parks: hands the producer every slot it has taken. */
    void releaseTaken() {
        if (consumed != taken) {
            consumed = taken;
        }
    }
}
