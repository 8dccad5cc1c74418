package sh.ratri.agent.bootstrap;

import java.util.Arrays;

/**
 * Reads the explicit API's calls as annotations jars up to 0.1.0 (commit 92f5c94) make them: a
 * number for the kind of item and its options as positional strings, laid out as that jar's
 * {@code Ratri} wrote them. Each becomes the named {@link Bridge} call the current jar makes, so
 * both record the same events.
 */
final class NumberedCalls {

    static final int SESSION = 0;
    static final int RUN = 1;
    static final int CHILD_RUN = 2;
    static final int STEP = 3;
    static final int TOOL = 4;

    static final int CURRENT_SESSION = 0;

    private NumberedCalls() {
    }

    /**
     * {@code values} by kind: session {kind, inputSummary, key, value…}; run and child run {stepKey,
     * stepName, role}; step {stepKey, stepName}; tool {name, riskLevel, actionType, actionName,
     * resourceType or null, externalId}.
     */
    static Object enter(int kind, String[] values, int stepIndex) {
        try {
            switch (kind) {
                case SESSION:
                    return Bridge.explicitSession(values[0], values[1], Arrays.copyOfRange(values, 2, values.length));
                case RUN:
                    return Bridge.explicitRun(values[0], values[1], stepIndex, values[2]);
                case CHILD_RUN:
                    return Bridge.explicitChildRun(values[0], values[1], stepIndex, values[2]);
                case STEP:
                    return Bridge.explicitWorkflowStep(values[0], values[1], stepIndex);
                case TOOL:
                    return Bridge.explicitTool(values[0], values[1], values[2], values[3], values[4], values[5]);
                default:
                    return null;
            }
        } catch (Throwable malformed) {
            return null; // values shorter than their kind's layout: nothing opens, as before
        }
    }
}
