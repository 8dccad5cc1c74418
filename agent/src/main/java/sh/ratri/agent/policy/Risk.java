package sh.ratri.agent.policy;

import java.util.List;

/** Risk levels in the wire's order: {@code low} < {@code medium} < {@code high} < {@code critical}. */
final class Risk {

    static final List<String> LEVELS = List.of("low", "medium", "high", "critical");
    static final int HIGH = 2;
    static final int CRITICAL = 3;

    private Risk() {
    }

    /** The level's rank, or -1 for a name that is no risk level. */
    static int rank(String wire) {
        return wire == null ? -1 : LEVELS.indexOf(wire);
    }
}
