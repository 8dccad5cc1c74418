package sh.ratri.agent.policy;

/**
 * Permission for one tool, optionally on one resource, given by someone until a time.
 *
 * @param resource       null when the approval holds for any resource of the tool
 * @param expiresAtMillis epoch milliseconds, or {@link Long#MAX_VALUE} when it never expires
 */
public record Approval(String id, String tool, ResourcePattern resource, String approver, long expiresAtMillis) {

    boolean matches(String toolName, String resourceType, String resourceExternalId, long nowMillis) {
        if (!tool.equals(toolName) || nowMillis >= expiresAtMillis) {
            return false;
        }
        return resource == null || (resourceType != null && resource.matches(resourceType, resourceExternalId));
    }
}
