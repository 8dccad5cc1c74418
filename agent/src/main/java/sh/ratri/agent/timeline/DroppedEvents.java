package sh.ratri.agent.timeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts events lost to a full queue, and carries each session's loss to the exporter, which writes
 * an {@code agent.dropped} event into that session: loss is never silent. Every loss is counted in
 * the total (the exit line) at once; a thread puts a session's loss in line for the exporter in one
 * report ({@link PendingLoss}), a session id and a count, so losing events allocates nothing and
 * holds no session's state. While the exporter is stalled the line holds at most
 * {@link #MAX_AWAITING} reports, so a stall cannot grow memory with every new session; a report that
 * finds the line full is kept by its thread and handed in later.
 */
public final class DroppedEvents {

    static final int MAX_AWAITING = 4096;
    private static final int MASK = MAX_AWAITING - 1;

    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle TAIL;
    private static final VarHandle HEAD;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(DroppedEvents.class, "tail", long.class);
            HEAD = lookup.findVarHandle(DroppedEvents.class, "head", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final AtomicLong total = new AtomicLong();
    private final long[] sessions = new long[MAX_AWAITING];
    /** Per place in the line, its report's count once written (never 0), 0 while free or claimed but not yet written. */
    private final long[] counts = new long[MAX_AWAITING];
    // padding keeps the index the threads claim with off the exporter's line
    @SuppressWarnings("unused")
    private long p01, p02, p03, p04, p05, p06, p07;
    @SuppressWarnings("unused") // through TAIL
    private volatile long tail;
    @SuppressWarnings("unused")
    private long p11, p12, p13, p14, p15, p16, p17;
    @SuppressWarnings("unused") // through HEAD
    private volatile long head;

    /** {@code events} more were lost: counted in the total now, reported per session through {@link #report}. */
    void counted(int events) {
        total.addAndGet(events);
    }

    /**
     * Puts {@code count} events lost by session {@code sessionId} in line for the exporter; false,
     * at once, when the line is full.
     */
    boolean report(long sessionId, long count) {
        long at;
        do {
            at = (long) TAIL.getVolatile(this);
            if (at - (long) HEAD.getAcquire(this) >= MAX_AWAITING) {
                return false;
            }
        } while (!TAIL.compareAndSet(this, at, at + 1));
        int place = (int) at & MASK;
        sessions[place] = sessionId;
        COUNTS.setRelease(counts, place, count);
        return true;
    }

    /** Whether the exporter has taken every report put in line. */
    boolean idle() {
        return (long) HEAD.getAcquire(this) == (long) TAIL.getAcquire(this);
    }

    /** Where {@link #drain} hands each loss: primitives, so that reporting boxes nothing. */
    @FunctionalInterface
    public interface LossReport {
        void lost(long sessionId, long count);
    }

    /**
     * Hands the losses reported since the last call to {@code report.lost(sessionId, count)}, one call
     * for each run of reports of the same session (a long session's loss is put in line in parts).
     * Takes only the reports in line when it starts, so threads that keep losing events cannot keep the
     * exporter here. Exporter thread only.
     */
    public void drain(LossReport report) {
        long to = (long) TAIL.getAcquire(this);
        long sessionId = 0;
        long count = 0;
        for (long at = (long) HEAD.getOpaque(this); at < to; at++) {
            int place = (int) at & MASK;
            long lost = (long) COUNTS.getAcquire(counts, place);
            if (lost == 0) {
                break; // claimed, not yet written: the rest waits for the next call
            }
            long session = sessions[place];
            COUNTS.set(counts, place, 0L);
            HEAD.setRelease(this, at + 1); // freed as read: a report that throws cannot make the next call hand it again
            if (count > 0 && session != sessionId) {
                report.lost(sessionId, count);
                count = 0;
            }
            sessionId = session;
            count += lost;
        }
        if (count > 0) {
            report.lost(sessionId, count);
        }
    }

    public long total() {
        return total.get();
    }
}
