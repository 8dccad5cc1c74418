package sh.ratri.agent.policy;

/**
 * A resource as capabilities and approvals name it: {@code type} (any externalId) or
 * {@code type:externalId}, each part a {@link Glob}. Matched part by part, so a call's
 * {@code type:externalId} string is never built.
 */
public final class ResourcePattern {

    private final String text;
    private final Glob type;
    /** Null when the pattern names only a type. */
    private final Glob externalId;

    ResourcePattern(String text) {
        this.text = text;
        int colon = text.indexOf(':');
        this.type = new Glob(colon < 0 ? text : text.substring(0, colon));
        this.externalId = colon < 0 ? null : new Glob(text.substring(colon + 1));
    }

    boolean matches(String resourceType, String resourceExternalId) {
        return type.matches(resourceType)
                && (externalId == null || externalId.matches(resourceExternalId == null ? "" : resourceExternalId));
    }

    @Override
    public String toString() {
        return text;
    }
}
