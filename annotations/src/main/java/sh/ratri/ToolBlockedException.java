package sh.ratri;

/**
 * Thrown at the call of a tool that the agent's policy blocked in {@code mode=enforce}: the tool's
 * body did not run. It is the one exception the agent ever throws into application code.
 *
 * <pre>{@code
 * try {
 *     ops.deployProduction("v1.4.2");
 * } catch (ToolBlockedException blocked) {
 *     log.warn("{} needs {}: {}", blocked.tool(), blocked.rule(), blocked.reason());
 * }
 * }</pre>
 *
 * <p>With the agent attached this class is defined in the bootstrap class loader, so every class
 * loader that delegates to its parent first sees that one copy and a {@code catch} of it matches.
 */
public class ToolBlockedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String tool;
    private final String rule;
    private final String reason;

    /**
     * @param tool   the tool's name
     * @param rule   the capabilities rule that decided, e.g. {@code approval-required}
     * @param reason what was missing, in words
     */
    public ToolBlockedException(String tool, String rule, String reason) {
        super("ratri blocked tool '" + tool + "' (" + rule + "): " + reason);
        this.tool = tool;
        this.rule = rule;
        this.reason = reason;
    }

    /** The name of the tool whose call was blocked. */
    public String tool() {
        return tool;
    }

    /** The rule that blocked it: {@code tool-not-declared}, {@code risk-above-max}, {@code approval-required}, … */
    public String rule() {
        return rule;
    }

    /** Why, in words. */
    public String reason() {
        return reason;
    }
}
