package sh.ratri.agent.timeline;

/**
 * What one annotation on a method says, read once at weave time (or what the explicit API, or a
 * recognised model call, says in its place): the templates of its string members, rendered together
 * per call into the values its event carries. Only the subclass knows in which order those values
 * hold its members; {@link #describe} hands them out by name through {@link SpecValues}, so a member
 * added to an annotation changes a method there, and every writer of events fails to compile until
 * it writes the new member.
 */
public abstract sealed class CallSiteSpec permits SessionSpec, HandoffSpec, RunSpec, StepSpec, ToolSpec, LlmSpec {

    private final Templates templates;
    /** What the exporter encoded of this spec's constant values; only the exporter's thread reads or writes it. */
    private Object exportBytes;

    CallSiteSpec(Templates templates) {
        this.templates = templates;
    }

    /** The values for this call; callers must not modify the returned array (a constant spec returns the same one). */
    String[] render(Object[] arguments, int maxChars) {
        return templates.render(arguments, maxChars);
    }

    Templates templates() {
        return templates;
    }

    /** Whether a template reads the call's arguments, so the advice must pass them. */
    boolean needsArguments() {
        return !templates.isConstant();
    }

    public Object exportBytes() {
        return exportBytes;
    }

    public void exportBytes(Object bytes) {
        this.exportBytes = bytes;
    }

    /** Hands what {@code event} (a started or handoff event of this spec) says to {@code to}'s method for this spec. */
    public abstract void describe(Event event, SpecValues to);
}
