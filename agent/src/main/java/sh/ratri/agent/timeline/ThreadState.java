package sh.ratri.agent.timeline;

/**
 * What the timeline keeps per thread: the current frame and the thread's block of ids. One object,
 * so a traced call looks up the thread once on entry and once on exit.
 */
final class ThreadState {

    /** The innermost open frame on this thread, or null when nothing is traced here. */
    Frame current;
    final Ids.Block ids;
    /** What this thread writes each event into before the outlet copies it: one event, reused, so events allocate none. */
    final Event event = new Event();
    /** This thread's stand-in name while it has none, made once rather than per event. */
    private String unnamed;
    /** The Kotlin coroutine running on this thread, if the agent gave it a context. */
    CoroutineContexts.CoroutineFrame coroutine;
    /** Whether a suspend function already suspended in the coroutine's current stretch on this thread. */
    boolean suspensionNoted;

    ThreadState(Ids.Block ids) {
        this.ids = ids;
    }

    /** The calling thread's name as events carry it (this state is the calling thread's). */
    String threadName() {
        Thread thread = Thread.currentThread();
        String name = thread.getName();
        if (!name.isEmpty()) {
            return name;
        }
        if (unnamed == null) {
            unnamed = ThreadNames.unnamed(thread);
        }
        return unnamed;
    }

    /** A thread's state at its first traced call: in the context it was started in, if it brought one. */
    static ThreadState startingIn(Ids.Block ids, Object startContext) {
        ThreadState state = new ThreadState(ids);
        if (startContext instanceof Frame frame) {
            state.current = frame;
        }
        return state;
    }
}
