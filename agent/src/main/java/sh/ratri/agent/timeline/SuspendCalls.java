package sh.ratri.agent.timeline;

import sh.ratri.agent.kotlin.KotlinCoroutines;

/**
 * Kotlin suspend functions as one item each. The compiler turns {@code suspend fun m(a)} into
 * {@code Object m(a, Continuation)} and re-enters that method every time it resumes, with its own
 * continuation and no arguments. So the first entry opens the item and puts a continuation of the
 * agent's between the function and its caller; a later entry whose continuation's caller is that
 * one is a resumption: it makes the item current again and opens nothing. The item ends when the
 * function returns anything but {@code COROUTINE_SUSPENDED} or throws — at once, or later through
 * the agent's continuation, on whichever thread the function finishes. Nothing is kept in a table:
 * the item lives in the continuation chain, and is collected with a coroutine that never resumes.
 */
final class SuspendCalls {

    private final Timeline timeline;
    private final CoroutineContexts coroutines;
    private final KotlinCoroutines kotlin = new KotlinCoroutines();

    SuspendCalls(Timeline timeline, CoroutineContexts coroutines) {
        this.timeline = timeline;
        this.coroutines = coroutines;
    }

    /** An item opened by a first entry, and what ends it. */
    static final class Call {
        final int callSite;
        final Frame frame;
        final KotlinCoroutines.Stdlib stdlib;
        /** False when the continuation could not be replaced: the item then ends when the method returns. */
        boolean endsLater;

        Call(int callSite, Frame frame, KotlinCoroutines.Stdlib stdlib) {
            this.callSite = callSite;
            this.frame = frame;
            this.stdlib = stdlib;
        }
    }

    /** A resumption made its call's item current; on exit the thread gets back what it had. */
    private record Resumption(Call call, Frame previous) {
    }

    Object enter(int callSite, CallSite site, Object[] arguments) throws Throwable {
        int last = arguments == null ? -1 : arguments.length - 1;
        KotlinCoroutines.Stdlib stdlib = last < 0 ? null : kotlin.of(arguments[last]);
        if (stdlib == null) {
            return timeline.enter(site, arguments); // no usable Kotlin runtime: recorded as a plain call
        }
        Object continuation = arguments[last];
        if (stdlib.suspendedCallAbove(continuation) instanceof Call suspended && suspended.callSite == callSite) {
            return new Resumption(suspended, timeline.makeCurrent(suspended.frame));
        }
        Object entered = timeline.enter(site, arguments);
        if (!(entered instanceof Frame frame)) {
            return entered; // nothing opened, or a tool the policy blocked: its body is skipped
        }
        Call call = new Call(callSite, frame, stdlib);
        try {
            arguments[last] = stdlib.continuationEnding(continuation, call);
            call.endsLater = true;
        } catch (Throwable cannotWrap) {
            // the call still ends, when the method returns
        }
        return call;
    }

    void exit(Object scope, Object returned, Throwable thrown) {
        if (scope instanceof Resumption resumption) {
            timeline.makeCurrent(resumption.previous);
            if (thrown == null && resumption.call.stdlib.isSuspended(returned)) {
                coroutines.suspendedIn(resumption.call.frame);
            }
        } else if (scope instanceof Call call) {
            timeline.leave(call.frame);
            if (thrown == null && call.endsLater && call.stdlib.isSuspended(returned)) {
                coroutines.suspendedIn(call.frame);
            } else {
                timeline.end(call.frame, returned, thrown);
            }
        } else if (scope instanceof Frame plain) {
            timeline.exit(plain, returned, thrown);
        }
    }

    /** From the agent's continuation: the function returned or threw after it had suspended. */
    void ended(Object scope, Object returned, Throwable thrown) {
        if (scope instanceof Call call) {
            coroutines.ended(call.frame);
            timeline.end(call.frame, thrown == null ? returned : null, thrown);
        }
    }
}
