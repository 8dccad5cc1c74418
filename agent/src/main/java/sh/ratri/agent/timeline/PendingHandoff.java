package sh.ratri.agent.timeline;

/**
 * A requested handoff. It waits on its source run's frame until the first child run started under
 * that run takes it ({@code handoff.completed}), or the run ends ({@code handoff.failed}).
 */
final class PendingHandoff {

    final long id;
    final long sourceRunId;
    final HandoffSpec spec;
    final String[] values;

    PendingHandoff(long id, long sourceRunId, HandoffSpec spec, String[] values) {
        this.id = id;
        this.sourceRunId = sourceRunId;
        this.spec = spec;
        this.values = values;
    }
}
