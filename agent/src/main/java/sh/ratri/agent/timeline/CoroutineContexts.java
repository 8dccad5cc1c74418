package sh.ratri.agent.timeline;

/**
 * The context a Kotlin coroutine carries from thread to thread. A coroutine gets a
 * {@link CoroutineFrame} when it is created, holding the frame current at that point; kotlinx
 * switches it in on whatever thread runs the coroutine and out when the coroutine suspends. An
 * annotated suspend function that suspends becomes the coroutine's frame until it ends, so code
 * that resumes later in the coroutine outside any annotated function (the rest of a
 * {@code coroutineScope} block, say) still runs inside it.
 */
final class CoroutineContexts {

    /** Mutable: the coroutine moves between threads, one at a time, each handing over through kotlinx's dispatch. */
    static final class CoroutineFrame {
        volatile Frame current;

        CoroutineFrame(Frame current) {
            this.current = current;
        }
    }

    /** What a thread had before a coroutine ran on it. */
    private record Saved(Frame current, CoroutineFrame coroutine) {
    }

    private static final Saved NOTHING = new Saved(null, null);

    private final Timeline timeline;

    CoroutineContexts(Timeline timeline) {
        this.timeline = timeline;
    }

    /**
     * Even with nothing current: an annotated suspend function that the coroutine runs later
     * becomes its context when it suspends, for the code that resumes after it.
     */
    Object newCoroutine() {
        Frame current = timeline.thread().current;
        Frame.escape(current);
        return new CoroutineFrame(current);
    }

    Object threadState() {
        ThreadState state = timeline.thread();
        Frame.escape(state.current); // restored after the coroutine's stretch on this thread
        return state.current == null && state.coroutine == null ? NOTHING : new Saved(state.current, state.coroutine);
    }

    void switchTo(Object contextOrState) {
        ThreadState state = timeline.thread();
        if (contextOrState instanceof CoroutineFrame coroutine) {
            state.coroutine = coroutine;
            state.suspensionNoted = false;
            state.current = coroutine.current;
        } else if (contextOrState instanceof Saved saved) {
            state.coroutine = saved.coroutine;
            state.current = saved.current;
        }
    }

    /**
     * A suspend function's frame returned {@code COROUTINE_SUSPENDED}. The innermost one to do so
     * in this stretch of the coroutine is the first: its callers return the marker after it.
     */
    void suspendedIn(Frame frame) {
        ThreadState state = timeline.thread();
        if (state.coroutine != null && !state.suspensionNoted) {
            state.coroutine.current = frame;
            state.suspensionNoted = true;
        }
    }

    /** A suspended function ended: its coroutine is back in what called it. */
    void ended(Frame frame) {
        CoroutineFrame coroutine = timeline.thread().coroutine;
        if (coroutine != null && coroutine.current == frame) {
            coroutine.current = frame.previous;
        }
    }
}
