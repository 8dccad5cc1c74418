package sh.ratri.agent.bootstrap;

import java.util.concurrent.Callable;

/**
 * The one entry point that woven code calls. It is defined into the bootstrap class loader at
 * premain, so every class loader (and the JDK's own executor classes) sees this single copy, and it
 * forwards to the runtime that the agent installs. It names no other agent type but its own
 * wrappers: anything it referenced would have to be visible from every class loader too.
 *
 * <p>Never throw from here: these methods run inside user code.
 */
public final class Bridge {

    /** What the agent's runtime implements; installed once at premain. */
    public interface Dispatcher {
        Object enter(int callSite, Object[] arguments);

        void exit(Object scope, Object returned, Throwable thrown);

        /** The calling thread's current context, or null when nothing is traced. */
        Object capture();

        /** Makes {@code context} current on this thread and returns what was current before. */
        Object attach(Object context);

        /** Restores what {@link #attach} returned. */
        void detach(Object previous);

        // the explicit API (sh.ratri.Ratri): options as plain strings, so the facade needs no agent type

        Object explicitEnter(int kind, String[] values, int stepIndex);

        String handoffRequested(String reason, String[] payloadPairs);

        boolean handoffCompleted();

        String currentId(int which);

        void note(String key, String value);

        /** Capabilities declared in code as JSON; false when they cannot be read. */
        boolean declareCapabilities(String json);
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
            if (scope instanceof Blocked) {
                Blocked blocked = (Blocked) scope;
                d.exit(blocked.scope, null, blocked.exception);
                return;
            }
            d.exit(scope, returned, thrown);
        } catch (Throwable ignored) {
            // counted by the runtime where it can; never propagated into user code
        }
    }

    /**
     * What the woven method throws on exit: the policy's {@link sh.ratri.ToolBlockedException} when
     * {@link #enter} blocked the call (its body was skipped), else what the body threw, unchanged.
     */
    public static Throwable thrown(Object scope, Throwable thrown) {
        return scope instanceof Blocked ? ((Blocked) scope).exception : thrown;
    }

    public static boolean declareCapabilities(String json) {
        Dispatcher d = dispatcher;
        if (d == null) {
            return false;
        }
        try {
            return d.declareCapabilities(json);
        } catch (Throwable ignored) {
            return false;
        }
    }

    /**
     * Opens a session (0), run (1), child run (2), workflow step (3) or tool (4) for the explicit
     * API; close it with {@link #exit}.
     */
    public static Object explicitEnter(int kind, String[] values, int stepIndex) {
        Dispatcher d = dispatcher;
        if (d == null) {
            return null;
        }
        try {
            return d.explicitEnter(kind, values, stepIndex);
        } catch (Throwable ignored) {
            return null;
        }
    }

    public static String handoffRequested(String reason, String[] payloadPairs) {
        Dispatcher d = dispatcher;
        if (d == null) {
            return null;
        }
        try {
            return d.handoffRequested(reason, payloadPairs);
        } catch (Throwable ignored) {
            return null;
        }
    }

    public static boolean handoffCompleted() {
        Dispatcher d = dispatcher;
        if (d == null) {
            return false;
        }
        try {
            return d.handoffCompleted();
        } catch (Throwable ignored) {
            return false;
        }
    }

    /** The current session (0) or run (1) id, or null. */
    public static String currentId(int which) {
        Dispatcher d = dispatcher;
        if (d == null) {
            return null;
        }
        try {
            return d.currentId(which);
        } catch (Throwable ignored) {
            return null;
        }
    }

    /** {@code key} null sets the output summary of the innermost open item; else adds an attribute to it. */
    public static void note(String key, String value) {
        Dispatcher d = dispatcher;
        if (d == null) {
            return;
        }
        try {
            d.note(key, value);
        } catch (Throwable ignored) {
            // explicit API calls never throw into user code
        }
    }

    /** The task, or a wrapper that runs it in the submitting thread's context when there is one. */
    public static Runnable wrap(Runnable task) {
        if (task == null || task instanceof ContextRunnable || isPoolWorker(task)) {
            return task;
        }
        Object context = capture();
        return context == null ? task : new ContextRunnable(task, context);
    }

    public static <V> Callable<V> wrap(Callable<V> task) {
        if (task == null || task instanceof ContextCallable) {
            return task;
        }
        Object context = capture();
        return context == null ? task : new ContextCallable<>(task, context);
    }

    /**
     * A thread pool's worker loop runs many tasks: giving it the context of the task whose
     * submission happened to start the thread would leak that context into every later task.
     */
    private static boolean isPoolWorker(Runnable task) {
        return task.getClass().getName().equals("java.util.concurrent.ThreadPoolExecutor$Worker");
    }

    static Object capture() {
        Dispatcher d = dispatcher;
        if (d == null) {
            return null;
        }
        try {
            return d.capture();
        } catch (Throwable ignored) {
            return null;
        }
    }

    static Object attach(Object context) {
        Dispatcher d = dispatcher;
        if (d == null) {
            return null;
        }
        try {
            return d.attach(context);
        } catch (Throwable ignored) {
            return null;
        }
    }

    static void detach(Object previous) {
        Dispatcher d = dispatcher;
        if (d == null) {
            return;
        }
        try {
            d.detach(previous);
        } catch (Throwable ignored) {
            // the thread keeps running; its context is reset on the next attach
        }
    }
}
