package sh.ratri.agent.timeline;

/**
 * The annotated method declaration a call site stands for. A method, the overrides that inherit
 * its annotations and the JDK proxies implementing it share one instance (see
 * {@link CallSites#declaredMethod}), so the timeline tells a call passing through an override's
 * {@code super} call or a proxy from a new call with one reference comparison.
 */
public final class DeclaredMethod {

    private final String key;

    DeclaredMethod(String key) {
        this.key = key;
    }

    @Override
    public String toString() {
        return key;
    }
}
