package sh.ratri.agent.timeline;

import sh.ratri.agent.schema.EventType;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The start of a session declared before anything in it is traced (a test's): its
 * {@code session.started} is emitted once, by the first traced call in it, on whatever thread, so a
 * test that traces nothing leaves nothing. The event carries the declaration's start time.
 */
final class DeferredStart {

    private static final int WAITING = 0;
    private static final int STARTING = 1;
    private static final int STARTED = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(DeferredStart.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The framework's object the session's values are read from, only if it starts. */
    private final Object test;
    private final TestReader reader;
    /** The thread the test runs on, which its {@code session.started} names, whichever thread starts it. */
    private final String thread;
    /** The frame that declared the session; set once, before the frame is made current. */
    Frame frame;
    @SuppressWarnings("unused") // through STATE
    private volatile int state;

    DeferredStart(Object test, TestReader reader, String thread) {
        this.test = test;
        this.reader = reader;
        this.thread = thread;
    }

    boolean started() {
        return (int) STATE.getVolatile(this) == STARTED;
    }

    /**
     * Emits {@code session.started} if no call did yet. A call racing the one that emits waits the
     * few instructions that takes (never on a lock), so its own events follow the start in the queue.
     */
    void startOnce(Timeline timeline, int maxChars) {
        int s = (int) STATE.getVolatile(this);
        if (s == STARTED) {
            return;
        }
        if (s == WAITING && STATE.compareAndSet(this, WAITING, STARTING)) {
            try {
                String[] values;
                try {
                    values = reader.session(test);
                } catch (RuntimeException | LinkageError unreadable) {
                    values = new String[] {"test", ""}; // still a session: its events need one
                }
                timeline.emitStarted(frame.session, timeline.thread(), EventType.SESSION_STARTED, frame, thread,
                        SessionSpec.IMPLICIT, bounded(values, maxChars), -1);
            } finally {
                STATE.setVolatile(this, STARTED);
            }
            return;
        }
        for (int spins = 0; spins < 10_000 && (int) STATE.getVolatile(this) != STARTED; spins++) {
            Thread.onSpinWait();
        }
    }

    private static String[] bounded(String[] values, int maxChars) {
        for (int i = 0; i < values.length; i++) {
            String v = values[i] == null ? "" : values[i];
            values[i] = v.length() > maxChars ? v.substring(0, maxChars) + "…" : v;
        }
        return values;
    }
}
