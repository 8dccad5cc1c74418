package sh.ratri.agent.policy;

/**
 * The decisions already taken for one constant tool call site, keyed by the capabilities in force
 * and the enclosing run's {@code stepKey}: after its first call under a run, a call site's decision
 * is a few reference compares. Entries are immutable, so threads may race on the slots: the worst
 * case is a decision computed twice.
 */
public final class DecisionCache {

    private static final int SLOTS = 4;

    private record Entry(Object rules, String runStepKey, Decision decision) {
    }

    private final Entry[] entries = new Entry[SLOTS];
    private int next;

    Decision get(Object rules, String runStepKey) {
        for (Entry entry : entries) {
            if (entry != null && entry.rules == rules
                    && (entry.runStepKey == runStepKey
                        || (runStepKey != null && runStepKey.equals(entry.runStepKey)))) {
                return entry.decision;
            }
        }
        return null;
    }

    void put(Object rules, String runStepKey, Decision decision) {
        int slot = next;
        entries[slot] = new Entry(rules, runStepKey, decision);
        next = (slot + 1) % SLOTS;
    }
}
