package sh.ratri.agent.timeline;

/**
 * What the timeline keeps per thread: the current frame and the thread's block of ids. One object,
 * so a traced call looks up the thread once on entry and once on exit.
 */
final class ThreadState {

    /** The innermost open frame on this thread, or null when nothing is traced here. */
    Frame current;
    final Ids.Block ids;
    /** The Kotlin coroutine running on this thread, if the agent gave it a context. */
    CoroutineContexts.CoroutineFrame coroutine;
    /** Whether a suspend function already suspended in the coroutine's current stretch on this thread. */
    boolean suspensionNoted;

    ThreadState(Ids.Block ids) {
        this.ids = ids;
    }
}
