package sh.ratri.agent.policy;

import java.util.Locale;

/** The {@code decision} of a {@code policy.decision} event. */
public enum Verdict {
    ALLOW, FLAG, BLOCK, APPROVED;

    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wire() {
        return wire;
    }
}
