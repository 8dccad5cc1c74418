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
}
