package sh.ratri.agent.timeline;

import sh.ratri.agent.policy.DecisionCache;

import java.util.List;

/** What {@code @Tool} says about a method: name, risk, action and the optional resource. */
public final class ToolSpec {

    private final Templates values;
    private final String riskLevel;
    private final boolean hasResource;
    /** The policy's decisions for this call site, per run. */
    final DecisionCache decisions = new DecisionCache();

    /** {@code riskLevel} is the wire form ({@code low}…{@code critical}); a null resource type means none. */
    public ToolSpec(Template name, String riskLevel, Template actionType, Template actionName,
                    Template resourceType, Template resourceExternalId) {
        this.riskLevel = riskLevel;
        this.hasResource = resourceType != null;
        this.values = new Templates(hasResource
                ? List.of(name, actionType, actionName, resourceType, resourceExternalId)
                : List.of(name, actionType, actionName));
    }

    String[] render(Object[] arguments, int maxChars) {
        return values.render(arguments, maxChars);
    }

    boolean needsArguments() {
        return !values.isConstant();
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

    public static boolean hasResource(String[] values) {
        return values.length > 3;
    }

    public static String resourceType(String[] values) {
        return values[3];
    }

    public static String resourceExternalId(String[] values) {
        return values[4];
    }
}
