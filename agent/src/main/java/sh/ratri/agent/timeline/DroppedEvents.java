package sh.ratri.agent.timeline;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts events lost to a full queue, per session, so the exporter can write an
 * {@code agent.dropped} event into each session that lost some: loss is never silent. While the
 * exporter is stalled, at most {@link #MAX_AWAITING} sessions wait for their report, so a stall
 * cannot grow memory with every new session; a session that finds the line full keeps its count
 * and joins at its next loss, and the total (in the exit line) counts every loss either way.
 */
public final class DroppedEvents {

    static final int MAX_AWAITING = 4096;

    private final ConcurrentLinkedQueue<SessionState> sessionsWithLoss = new ConcurrentLinkedQueue<>();
    private final AtomicInteger awaiting = new AtomicInteger();
    private final AtomicLong total = new AtomicLong();

    void count(SessionState session) {
        total.incrementAndGet();
        session.countDropped();
        if (awaiting.get() < MAX_AWAITING && session.startAwaitingReport()) {
            if (awaiting.incrementAndGet() <= MAX_AWAITING) {
                sessionsWithLoss.add(session);
            } else { // another thread took the last place
                awaiting.decrementAndGet();
                session.stopAwaitingReport();
            }
        }
    }

    /**
     * An event claimed in the queue but never written, its producer gone part way: counted in the
     * total (the exit line), in no session's report, as which session it was for is unknown.
     */
    public void countUnwritten() {
        total.incrementAndGet();
    }

    /** Where {@link #drain} hands each loss: primitives, so that reporting boxes nothing. */
    @FunctionalInterface
    public interface LossReport {
        void lost(long sessionId, long count);
    }

    /**
     * Hands each session's loss since the last call to {@code report.lost(sessionId, count)}. Takes only
     * the sessions waiting when it starts: a session that loses more meanwhile waits for the next
     * call, so producers that keep losing events cannot keep the exporter here.
     */
    public void drain(LossReport report) {
        SessionState session;
        for (int n = awaiting.get(); n > 0 && (session = sessionsWithLoss.poll()) != null; n--) {
            awaiting.decrementAndGet();
            session.stopAwaitingReport(); // before taking: a loss from now on queues it again
            long count = session.takeDropped();
            if (count > 0) {
                report.lost(session.id, count);
            }
        }
    }

    public long total() {
        return total.get();
    }
}
