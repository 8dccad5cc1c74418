package sh.ratri.agent.bootstrap;

import java.util.concurrent.Callable;
import java.util.concurrent.CountedCompleter;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.RecursiveTask;

/**
 * The one entry point that woven code calls. It is defined into the bootstrap class loader at
 * premain, so every class loader (and the JDK's own executor classes) sees this single copy, and it
 * forwards to the runtime that the agent installs. It names no other agent type but its own
 * wrappers: anything it referenced would have to be visible from every class loader too.
 *
 * <p>Never throw from here: these methods run inside user code.
 */
public final class Bridge {

    /** What the agent's runtime implements for woven call sites; installed once at premain. */
    public interface Dispatcher {
        /**
         * {@code receiver} is the object the woven method was called on, null for a static method.
         * {@code arguments}: made for this call by the woven code, or null when its call site reads none.
         */
        Object enter(int callSite, Object receiver, Object[] arguments);

        // A method with 1 to MOST_ARGUMENTS_WITHOUT_ARRAY parameters passes them one by one: no array per call

        Object enter(int callSite, Object receiver, Object argument0);

        Object enter(int callSite, Object receiver, Object argument0, Object argument1);

        Object enter(int callSite, Object receiver, Object argument0, Object argument1, Object argument2);

        Object enter(int callSite, Object receiver, Object argument0, Object argument1, Object argument2,
                     Object argument3);

        Object enter(int callSite, Object receiver, Object argument0, Object argument1, Object argument2,
                     Object argument3, Object argument4);

        void exit(Object scope, Object returned, Throwable thrown);

        /** Like {@link #exit}, for a method declared to return a publisher: what the method must return instead. */
        Object exitPublisher(Object scope, Object returned, Throwable thrown);

        /** The calling thread's current context, or null when nothing is traced. */
        Object capture();

        /** Makes {@code context} current on this thread and returns what was current before. */
        Object attach(Object context);

        /** Restores what {@link #attach} returned. */
        void detach(Object previous);

        // Kotlin suspend functions: one item from first entry to the final result, across resumptions

        /** May replace the last argument, the continuation, with one that ends the item. */
        Object enterSuspend(int callSite, Object[] arguments);

        void exitSuspend(Object scope, Object returned, Throwable thrown);

        /** Called by that continuation when the suspended call finally returns or throws. */
        void suspendedCallEnded(Object call, Object returned, Throwable thrown);

        /** What a new Kotlin coroutine carries from the calling thread, or null when nothing is traced. */
        Object coroutineContext();

        /** The thread's state before a coroutine runs on it, for {@link #coroutineSwitch} afterwards. */
        Object coroutineThreadState();

        /** Runs a coroutine's context on this thread, or gives the thread back a saved state. */
        void coroutineSwitch(Object contextOrState);

        /** See {@link Bridge#llmEnter}. */
        Object llmEnter(int reader, Object receiver, Object[] arguments);

        /** See {@link Bridge#llmArguments}. */
        Object[] llmArguments(Object scope, Object[] arguments);

        /** See {@link Bridge#llmExit}. */
        Object llmExit(Object scope, Object returned, Throwable thrown);

        // tests of a recognised test framework

        Object testStarted(Object test);

        void testEnded(Object scope, Object ending, Throwable thrown);
    }

    /**
     * What the agent's runtime implements for the explicit API ({@code sh.ratri.Ratri}): one method
     * per SDK call. Options arrive as strings and ints, so the facade needs no agent type. The
     * scopes the {@code with…} calls open are closed with {@link Bridge#exit}, as a woven method's.
     */
    public interface ExplicitCalls {
        /** {@code metadataPairs}: key, value, key, value… */
        Object session(String kind, String inputSummary, String[] metadataPairs);

        /** {@code stepIndex} -1: the next index in the session. */
        Object run(String stepKey, String stepName, int stepIndex, String role);

        /** A run whose parent is the current run; it takes a handoff waiting on that run. */
        Object childRun(String stepKey, String stepName, int stepIndex, String role);

        Object workflowStep(String stepKey, String stepName, int stepIndex);

        /** {@code resourceType} null: the call touches no resource, and {@code externalId} is not read. */
        Object tool(String name, String riskLevel, String actionType, String actionName, String resourceType,
                    String externalId);

        /** The handoff id, or null when no run is current. */
        String handoffRequested(String reason, String[] payloadPairs);

        boolean handoffCompleted();

        String currentSessionId();

        String currentRunId();

        /** Of the innermost open item, instead of its return value. */
        void setOutputSummary(String summary);

        /** To the ended event of the innermost open item. */
        void addAttribute(String key, String value);

        /** Capabilities declared in code as JSON; false when they cannot be read. */
        boolean declareCapabilities(String json);

        /** A recording of the current session's events, or a String saying why there is none. */
        Object startRecording();

        java.util.Map<String, Object> readRecording(Object recording, boolean stop);
    }

    // Until the runtime is installed, NoRuntime answers as if nothing were traced: the entry points
    // need no null check. Each keeps its own try/catch, as one shared guard would need a lambda that
    // captures the call's arguments, an allocation per call on the woven path.
    private static volatile Dispatcher dispatcher = NoRuntime.INSTANCE;
    private static volatile ExplicitCalls explicit = NoRuntime.INSTANCE;

    private Bridge() {
    }

    /** Null for either part: no runtime for it, as before the agent starts (tests uninstall so). */
    public static void install(Dispatcher callSites, ExplicitCalls explicitApi) {
        dispatcher = callSites == null ? NoRuntime.INSTANCE : callSites;
        explicit = explicitApi == null ? NoRuntime.INSTANCE : explicitApi;
    }

    public static Object enter(int callSite, Object receiver, Object[] arguments) {
        try {
            return dispatcher.enter(callSite, receiver, arguments);
        } catch (Throwable ignored) {
            return null;
        }
    }

    /**
     * Woven methods with this many parameters or fewer (but one at least) pass them to the overloads
     * below instead of in an array: the woven code allocates none (a primitive is still boxed).
     */
    public static final int MOST_ARGUMENTS_WITHOUT_ARRAY = 5;

    public static Object enter(int callSite, Object receiver, Object argument0) {
        try {
            return dispatcher.enter(callSite, receiver, argument0);
        } catch (Throwable ignored) {
            return null;
        }
    }

    public static Object enter(int callSite, Object receiver, Object argument0, Object argument1) {
        try {
            return dispatcher.enter(callSite, receiver, argument0, argument1);
        } catch (Throwable ignored) {
            return null;
        }
    }

    public static Object enter(int callSite, Object receiver, Object argument0, Object argument1, Object argument2) {
        try {
            return dispatcher.enter(callSite, receiver, argument0, argument1, argument2);
        } catch (Throwable ignored) {
            return null;
        }
    }

    public static Object enter(int callSite, Object receiver, Object argument0, Object argument1, Object argument2,
                               Object argument3) {
        try {
            return dispatcher.enter(callSite, receiver, argument0, argument1, argument2, argument3);
        } catch (Throwable ignored) {
            return null;
        }
    }

    public static Object enter(int callSite, Object receiver, Object argument0, Object argument1, Object argument2,
                               Object argument3, Object argument4) {
        try {
            return dispatcher.enter(callSite, receiver, argument0, argument1, argument2, argument3, argument4);
        } catch (Throwable ignored) {
            return null;
        }
    }

    public static void exit(Object scope, Object returned, Throwable thrown) {
        if (scope == null) {
            return;
        }
        try {
            if (scope instanceof Blocked) {
                Blocked blocked = (Blocked) scope;
                dispatcher.exit(blocked.scope, null, blocked.exception);
                return;
            }
            dispatcher.exit(scope, returned, thrown);
        } catch (Throwable ignored) {
            // counted by the runtime where it can; never propagated into user code
        }
    }

    /** For woven Kotlin suspend functions; see {@link Dispatcher#enterSuspend}. */
    public static Object enterSuspend(int callSite, Object[] arguments) {
        try {
            return dispatcher.enterSuspend(callSite, arguments);
        } catch (Throwable ignored) {
            return null;
        }
    }

    public static void exitSuspend(Object scope, Object returned, Throwable thrown) {
        if (scope == null) {
            return;
        }
        try {
            if (scope instanceof Blocked) {
                Blocked blocked = (Blocked) scope;
                dispatcher.exitSuspend(blocked.scope, null, blocked.exception);
                return;
            }
            dispatcher.exitSuspend(scope, returned, thrown);
        } catch (Throwable ignored) {
            // never propagated into user code
        }
    }

    /** Called from the continuation class the agent defines next to the application's Kotlin runtime. */
    public static void suspendedCallEnded(Object call, Object returned, Throwable thrown) {
        if (call == null) {
            return;
        }
        try {
            dispatcher.suspendedCallEnded(call, returned, thrown);
        } catch (Throwable ignored) {
            // never propagated into the coroutine
        }
    }

    /** The thread-local that carries the context with a Kotlin coroutine (see {@link ContextLocal}). */
    public static ThreadLocal<Object> contextLocal() {
        return ContextLocal.INSTANCE;
    }

    /** Called from kotlinx's {@code newCoroutineContext}: what the new coroutine carries, or null. */
    public static Object coroutineContext() {
        try {
            return dispatcher.coroutineContext();
        } catch (Throwable ignored) {
            return null;
        }
    }

    static Object coroutineThreadState() {
        try {
            return dispatcher.coroutineThreadState();
        } catch (Throwable ignored) {
            return null;
        }
    }

    static void coroutineSwitch(Object contextOrState) {
        try {
            dispatcher.coroutineSwitch(contextOrState);
        } catch (Throwable ignored) {
            // the coroutine runs on; the thread's context is reset when the next one starts here
        }
    }

    /**
     * Ends what {@code scope} opened when the returned publisher terminates: the result is
     * {@code returned} itself, or a publisher of the same kind (a Reactor {@code Mono} for a
     * {@code Mono}, a {@code Flux} for a {@code Flux}) that behaves like it.
     */
    public static Object exitPublisher(Object scope, Object returned, Throwable thrown) {
        if (scope == null) {
            return returned;
        }
        try {
            if (scope instanceof Blocked) {
                Blocked blocked = (Blocked) scope;
                return dispatcher.exitPublisher(blocked.scope, null, blocked.exception);
            }
            return dispatcher.exitPublisher(scope, returned, thrown);
        } catch (Throwable ignored) {
            return returned;
        }
    }

    /**
     * What the woven method throws on exit: the policy's {@link sh.ratri.ToolBlockedException} when
     * {@link #enter} blocked the call (its body was skipped), else what the body threw, unchanged.
     */
    public static Throwable thrown(Object scope, Throwable thrown) {
        return scope instanceof Blocked ? ((Blocked) scope).exception : thrown;
    }

    /** Woven into a recognised test framework where a test begins: its scope, for {@link #testEnded}. */
    public static Object testStarted(Object test) {
        try {
            return dispatcher.testStarted(test);
        } catch (Throwable ignored) {
            return null;
        }
    }

    /** Where the test ends; {@code ending} is the framework's state that holds its outcome. */
    public static void testEnded(Object scope, Object ending, Throwable thrown) {
        if (scope == null) {
            return;
        }
        try {
            dispatcher.testEnded(scope, ending, thrown);
        } catch (Throwable ignored) {
            // the test's outcome is the framework's; never changed from here
        }
    }

    /**
     * A recognised model call starts: {@code reader} (a {@code timeline.LlmReaders} number) reads
     * its request. Returns the scope for {@link #llmExit}; null when there is nothing to record, as
     * when a model call is already open here (this is a lower layer of it).
     */
    public static Object llmEnter(int reader, Object receiver, Object[] arguments) {
        try {
            return dispatcher.llmEnter(reader, receiver, arguments);
        } catch (Throwable ignored) {
            return null;
        }
    }

    /**
     * The arguments a model call's method whose reply arrives through a handler argument runs with:
     * {@code arguments}, or a copy whose handler is a stand-in that ends the call when the reply's
     * last part or error arrives.
     */
    public static Object[] llmArguments(Object scope, Object[] arguments) {
        if (scope == null) {
            return arguments;
        }
        try {
            Object[] given = dispatcher.llmArguments(scope, arguments);
            return given == null ? arguments : given;
        } catch (Throwable ignored) {
            return arguments;
        }
    }

    /**
     * The model call's method returned {@code returned} or threw {@code thrown}. Returns what the
     * caller receives: {@code returned}, or a stand-in of its type that ends the call when a
     * streamed reply's last part or error arrives.
     */
    public static Object llmExit(Object scope, Object returned, Throwable thrown) {
        if (scope == null) {
            return returned;
        }
        try {
            return dispatcher.llmExit(scope, returned, thrown);
        } catch (Throwable ignored) {
            return returned;
        }
    }

    // ---- the explicit API (sh.ratri.Ratri): one entry point per SDK call, found by name through
    // MethodHandles. Renaming or retyping one breaks the annotations jars that look it up.

    /** Opens a session for {@code Ratri.withSession}; close it with {@link #exit}. */
    public static Object explicitSession(String kind, String inputSummary, String[] metadataPairs) {
        try {
            return explicit.session(kind, inputSummary, metadataPairs);
        } catch (Throwable ignored) {
            return null;
        }
    }

    public static Object explicitRun(String stepKey, String stepName, int stepIndex, String role) {
        try {
            return explicit.run(stepKey, stepName, stepIndex, role);
        } catch (Throwable ignored) {
            return null;
        }
    }

    public static Object explicitChildRun(String stepKey, String stepName, int stepIndex, String role) {
        try {
            return explicit.childRun(stepKey, stepName, stepIndex, role);
        } catch (Throwable ignored) {
            return null;
        }
    }

    public static Object explicitWorkflowStep(String stepKey, String stepName, int stepIndex) {
        try {
            return explicit.workflowStep(stepKey, stepName, stepIndex);
        } catch (Throwable ignored) {
            return null;
        }
    }

    public static Object explicitTool(String name, String riskLevel, String actionType, String actionName,
                                      String resourceType, String externalId) {
        try {
            return explicit.tool(name, riskLevel, actionType, actionName, resourceType, externalId);
        } catch (Throwable ignored) {
            return null;
        }
    }

    public static String handoffRequested(String reason, String[] payloadPairs) {
        try {
            return explicit.handoffRequested(reason, payloadPairs);
        } catch (Throwable ignored) {
            return null;
        }
    }

    public static boolean handoffCompleted() {
        try {
            return explicit.handoffCompleted();
        } catch (Throwable ignored) {
            return false;
        }
    }

    public static String currentSessionId() {
        try {
            return explicit.currentSessionId();
        } catch (Throwable ignored) {
            return null;
        }
    }

    public static String currentRunId() {
        try {
            return explicit.currentRunId();
        } catch (Throwable ignored) {
            return null;
        }
    }

    public static void setOutputSummary(String summary) {
        try {
            explicit.setOutputSummary(summary);
        } catch (Throwable ignored) {
            // explicit API calls never throw into user code
        }
    }

    public static void addAttribute(String key, String value) {
        try {
            explicit.addAttribute(key, value);
        } catch (Throwable ignored) {
            // explicit API calls never throw into user code
        }
    }

    public static boolean declareCapabilities(String json) {
        try {
            return explicit.declareCapabilities(json);
        } catch (Throwable ignored) {
            return false;
        }
    }

    /**
     * For {@code Ratri.recordSession()}: a recording of the current session's events (a test's,
     * with the sessions opened inside it), or a String saying why there is none.
     */
    public static Object startRecording() {
        try {
            return explicit.startRecording();
        } catch (Throwable t) {
            return "the Ratri agent could not record: " + t;
        }
    }

    /** {@code events}, {@code lost} and {@code complete} of a recording; {@code stop} ends it. */
    public static java.util.Map<String, Object> readRecording(Object recording, boolean stop) {
        if (recording == null) {
            return java.util.Collections.emptyMap();
        }
        try {
            return explicit.readRecording(recording, stop);
        } catch (Throwable ignored) {
            return java.util.Collections.emptyMap();
        }
    }

    // ---- the explicit API's entry points before they were named, which annotations jars up to
    // 0.1.0 at commit 92f5c94 look up: kept so such a jar works with this agent (see NumberedCalls)

    /** Opens a session (0), run (1), child run (2), workflow step (3) or tool (4) from positional values. */
    public static Object explicitEnter(int kind, String[] values, int stepIndex) {
        return NumberedCalls.enter(kind, values, stepIndex);
    }

    /** The current session (0) or run (1) id, or null. */
    public static String currentId(int which) {
        return which == NumberedCalls.CURRENT_SESSION ? currentSessionId() : currentRunId();
    }

    /** {@code key} null sets the output summary of the innermost open item; else adds an attribute to it. */
    public static void note(String key, String value) {
        if (key == null) {
            setOutputSummary(value);
        } else {
            addAttribute(key, value);
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

    /** What {@link #enterForked} returns when the task brought no context: {@link #exitForked} leaves the thread alone. */
    private static final Object NOT_ATTACHED = new Object();

    /**
     * A fork/join task is forked or handed to a pool: its own {@code exec()} will run in the current
     * context. Only the task kinds whose {@code exec()} is rewritten ({@link #enterForked}) are kept.
     */
    public static void forked(Object task) {
        try {
            if (!(task instanceof RecursiveTask || task instanceof RecursiveAction || task instanceof CountedCompleter)) {
                return;
            }
            Object context = capture();
            if (context == null) {
                PendingContexts.forget(task); // forked again after reinitialize(), now with nothing traced
            } else {
                PendingContexts.put(task, context);
            }
        } catch (Throwable ignored) {
            // the task runs without context
        }
    }

    /** At the start of a fork/join task's {@code exec()}; hand the result to {@link #exitForked}. */
    public static Object enterForked(Object task) {
        try {
            Object context = PendingContexts.take(task);
            return context == null ? NOT_ATTACHED : attach(context);
        } catch (Throwable ignored) {
            return NOT_ATTACHED;
        }
    }

    /** At every exit of a fork/join task's {@code exec()}: the thread's own context again. */
    public static void exitForked(Object previous) {
        if (previous != NOT_ATTACHED) {
            detach(previous);
        }
    }

    /**
     * A thread is started. A subclass that overrides {@code run()} runs its own body, with no
     * wrapped {@code Runnable} to carry the context: the thread takes it at its first traced call
     * ({@link #startContext}). JDK threads and fork/join workers are left out: they run pools, whose
     * tasks bring their own contexts, and must not keep the one that happened to start them.
     */
    public static void starting(Thread thread) {
        try {
            if (thread.getClass() == Thread.class || thread instanceof ForkJoinWorkerThread) {
                return;
            }
            Object context = capture();
            if (context != null && runsOwnBody(thread)) {
                PendingContexts.put(thread, context);
            }
        } catch (Throwable ignored) {
            // the thread runs without context
        }
    }

    private static boolean runsOwnBody(Thread thread) throws NoSuchMethodException {
        Class<?> declaring = thread.getClass().getMethod("run").getDeclaringClass();
        return declaring != Thread.class && declaring.getClassLoader() != null;
    }

    /** The context {@code thread} was started in when it runs its own body, taken once; else null. */
    public static Object startContext(Thread thread) {
        try {
            return PendingContexts.take(thread);
        } catch (Throwable ignored) {
            return null;
        }
    }

    /**
     * A thread pool's worker loop runs many tasks: giving it the context of the task whose
     * submission happened to start the thread would leak that context into every later task.
     */
    private static boolean isPoolWorker(Runnable task) {
        return task.getClass().getName().equals("java.util.concurrent.ThreadPoolExecutor$Worker");
    }

    static Object capture() {
        try {
            return dispatcher.capture();
        } catch (Throwable ignored) {
            return null;
        }
    }

    static Object attach(Object context) {
        try {
            return dispatcher.attach(context);
        } catch (Throwable ignored) {
            return null;
        }
    }

    static void detach(Object previous) {
        try {
            dispatcher.detach(previous);
        } catch (Throwable ignored) {
            // the thread keeps running; its context is reset on the next attach
        }
    }
}
