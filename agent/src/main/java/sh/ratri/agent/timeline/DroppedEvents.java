package sh.ratri.agent.timeline;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Counts events lost to a full queue, per session, so the exporter can write an
 * {@code agent.dropped} event into each session that lost some: loss is never silent.
 */
public final class DroppedEvents {

    private final ConcurrentLinkedQueue<SessionState> sessionsWithLoss = new ConcurrentLinkedQueue<>();
    private final AtomicLong total = new AtomicLong();

    void count(SessionState session) {
        total.incrementAndGet();
        if (session.countDropped() == 0) {
            sessionsWithLoss.add(session);
        }
    }

    /** Hands each session's loss since the last call to {@code report(sessionId, count)}. */
    public void drain(BiConsumer<Long, Long> report) {
        SessionState session;
        while ((session = sessionsWithLoss.poll()) != null) {
            long count = session.takeDropped();
            if (count > 0) {
                report.accept(session.id, count);
            }
        }
    }

    public long total() {
        return total.get();
    }
}
