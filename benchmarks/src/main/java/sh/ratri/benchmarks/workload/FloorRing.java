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

    /**
     * 64 MB per thread: here the consumer reads barely slower than the calls write at full speed, so its lag
     * grows over a run; this many drop none over compare.sh's run (a sixteenth of it dropped 3–18 %).
     */
    static final int RECORDS = 1 << 20;
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
    /**
     * The consumer waits for a whole batch of this many records, reads them and frees them at once: polling
     * the record the producer writes next would pull that line from the producer's core for every record
     * (190–330 ns per call here, against 65–80), and one acquire of a batch's last record covers the others.
     */
    private static final int BATCH = 64;
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
        int base = slot(index);
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

    /** The consumer: reads every whole batch published since its last call; returns how many records. */
    int takeBatches() {
        long next = taken;
        while (published(next + BATCH - 1)) {
            for (long end = next + BATCH; next < end; next++) {
                read(next);
            }
            consumed = next;
        }
        return advance(next);
    }

    /** The consumer, before it parks: reads the records published short of a batch and frees them. */
    int takeRest() {
        long next = taken;
        while (published(next)) {
            read(next);
            next++;
        }
        consumed = next;
        return advance(next);
    }

    private boolean published(long index) {
        return (long) LONGS.getAcquire(records, slot(index) + SEQUENCE) == index + 1;
    }

    private void read(long index) {
        int base = slot(index);
        // kept in a field, so that the JIT cannot drop the reads
        checksum += records[base + SITE] ^ records[base + NANOS] ^ records[base + THREAD];
    }

    private int advance(long next) {
        int count = (int) (next - taken);
        taken = next;
        return count;
    }

    private static int slot(long index) {
        return ((int) index & MASK) * STRIDE;
    }
}
