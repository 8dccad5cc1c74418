package sh.ratri.agent.timeline;

/**
 * The events one thread lost in one session and have not been put in line for the session's report
 * ({@link DroppedEvents}) yet. Only its thread reads and writes it, so counting a lost event for its
 * report is a plain add, and a session's report goes in line once, when the thread's last frame in
 * it ends, rather than once per event: while the queue is full, most events are lost. A long session
 * still has its loss reported as it goes: a frame that ends while the exporter has taken every
 * report puts it in line too.
 */
final class PendingLoss {

    private long sessionId;
    private long count;

    /** {@code events} of {@code session} were lost on this thread. */
    void add(SessionState session, int events, DroppedEvents dropped) {
        dropped.counted(events);
        if (count > 0 && sessionId != session.id) {
            // another session's loss goes in line first; with the line full it stays in the total only
            dropped.report(sessionId, count);
            count = 0;
        }
        sessionId = session.id;
        count += events;
    }

    /** A frame ended on this thread: {@code lastOfSession} when the thread has no other frame in the session. */
    void frameEnded(boolean lastOfSession, DroppedEvents dropped) {
        if (count > 0 && (lastOfSession || dropped.idle())) {
            handIn(dropped);
        }
    }

    /** Puts what this thread lost in line for the exporter; kept for the next call while the line is full. */
    void handIn(DroppedEvents dropped) {
        if (count > 0 && dropped.report(sessionId, count)) {
            count = 0;
        }
    }
}
