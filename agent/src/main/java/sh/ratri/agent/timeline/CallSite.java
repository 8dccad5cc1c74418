package sh.ratri.agent.timeline;

/**
 * Everything the annotations on one method say, read once at weave time. Any of the specs may be
 * null; a method can carry several annotations (a {@code @Handoff} on a {@code @ChildRun}, say),
 * which open in the order session, handoff, run, step, tool and close in reverse.
 *
 * @param where {@code SimpleClassName.method}, for messages
 * @param async the method is declared to return a {@code CompletionStage}
 * @param suspending the method is a Kotlin {@code suspend fun}: its last argument is the continuation
 */
public record CallSite(String where, SessionSpec session, HandoffSpec handoff, RunSpec run, StepSpec step,
                       ToolSpec tool, boolean async, boolean suspending) {

    public CallSite(String where, SessionSpec session, HandoffSpec handoff, RunSpec run, StepSpec step,
                    ToolSpec tool, boolean async) {
        this(where, session, handoff, run, step, tool, async, false);
    }

    /** A call site of a method that does not return a {@code CompletionStage}. */
    public CallSite(String where, SessionSpec session, HandoffSpec handoff, RunSpec run, StepSpec step,
                    ToolSpec tool) {
        this(where, session, handoff, run, step, tool, false, false);
    }

    /** True when a template reads the call's arguments, so the advice must pass them. */
    public boolean needsArguments() {
        return (session != null && session.needsArguments())
                || (handoff != null && handoff.needsArguments())
                || (run != null && run.needsArguments())
                || (step != null && step.needsArguments())
                || (tool != null && tool.needsArguments());
    }

    public boolean isEmpty() {
        return session == null && handoff == null && run == null && step == null && tool == null;
    }
}
