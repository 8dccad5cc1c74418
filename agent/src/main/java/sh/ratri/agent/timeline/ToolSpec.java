package sh.ratri.agent.timeline;

import sh.ratri.agent.policy.DecisionCache;

import java.util.List;

/**
 * What {@code @Tool} says about a method: name, risk, action and the optional resource, and the
 * names its arguments are recorded under. Its rendered values are, in order: name, action type,
 * action name, then resource type and external id when it has a resource, then the arguments'
 * summary when they were recorded.
 */
public final class ToolSpec {

    private static final String[] NO_ARGUMENTS = {};

    private final Templates values;
    private final String riskLevel;
    private final boolean hasResource;
    private final String[] argumentNames;
    /** The policy's decisions for this call site, per run. */
    final DecisionCache decisions = new DecisionCache();

    /** {@code riskLevel} is the wire form ({@code low}…{@code critical}); a null resource type means none. */
    public ToolSpec(Template name, String riskLevel, Template actionType, Template actionName,
                    Template resourceType, Template resourceExternalId) {
        this(name, riskLevel, actionType, actionName, resourceType, resourceExternalId, NO_ARGUMENTS);
    }

    /** {@code argumentNames}: the names the arguments are recorded under; none records no arguments. */
    public ToolSpec(Template name, String riskLevel, Template actionType, Template actionName,
                    Template resourceType, Template resourceExternalId, String[] argumentNames) {
        this.riskLevel = riskLevel;
        this.hasResource = resourceType != null;
        this.argumentNames = argumentNames.clone();
        this.values = new Templates(hasResource
                ? List.of(name, actionType, actionName, resourceType, resourceExternalId)
                : List.of(name, actionType, actionName));
    }

    String[] render(Object[] arguments, int maxChars) {
        return values.render(arguments, maxChars);
    }

    /** The rendered values with the arguments' summary added: {@code name=value, …}, at most {@code maxChars}. */
    String[] withArguments(String[] rendered, Object[] arguments, int maxChars) {
        StringBuilder summary = new StringBuilder();
        for (int i = 0; i < argumentNames.length && arguments != null && i < arguments.length; i++) {
            if (summary.length() >= maxChars) {
                break;
            }
            if (i > 0) {
                summary.append(", ");
            }
            summary.append(argumentNames[i]).append('=')
                    .append(Summaries.summary(arguments[i], Math.max(0, maxChars - summary.length())));
        }
        String[] out = java.util.Arrays.copyOf(rendered, rendered.length + 1);
        out[rendered.length] = summary.toString();
        return out;
    }

    /** Whether a template reads the arguments (the policy's decision then varies per call). */
    boolean needsArguments() {
        return !values.isConstant();
    }

    /** Whether the call's arguments are recorded as its input summary. */
    boolean recordsArguments() {
        return argumentNames.length > 0;
    }

    public String riskLevel() {
        return riskLevel;
    }

    public static String name(String[] values) {
        return values[0];
    }

    public static String actionType(String[] values) {
        return values[1];
    }

    public static String actionName(String[] values) {
        return values[2];
    }

    public boolean hasResource() {
        return hasResource;
    }

    /** The arguments' summary, or null when they were not recorded. */
    public String inputSummary(String[] values) {
        int at = hasResource ? 5 : 3;
        return values.length > at ? values[at] : null;
    }

    public static String resourceType(String[] values) {
        return values[3];
    }

    public static String resourceExternalId(String[] values) {
        return values[4];
    }
}
