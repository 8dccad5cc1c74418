package sh.ratri.agent.timeline;

/**
 * What the timeline keeps per thread: the current frame and the thread's block of ids. One object,
 * so a traced call looks up the thread once on entry and once on exit.
 */
final class ThreadState {

    /** The innermost open frame on this thread, or null when nothing is traced here. */
    Frame current;
    final Ids.Block ids;

    ThreadState(Ids.Block ids) {
        this.ids = ids;
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
