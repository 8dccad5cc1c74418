package sh.ratri.agent.bootstrap;

/**
 * The one entry point that woven code calls. It is defined into the bootstrap class loader at
 * premain, so every class loader sees this single copy, and it forwards to the runtime that the
 * agent installs. It names no other agent type: anything it referenced would have to be visible
 * from every class loader too.
 *
 * <p>Never throw from here: these methods run inside user code.
 */
public final class Bridge {

    /** What the agent's runtime implements; installed once at premain. */
    public interface Dispatcher {
        Object enter(int callSite, Object[] arguments);

        void exit(Object scope, Object returned, Throwable thrown);
    }

    private static volatile Dispatcher dispatcher;

    private Bridge() {
    }

    public static void install(Dispatcher runtime) {
        dispatcher = runtime;
    }

    public static Object enter(int callSite, Object[] arguments) {
        Dispatcher d = dispatcher;
        if (d == null) {
            return null;
        }
        try {
            return d.enter(callSite, arguments);
        } catch (Throwable ignored) {
            return null;
        }
    }

    public static void exit(Object scope, Object returned, Throwable thrown) {
        if (scope == null) {
            return;
        }
        Dispatcher d = dispatcher;
        if (d == null) {
            return;
        }
        try {
            d.exit(scope, returned, thrown);
        } catch (Throwable ignored) {
            // counted by the runtime where it can; never propagated into user code
        }
    }
}
