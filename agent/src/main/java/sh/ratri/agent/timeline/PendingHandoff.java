package sh.ratri.agent.timeline;

/**
 * A requested handoff. It waits on its source run's frame until the first child run started under
 * that run takes it ({@code handoff.completed}), or the run ends ({@code handoff.failed}).
 *
 * <p>Events copy what it says, so a handoff that only its thread ever held (its run's frame never
 * escaped) goes back to that thread's spares once taken or failed ({@link ThreadState#handoff}).
 */
final class PendingHandoff {

    long id;
    long sourceRunId;
    HandoffSpec spec;
    /** The spec's rendered {@code String[]}, or {@link #kept} spelling them later. */
    Object values;
    /** Made with the first values it keeps deferred, then reused with the handoff. */
    private DeferredValues kept;
    /** It joined a queue that other threads read ({@link WaitingHandoffs}): never reused. */
    boolean shared;
    /** The next handoff waiting on the same frame while only its thread holds it, or the next spare. */
    PendingHandoff next;

    PendingHandoff(long id, long sourceRunId, HandoffSpec spec, String[] values) {
        this.id = id;
        this.sourceRunId = sourceRunId;
        this.spec = spec;
        this.values = values;
    }

    /** A spare, for {@link #open}. */
    PendingHandoff() {
    }

    /** Makes this handoff a new request's, with its spec's values for the call's {@code arguments}. */
    void open(long id, long sourceRunId, HandoffSpec spec, Object[] arguments, int maxChars) {
        this.id = id;
        this.sourceRunId = sourceRunId;
        this.spec = spec;
        if (kept == null) {
            kept = new DeferredValues();
        }
        this.values = kept.of(spec, arguments, maxChars, false);
    }

    /** Drops what it refers to, as a spare. */
    void clear() {
        spec = null;
        values = null;
        next = null;
        if (kept != null) {
            kept.clear();
        }
    }
}
