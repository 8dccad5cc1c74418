package sh.ratri.agent.timeline;

/**
 * Everything the annotations on one method say, read once at weave time. Any of the specs may be
 * null; a method can carry several annotations (a {@code @Handoff} on a {@code @ChildRun}, say),
 * which open in the order session, handoff, run, step, tool and close in reverse.
 *
 * @param where        {@code SimpleClassName.method}, for messages
 * @param async        the method is declared to return a {@code CompletionStage}
 * @param declarations the annotated declarations the method is or overrides, nearest first (empty when
 *                     calls need not be told apart): the first is the one its own annotations come from
 * @param standIn      a method of a JDK dynamic proxy: an implementation of the same declaration that its
 *                     invocation handler calls directly inside it, on the same thread, is the same call
 * @param suspending   the method is a Kotlin {@code suspend fun}: its last argument is the continuation
 */
public record CallSite(String where, SessionSpec session, HandoffSpec handoff, RunSpec run, StepSpec step,
                       ToolSpec tool, boolean async, DeclaredMethod[] declarations, boolean standIn,
                       boolean suspending) {

    private static final DeclaredMethod[] NONE = {};

    public CallSite(String where, SessionSpec session, HandoffSpec handoff, RunSpec run, StepSpec step,
                    ToolSpec tool, boolean async) {
        this(where, session, handoff, run, step, tool, async, NONE, false, false);
    }

    /** A call site of a method that does not return a {@code CompletionStage}. */
    public CallSite(String where, SessionSpec session, HandoffSpec handoff, RunSpec run, StepSpec step,
                    ToolSpec tool) {
        this(where, session, handoff, run, step, tool, false);
    }

    /** True when a template reads the call's arguments, or a tool records them, so the advice must pass them. */
    public boolean needsArguments() {
        return (session != null && session.needsArguments())
                || (handoff != null && handoff.needsArguments())
                || (run != null && run.needsArguments())
                || (step != null && step.needsArguments())
                || (tool != null && (tool.needsArguments() || tool.recordsArguments()));
    }

    public boolean isEmpty() {
        return session == null && handoff == null && run == null && step == null && tool == null;
    }

    /**
     * One call is one item: {@code inner}, entered directly inside this site's call, continues that
     * call when it is a declaration this method overrides, reached through {@code super} (the same
     * receiver) or forwarded by this JDK proxy (the same thread: {@code owner} is the receiver, or
     * the thread for a proxy), and opens nothing this site did not. Recursion (the same site) is a new call.
     */
    boolean continuedBy(CallSite inner, Object owner, Object innerReceiver) {
        return inner != this
                && (standIn ? owner == Thread.currentThread() : innerReceiver == owner && owner != null)
                && inner.declarations.length > 0 && overrides(inner.declarations[0]) && covers(inner);
    }

    private boolean overrides(DeclaredMethod declaration) {
        for (DeclaredMethod d : declarations) {
            if (d == declaration) {
                return true;
            }
        }
        return false;
    }

    private boolean covers(CallSite inner) {
        return (inner.session == null || session != null) && (inner.handoff == null || handoff != null)
                && (inner.run == null || run != null) && (inner.step == null || step != null)
                && (inner.tool == null || tool != null);
    }
}
