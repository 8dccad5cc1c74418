package sh.ratri.agent.timeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts events lost to a full queue, per session, so the exporter can write an
 * {@code agent.dropped} event into each session that lost some: loss is never silent. While the
 * exporter is stalled, at most {@link #MAX_AWAITING} sessions wait for their report, so a stall
 * cannot grow memory with every new session; a session that finds the line full keeps its count
 * and joins at its next loss, and the total (in the exit line) counts every loss either way.
 *
 * <p>The sessions waiting are a stack linked through the sessions themselves
 * ({@link SessionState#nextWithLoss}): joining allocates nothing, which matters most when events are
 * being lost.
 */
public final class DroppedEvents {

    static final int MAX_AWAITING = 4096;

    private static final VarHandle WITH_LOSS;

    static {
        try {
            WITH_LOSS = MethodHandles.lookup().findVarHandle(DroppedEvents.class, "withLoss", SessionState.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The top of the stack of sessions waiting for their report, the last to join first. */
    @SuppressWarnings("unused") // through WITH_LOSS
    private volatile SessionState withLoss;
    private final AtomicInteger awaiting = new AtomicInteger();
    private final AtomicLong total = new AtomicLong();

    void count(SessionState session) {
        total.incrementAndGet();
        session.countDropped();
        if (awaiting.get() < MAX_AWAITING && session.startAwaitingReport()) {
            if (awaiting.incrementAndGet() <= MAX_AWAITING) {
                session.joinedLine();
                push(session);
            } else { // another thread took the last place
                awaiting.decrementAndGet();
                session.stopAwaitingReport();
            }
        }
    }

    private void push(SessionState session) {
        SessionState top;
        do {
            top = (SessionState) WITH_LOSS.getVolatile(this);
            session.nextWithLoss = top; // the session is this thread's to link until the CAS publishes it
        } while (!WITH_LOSS.compareAndSet(this, top, session));
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
     * Hands each session's loss since the last call to {@code report.lost(sessionId, count)}, in the
     * order the sessions joined. Takes only the sessions waiting when it starts: a session that loses
     * more meanwhile waits for the next call, so producers that keep losing events cannot keep the
     * exporter here.
     */
    public void drain(LossReport report) {
        SessionState session = oldestFirst((SessionState) WITH_LOSS.getAndSet(this, null));
        while (session != null) {
            SessionState next = session.nextWithLoss;
            session.nextWithLoss = null; // a held session must not keep the ones that joined after it alive
            // the id before the session leaves the line: from then on its thread may reuse it for another
            long id = session.id;
            awaiting.decrementAndGet();
            session.stopAwaitingReport(); // before taking: a loss from now on puts it in line again
            long count = session.takeDropped();
            session.leftLine(); // only now may its thread reuse it
            if (count > 0) {
                report.lost(id, count);
            }
            session = next;
        }
    }

    /** Reverses the taken stack; its sessions are the exporter's to relink, as none can join again yet. */
    private static SessionState oldestFirst(SessionState top) {
        SessionState reversed = null;
        while (top != null) {
            SessionState next = top.nextWithLoss;
            top.nextWithLoss = reversed;
            reversed = top;
            top = next;
        }
        return reversed;
    }

    public long total() {
        return total.get();
    }
}
