package sh.ratri;

import sh.ratri.annotations.RiskLevel;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The explicit API, for what annotations cannot express. It mirrors the TypeScript SDK and records
 * the same events as the annotations. Without the agent every method simply runs the work (or does
 * nothing); with {@code -javaagent:ratri-agent.jar} it forwards into the agent's runtime.
 *
 * <pre>{@code
 * String draft = Ratri.withSession(Ratri.session("pipeline")
 *         .inputSummary("Handle urgent enterprise support escalation")
 *         .metadata("triggerKind", "support_escalation"), () ->
 *     Ratri.withRun(Ratri.run("orchestrator").stepName("Orchestrator").stepIndex(0), () -> {
 *         Ratri.trackHandoffRequested("Delegate customer response draft",
 *                 Ratri.pairs("ticketId", "SUP-123", "priority", "urgent"));
 *         return Ratri.withChildRun(Ratri.childRun("response-worker").stepIndex(2), () -> {
 *             Ratri.trackHandoffCompleted();
 *             return Ratri.withTool(Ratri.tool("support.compose_reply").action("write")
 *                     .resource("work_item", "SUP-123"), () -> composeReply());
 *         });
 *     }));
 * }</pre>
 *
 * <p>The work's exception reaches the caller unchanged; the item ends {@code failed}. Nothing here
 * ever throws because of tracing; only a tool that the policy blocks in {@code mode=enforce} throws
 * {@link ToolBlockedException} instead of running its work.
 */
public final class Ratri {

    /** Work to record; its checked exception type passes through. */
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    private Ratri() {
    }

    // ---- options

    public static SessionOptions session(String kind) {
        return new SessionOptions(kind);
    }

    public static RunOptions run(String stepKey) {
        return new RunOptions(stepKey, "orchestrator");
    }

    public static RunOptions childRun(String stepKey) {
        return new RunOptions(stepKey, "worker");
    }

    public static StepOptions workflowStep(String stepKey) {
        return new StepOptions(stepKey);
    }

    public static ToolOptions tool(String name) {
        return new ToolOptions(name);
    }

    /** {@code pairs("ticketId", "SUP-123", "priority", "urgent")} as an ordered map. */
    public static Map<String, String> pairs(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("pairs needs an even number of strings: key, value, key, value…");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    /**
     * Declares the capabilities of this JVM's agents in code, as the JSON of a {@code capabilities}
     * file (the README's Governance section has the format). A {@code capabilities} file, when
     * configured, wins. Returns false without the agent, or when the JSON is broken (the agent then
     * prints one line saying where).
     *
     * <pre>{@code
     * Ratri.declareCapabilities("{\"agents\": {\"release-bot\": {\"runs\": {"
     *         + "\"*\": {\"tools\": [\"build.*\", \"test.*\"], \"maxRisk\": \"medium\"}}}}}");
     * }</pre>
     */
    public static boolean declareCapabilities(String json) {
        return Boolean.TRUE.equals(call(Agent.DECLARE_CAPABILITIES, json));
    }

    /**
     * Starts recording, in memory, the events of the current session from now on: in a JUnit
     * Jupiter test run under the agent, the test's session and the sessions opened inside it. For
     * test support such as {@code ratri-junit}'s {@code RecordedTimeline}; close the recording when
     * the test ends.
     *
     * <pre>{@code
     * try (Ratri.SessionRecording recording = Ratri.recordSession()) {
     *     pipeline.handle(ticket);
     *     List<Map<String, Object>> events = recording.events(); // as the JSONL lines hold them
     * }
     * }</pre>
     *
     * @throws IllegalStateException when the agent is not attached, no session is current on this
     *                               thread, or the agent's export cannot record; the message says which
     */
    public static SessionRecording recordSession() {
        if (Agent.START_RECORDING == null) {
            throw new IllegalStateException("the Ratri agent is not attached to this JVM: start it with "
                    + "-javaagent:/path/to/ratri-agent.jar (Maven Surefire: <argLine>; Gradle: test { jvmArgs })");
        }
        Object recording = call(Agent.START_RECORDING);
        if (recording == null || recording instanceof String) {
            throw new IllegalStateException("the Ratri agent cannot record this session: "
                    + (recording == null ? "it did not answer" : recording));
        }
        return new SessionRecording(recording);
    }

    /** The events of one session as the agent exported them; see {@link #recordSession()}. */
    public static final class SessionRecording implements AutoCloseable {
        private final Object recording;
        private volatile boolean closed;

        private SessionRecording(Object recording) {
            this.recording = recording;
        }

        /**
         * The events recorded so far, in the order of their {@code sequence}, each a map shaped like
         * its JSON line ({@code type}, {@code sessionId}, {@code attributes}…). Waits (at most a few
         * seconds) until every event emitted before this call has been exported.
         */
        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> events() {
            Object events = read(false).get("events");
            return events == null ? Collections.<Map<String, Object>>emptyList()
                    : Collections.unmodifiableList((List<Map<String, Object>>) events);
        }

        /** Events of the session not kept: a recording holds the first 50,000. */
        public long lost() {
            Object lost = read(false).get("lost");
            return lost instanceof Number ? ((Number) lost).longValue() : 0;
        }

        /** Stops recording; the events stay readable. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                read(true);
            }
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> read(boolean stop) {
            Object answer = call(Agent.READ_RECORDING, recording, stop || closed);
            return answer instanceof Map ? (Map<String, Object>) answer : Collections.<String, Object>emptyMap();
        }
    }

    // ---- the SDK's calls

    public static <T, E extends Exception> T withSession(SessionOptions options, Work<T, E> work) throws E {
        return record(call(Agent.SESSION, options.kind, options.inputSummary, options.metadataPairs()), work);
    }

    public static <T, E extends Exception> T withRun(RunOptions options, Work<T, E> work) throws E {
        return record(call(Agent.RUN, options.stepKey, options.stepName(), options.stepIndex, options.role), work);
    }

    /** A run whose parent is the current run; it completes a handoff requested in that run. */
    public static <T, E extends Exception> T withChildRun(RunOptions options, Work<T, E> work) throws E {
        return record(call(Agent.CHILD_RUN, options.stepKey, options.stepName(), options.stepIndex, options.role),
                work);
    }

    public static <T, E extends Exception> T withWorkflowStep(StepOptions options, Work<T, E> work) throws E {
        return record(call(Agent.WORKFLOW_STEP, options.stepKey, options.stepName(), options.stepIndex), work);
    }

    public static <T, E extends Exception> T withTool(ToolOptions options, Work<T, E> work) throws E {
        return record(call(Agent.TOOL, options.name, options.riskLevel.name().toLowerCase(Locale.ROOT),
                options.actionType, options.actionName == null ? options.name : options.actionName,
                options.resourceType, options.externalId), work);
    }

    /**
     * Records {@code handoff.requested} from the current run. The handoff waits on that run, also
     * after the code that requested it returns: the first child run started under the run, on any
     * thread, takes it; if the run ends first, it fails. Returns the handoff id, or null without the agent.
     */
    public static String trackHandoffRequested(String reason, Map<String, String> payloadSummary) {
        String[] pairs = new String[payloadSummary == null ? 0 : payloadSummary.size() * 2];
        int i = 0;
        if (payloadSummary != null) {
            for (Map.Entry<String, String> kv : payloadSummary.entrySet()) {
                pairs[i++] = kv.getKey();
                pairs[i++] = kv.getValue();
            }
        }
        Object id = call(Agent.HANDOFF_REQUESTED, reason, pairs);
        return id instanceof String ? (String) id : null;
    }

    /**
     * Completes, with the current child run, a handoff waiting on its parent run. A child run started
     * while a handoff waits has already taken it (as with {@code @Handoff}), so this returns false then.
     */
    public static boolean trackHandoffCompleted() {
        return Boolean.TRUE.equals(call(Agent.HANDOFF_COMPLETED));
    }

    public static String currentSessionId() {
        Object id = call(Agent.CURRENT_SESSION_ID);
        return id instanceof String ? (String) id : null;
    }

    public static String currentRunId() {
        Object id = call(Agent.CURRENT_RUN_ID);
        return id instanceof String ? (String) id : null;
    }

    /** Sets the {@code outputSummary} of the innermost open item, instead of its return value. */
    public static void setOutputSummary(String summary) {
        call(Agent.SET_OUTPUT_SUMMARY, summary);
    }

    /** Adds an attribute to the ended event of the innermost open item. */
    public static void addAttribute(String key, String value) {
        if (key != null) {
            call(Agent.ADD_ATTRIBUTE, key, value);
        }
    }

    /** Runs {@code work} in the item the agent opened as {@code scope} (null without the agent), then ends it. */
    private static <T, E extends Exception> T record(Object scope, Work<T, E> work) throws E {
        Object blocked = call(Agent.THROWN, scope, null);
        if (blocked instanceof ToolBlockedException) {
            call(Agent.EXIT, scope, null, null);
            throw (ToolBlockedException) blocked;
        }
        T result;
        try {
            result = work.run();
        } catch (Throwable t) {
            call(Agent.EXIT, scope, null, t);
            throw sneaky(t);
        }
        call(Agent.EXIT, scope, result, null);
        return result;
    }

    @SuppressWarnings("unchecked")
    private static <X extends Throwable> RuntimeException sneaky(Throwable t) throws X {
        throw (X) t;
    }

    private static Object call(MethodHandle handle, Object... arguments) {
        if (handle == null) {
            return null;
        }
        try {
            return handle.invokeWithArguments(arguments);
        } catch (Throwable ignored) {
            return null;
        }
    }

    /**
     * The agent's bridge, found once in the bootstrap loader: one entry point per call, by name. All
     * null without the agent, or with an agent older than this jar, which lacks the named calls.
     */
    private static final class Agent {
        private static final Class<?> BRIDGE = bridge();

        static final MethodHandle SESSION = find("explicitSession", Object.class,
                String.class, String.class, String[].class);
        static final MethodHandle RUN = find("explicitRun", Object.class,
                String.class, String.class, int.class, String.class);
        static final MethodHandle CHILD_RUN = find("explicitChildRun", Object.class,
                String.class, String.class, int.class, String.class);
        static final MethodHandle WORKFLOW_STEP = find("explicitWorkflowStep", Object.class,
                String.class, String.class, int.class);
        static final MethodHandle TOOL = find("explicitTool", Object.class,
                String.class, String.class, String.class, String.class, String.class, String.class);
        static final MethodHandle EXIT = find("exit", void.class, Object.class, Object.class, Throwable.class);
        static final MethodHandle THROWN = find("thrown", Throwable.class, Object.class, Throwable.class);
        static final MethodHandle HANDOFF_REQUESTED = find("handoffRequested", String.class,
                String.class, String[].class);
        static final MethodHandle HANDOFF_COMPLETED = find("handoffCompleted", boolean.class);
        static final MethodHandle CURRENT_SESSION_ID = find("currentSessionId", String.class);
        static final MethodHandle CURRENT_RUN_ID = find("currentRunId", String.class);
        static final MethodHandle SET_OUTPUT_SUMMARY = find("setOutputSummary", void.class, String.class);
        static final MethodHandle ADD_ATTRIBUTE = find("addAttribute", void.class, String.class, String.class);
        static final MethodHandle DECLARE_CAPABILITIES = find("declareCapabilities", boolean.class, String.class);
        static final MethodHandle START_RECORDING = find("startRecording", Object.class);
        static final MethodHandle READ_RECORDING = find("readRecording", Map.class, Object.class, boolean.class);

        /** The bridge when the agent is attached and has the named calls, else null. */
        private static Class<?> bridge() {
            try {
                Class<?> bridge = Class.forName("sh.ratri.agent.bootstrap.Bridge", true, null);
                bridge.getMethod("explicitSession", String.class, String.class, String[].class);
                return bridge;
            } catch (Throwable noAgent) {
                return null;
            }
        }

        private static MethodHandle find(String name, Class<?> returns, Class<?>... parameters) {
            if (BRIDGE == null) {
                return null;
            }
            try {
                return MethodHandles.publicLookup().findStatic(BRIDGE, name,
                        MethodType.methodType(returns, parameters));
            } catch (Throwable missing) {
                return null;
            }
        }
    }

    // ---- option builders

    /** Options of {@link #withSession}: {@code kind}, {@code inputSummary}, {@code metadata}. */
    public static final class SessionOptions {
        final String kind;
        String inputSummary = "";
        private final Map<String, String> metadata = new LinkedHashMap<>();

        SessionOptions(String kind) {
            this.kind = kind == null || kind.isEmpty() ? "session" : kind;
        }

        public SessionOptions inputSummary(String summary) {
            this.inputSummary = summary == null ? "" : summary;
            return this;
        }

        public SessionOptions metadata(String key, String value) {
            metadata.put(key, value);
            return this;
        }

        /** key, value, key, value… */
        String[] metadataPairs() {
            String[] out = new String[metadata.size() * 2];
            int i = 0;
            for (Map.Entry<String, String> kv : metadata.entrySet()) {
                out[i++] = kv.getKey();
                out[i++] = kv.getValue();
            }
            return out;
        }
    }

    /** Options of {@link #withRun} and {@link #withChildRun}. */
    public static final class RunOptions {
        final String stepKey;
        private String stepName;
        int stepIndex = -1;
        String role;

        RunOptions(String stepKey, String role) {
            this.stepKey = stepKey;
            this.role = role;
        }

        public RunOptions stepName(String name) {
            this.stepName = name;
            return this;
        }

        /** Sort order in the replay; -1 (the default) means the next index in the session. */
        public RunOptions stepIndex(int index) {
            this.stepIndex = index;
            return this;
        }

        public RunOptions role(String role) {
            this.role = role;
            return this;
        }

        String stepName() {
            return stepName == null ? humanise(stepKey) : stepName;
        }
    }

    /** Options of {@link #withWorkflowStep}. */
    public static final class StepOptions {
        final String stepKey;
        private String stepName;
        int stepIndex = -1;

        StepOptions(String stepKey) {
            this.stepKey = stepKey;
        }

        public StepOptions stepName(String name) {
            this.stepName = name;
            return this;
        }

        public StepOptions stepIndex(int index) {
            this.stepIndex = index;
            return this;
        }

        String stepName() {
            return stepName == null ? humanise(stepKey) : stepName;
        }
    }

    /** Options of {@link #withTool}: risk, action and the optional resource. */
    public static final class ToolOptions {
        final String name;
        RiskLevel riskLevel = RiskLevel.LOW;
        String actionType = "execute";
        String actionName;
        String resourceType;
        String externalId = "";

        ToolOptions(String name) {
            this.name = name;
        }

        public ToolOptions riskLevel(RiskLevel level) {
            this.riskLevel = level == null ? RiskLevel.LOW : level;
            return this;
        }

        public ToolOptions action(String type) {
            this.actionType = type;
            return this;
        }

        public ToolOptions action(String type, String actionName) {
            this.actionType = type;
            this.actionName = actionName;
            return this;
        }

        public ToolOptions resource(String type, String externalId) {
            this.resourceType = type == null || type.isEmpty() ? null : type;
            this.externalId = externalId == null ? "" : externalId;
            return this;
        }
    }

    /** {@code triage-ticket} → {@code Triage ticket}. */
    private static String humanise(String key) {
        if (key == null || key.isEmpty()) {
            return "";
        }
        String words = key.replace('-', ' ').replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
