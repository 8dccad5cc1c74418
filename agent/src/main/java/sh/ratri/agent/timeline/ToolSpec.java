package sh.ratri.agent.timeline;

import sh.ratri.agent.policy.DecisionCache;

import java.util.Arrays;
import java.util.List;

/**
 * What {@code @Tool} says about a method: name, risk, action and the optional resource, and the
 * names its arguments are recorded under. Its rendered values are, in order: name, action type,
 * action name, then resource type and external id when it has a resource, then the arguments'
 * summary when they were recorded.
 */
public final class ToolSpec extends CallSiteSpec {

    private static final String[] NO_ARGUMENTS = {};
    private static final int RESOURCE_TYPE = 3;

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
        super(new Templates(resourceType != null
                ? List.of(name, actionType, actionName, resourceType, resourceExternalId)
                : List.of(name, actionType, actionName)));
        this.riskLevel = riskLevel;
        this.hasResource = resourceType != null;
        this.argumentNames = argumentNames.clone();
    }

    /** The rendered values with the arguments' summary added: {@code name=value, …}, at most {@code maxChars}. */
    String[] withArguments(String[] rendered, Object[] arguments, int maxChars) {
        return withSummary(rendered, argumentSummary(arguments, 0, recordedArguments(arguments), maxChars));
    }

    static String[] withSummary(String[] rendered, String argumentSummary) {
        String[] out = Arrays.copyOf(rendered, rendered.length + 1);
        out[rendered.length] = argumentSummary;
        return out;
    }

    /** How many of the call's arguments its summary shows. */
    int recordedArguments(Object[] arguments) {
        return arguments == null ? 0 : Math.min(argumentNames.length, arguments.length);
    }

    /** The summary of the call's first {@code count} arguments, which are {@code values[from..from + count)}. */
    String argumentSummary(Object[] values, int from, int count, int maxChars) {
        StringBuilder summary = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (summary.length() >= maxChars) {
                break;
            }
            if (i > 0) {
                summary.append(", ");
            }
            summary.append(argumentNames[i]).append('=')
                    .append(Summaries.summary(values[from + i], Math.max(0, maxChars - summary.length())));
        }
        return summary.toString();
    }

    /** Whether the call's arguments are recorded as its input summary. */
    boolean recordsArguments() {
        return argumentNames.length > 0;
    }

    String riskLevel() {
        return riskLevel;
    }

    // the members, read from the values this spec rendered

    String name(String[] values) {
        return values[0];
    }

    String actionType(String[] values) {
        return values[1];
    }

    /** Null when the tool names no resource. */
    String resourceType(String[] values) {
        return hasResource ? values[RESOURCE_TYPE] : null;
    }

    /** Null when the tool names no resource. */
    String resourceExternalId(String[] values) {
        return hasResource ? values[RESOURCE_TYPE + 1] : null;
    }

    /** The arguments' summary, or null when they were not recorded. */
    String inputSummary(String[] values) {
        int at = hasResource ? RESOURCE_TYPE + 2 : RESOURCE_TYPE;
        return values.length > at ? values[at] : null;
    }

    @Override
    public void describe(Event event, SpecValues to) {
        String[] values = event.values();
        to.tool(name(values), riskLevel, actionType(values), values[2], resourceType(values),
                resourceExternalId(values), inputSummary(values));
    }
}
