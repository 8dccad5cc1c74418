package sh.ratri.agent.timeline;

import java.util.concurrent.atomic.AtomicBoolean;

/** A requested handoff waiting for the first child run that takes it. */
final class PendingHandoff {

    final long id;
    final long sourceRunId;
    final HandoffSpec spec;
    final String[] values;
    private final AtomicBoolean taken = new AtomicBoolean();

    PendingHandoff(long id, long sourceRunId, HandoffSpec spec, String[] values) {
        this.id = id;
        this.sourceRunId = sourceRunId;
        this.spec = spec;
        this.values = values;
    }

    /** True for exactly one caller: the child run that completes the handoff, or the exit that fails it. */
    boolean take() {
        return !taken.get() && taken.compareAndSet(false, true);
    }
}
