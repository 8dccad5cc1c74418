package sh.ratri.agent.weave;

/**
 * Whether the runtime entry point that rewritten JDK and library classes call is on the bootstrap
 * search path. It is when the agent runs from its jar; run from a class directory (some tests), a
 * rewritten class that every loader shares could not link to it, so those rewrites are skipped.
 */
public final class BootstrapBridge {

    private BootstrapBridge() {
    }

    public static boolean isVisible() {
        try {
            Class.forName("sh.ratri.agent.bootstrap.Bridge", false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
