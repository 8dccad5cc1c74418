package sh.ratri.agent.schema;

import java.util.Locale;

/** How a session, run, step or tool ended. */
public enum Status {
    COMPLETED, FAILED, BLOCKED;

    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wire() {
        return wire;
    }
}
