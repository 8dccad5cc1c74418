package sh.ratri.agent.policy;

import java.util.List;

/**
 * What one run (an agent's entry for a run {@code stepKey}, or {@code *}) may do. A null list
 * allows anything of its kind.
 *
 * @param where            {@code agents.<key>.runs.<stepKey>}, for reasons
 * @param approvalRisks    indexed by {@link Risk#rank}: calls of that risk need an approval
 */
record RunCapabilities(String where, List<Glob> tools, List<String> actions, List<ResourcePattern> resources,
                       int maxRisk, boolean[] approvalRisks, List<Glob> approvalTools) {

    /** The first rule the call breaks, in DESIGN §6's order, or null when it is declared. */
    Rule firstBroken(String tool, int risk, String actionType, String resourceType, String resourceExternalId) {
        if (tools != null && !anyMatches(tools, tool)) {
            return Rule.TOOL_NOT_DECLARED;
        }
        if (actions != null && !actions.contains(actionType)) {
            return Rule.ACTION_NOT_DECLARED;
        }
        if (resources != null && resourceType != null && !anyResourceMatches(resourceType, resourceExternalId)) {
            return Rule.RESOURCE_NOT_DECLARED;
        }
        if (risk > maxRisk) {
            return Rule.RISK_ABOVE_MAX;
        }
        return null;
    }

    boolean needsApproval(String tool, int risk) {
        return (risk >= 0 && approvalRisks[risk]) || anyMatches(approvalTools, tool);
    }

    private boolean anyResourceMatches(String type, String externalId) {
        for (ResourcePattern pattern : resources) {
            if (pattern.matches(type, externalId)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyMatches(List<Glob> globs, String name) {
        for (Glob glob : globs) {
            if (glob.matches(name)) {
                return true;
            }
        }
        return false;
    }
}
