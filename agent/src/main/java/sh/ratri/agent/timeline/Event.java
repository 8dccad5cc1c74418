package sh.ratri.agent.timeline;

import sh.ratri.agent.policy.Decision;
import sh.ratri.agent.schema.EventType;
import sh.ratri.agent.schema.Status;

import java.util.Map;

/**
 * One timeline event as the application thread records it: ids as longs, time as
 * {@code System.nanoTime()}, values as rendered strings. The exporter thread turns it into
 * {@code ratri.event/v1} JSON (wall-clock time, event id, sequence, id strings), so none of that
 * work runs in user code.
 *
 * <p>Two events are built per traced call, so their size is most of what tracing allocates. An
 * event points at the {@link Frame} of its call for the ids (and a start time) the frame already
 * holds, and fields that no kind of event uses together share a slot: 40 bytes instead of a plain
 * record's 128. The accessors say what each event means; which slot holds it is private to this class.
 */
public final class Event {

    private final EventType type;
    /** started: the step index (its time is its frame's start); else the {@code System.nanoTime()} it happened at. */
    private final long number;
    private final String thread;
    /** The call it belongs to: its session, run, parent run, step and tool call, and when it started. */
    private final Frame frame;
    /**
     * started: the spec; ended: the {@link Status}; handoff: the {@link PendingHandoff}; policy: the
     * {@link Decision}; dropped: the count.
     */
    private final Object detail;
    /**
     * started: the rendered {@code String[]} values; ended: the output summary, or an {@link Outcome}
     * when it failed or the explicit API added attributes; else null.
     */
    private final Object text;

    private Event(EventType type, long number, String thread, Frame frame, Object detail, Object text) {
        this.type = type;
        this.number = number;
        this.thread = thread;
        this.frame = frame;
        this.detail = detail;
        this.text = text;
    }

    /** An ended event's output with what is rarely there: the error, and attributes added through the explicit API. */
    private record Outcome(String output, Failure error, Map<String, String> extra, LlmOutcome llm) {
    }

    /** A {@code *.started} event of {@code frame}'s call, at its start. */
    static Event started(EventType type, Frame frame, String thread, CallSiteSpec spec, String[] values, int stepIndex) {
        return new Event(type, stepIndex, thread, frame, spec, values);
    }

    /** A {@code *.ended} event of {@code frame}'s call; {@code attributes} are the explicit API's, usually null. */
    static Event ended(EventType type, Frame frame, long nanos, String thread, Status status, String output,
                       Failure error, Map<String, String> attributes) {
        Object text = error == null && attributes == null ? output
                : new Outcome(output, error, attributes == null ? null : Map.copyOf(attributes), null);
        return new Event(type, nanos, thread, frame, status, text);
    }

    /** {@code llm.ended} of {@code call}. */
    static Event llmEnded(LlmCall call, long nanos, String thread, Status status, String output, Failure error,
                          LlmOutcome llm) {
        return new Event(EventType.LLM_ENDED, nanos, thread, call, status, new Outcome(output, error, null, llm));
    }

    /** {@code llm.started} made from plain values, for the sinks' tests; {@code values}: provider, model, prompt summary. */
    public static Event llmStarted(long nanos, String thread, long sessionId, long runId, long llmCallId,
                                   String[] values) {
        return started(EventType.LLM_STARTED, llmFrame(sessionId, runId, llmCallId, nanos), thread, LlmSpec.CHAT,
                values, -1);
    }

    /** {@code llm.ended} made from plain values, for the sinks' tests. */
    public static Event llmEnded(long nanos, String thread, long sessionId, long runId, long llmCallId, Status status,
                                 long durationNanos, String output, Failure error, LlmOutcome llm) {
        return llmEnded(llmFrame(sessionId, runId, llmCallId, nanos - durationNanos), nanos, thread, status, output,
                error, llm);
    }

    private static LlmCall llmFrame(long sessionId, long runId, long llmCallId, long startNanos) {
        return new LlmCall(Frame.ids(sessionId, runId, 0, 0, 0, startNanos), new SessionState(sessionId), false,
                llmCallId, startNanos, null, null, null);
    }

    /** A handoff event in {@code frame}'s session; a completed handoff's target run is {@code frame}'s run. */
    static Event handoff(EventType type, Frame frame, long nanos, String thread, PendingHandoff handoff) {
        return new Event(type, nanos, thread, frame, handoff, null);
    }

    /** {@code policy.decision} about the tool {@code frame}'s call opened, just before its {@code tool.started}. */
    private static Event decision(Frame frame, long nanos, String thread, Decision decision) {
        return new Event(EventType.POLICY_DECISION, nanos, thread, frame, decision, null);
    }

    /** A {@code tool.started} whose call the policy decided: it stands for two events, its {@code policy.decision} first. */
    public boolean carriesDecision() {
        return type == EventType.TOOL_STARTED && frame.decision != null;
    }

    /**
     * For a {@code tool.started} that {@link #carriesDecision()}: the {@code policy.decision} event that
     * goes just before it, made here on the exporter's thread (same time, thread and ids); else null.
     */
    public Event decisionBefore() {
        return carriesDecision() ? decision(frame, frame.startNanos, thread, frame.decision) : null;
    }

    /** {@code policy.decision} made from plain values, for the sinks' tests. */
    public static Event decision(long nanos, String thread, long sessionId, long runId, long toolCallId,
                                 Decision decision) {
        return decision(Frame.ids(sessionId, runId, 0, 0, toolCallId, nanos), nanos, thread, decision);
    }

    /** {@code agent.dropped}: built by the exporter for a session that lost events. */
    public static Event dropped(long nanos, String thread, long sessionId, long count) {
        return new Event(EventType.AGENT_DROPPED, nanos, thread, Frame.ids(sessionId, 0, 0, 0, 0, nanos), count,
                null);
    }

    // Events made from plain values, by code that has no timeline (the sinks' tests).

    /**
     * @param spec      the spec that says how to read {@code values}
     * @param values    the spec's rendered values, in its order
     * @param stepIndex the resolved index of a run or step; else -1
     */
    public static Event started(EventType type, long nanos, String thread, long sessionId, long runId,
                                long parentRunId, long stepId, long toolCallId, CallSiteSpec spec, String[] values,
                                int stepIndex) {
        return started(type, Frame.ids(sessionId, runId, parentRunId, stepId, toolCallId, nanos), thread, spec,
                values, stepIndex);
    }

    /** @param error what the exception that ended a failed item said */
    public static Event ended(EventType type, long nanos, String thread, long sessionId, long runId,
                              long parentRunId, long stepId, long toolCallId, Status status, long durationNanos,
                              String output, Failure error) {
        return ended(type, Frame.ids(sessionId, runId, parentRunId, stepId, toolCallId, nanos - durationNanos),
                nanos, thread, status, output, error, null);
    }

    /**
     * @param runId       the run that took the handoff (completed); for requested and failed, the source run
     * @param sourceRunId the run that asked for the handoff; 0 when none
     */
    public static Event handoff(EventType type, long nanos, String thread, long sessionId, long runId,
                                long handoffId, long sourceRunId, HandoffSpec spec, String[] values) {
        return handoff(type, Frame.ids(sessionId, runId, 0, 0, 0, nanos), nanos, thread,
                new PendingHandoff(handoffId, sourceRunId, spec, values));
    }

    private boolean isHandoff() {
        return type == EventType.HANDOFF_REQUESTED || type == EventType.HANDOFF_COMPLETED
                || type == EventType.HANDOFF_FAILED;
    }

    private boolean isEnded() {
        return type == EventType.SESSION_ENDED || type == EventType.RUN_ENDED || type == EventType.STEP_ENDED
                || type == EventType.TOOL_ENDED || type == EventType.LLM_ENDED;
    }

    private boolean isStarted() {
        return type == EventType.SESSION_STARTED || type == EventType.RUN_STARTED || type == EventType.STEP_STARTED
                || type == EventType.TOOL_STARTED || type == EventType.LLM_STARTED;
    }

    /** Which of the frame's ids the event carries: 0 the session's, 1 also the run's, 2 the step's, 3 the tool call's. */
    private int depth() {
        return switch (type) {
            case RUN_STARTED, RUN_ENDED -> 1;
            case STEP_STARTED, STEP_ENDED, LLM_STARTED, LLM_ENDED -> 2;
            case TOOL_STARTED, TOOL_ENDED, POLICY_DECISION -> 3;
            default -> 0;
        };
    }

    public EventType type() {
        return type;
    }

    public long nanos() {
        return isStarted() ? frame.startNanos : number;
    }

    public String thread() {
        return thread;
    }

    public long sessionId() {
        return frame.session.id;
    }

    /** The test session a session opened inside a test belongs to; 0 for any other session. */
    public long enclosingSessionId() {
        SessionState enclosing = frame.session.enclosing;
        return enclosing == null ? 0 : enclosing.id;
    }

    public long runId() {
        if (isHandoff()) {
            return type == EventType.HANDOFF_COMPLETED ? frame.runId : ((PendingHandoff) detail).sourceRunId;
        }
        return depth() >= 1 ? frame.runId : 0;
    }

    public long parentRunId() {
        return depth() >= 1 ? frame.parentRunId : 0;
    }

    public long stepId() {
        return depth() >= 2 ? frame.stepId : 0;
    }

    public long toolCallId() {
        return depth() >= 3 ? frame.toolCallId : 0;
    }

    /** For {@code llm.*} events, the model call's id; else 0. */
    public long llmCallId() {
        return (type == EventType.LLM_STARTED || type == EventType.LLM_ENDED) && frame instanceof LlmCall call
                ? call.llmCallId : 0;
    }

    /** For {@code llm.ended}, what the reply said and what it cost; else null. */
    public LlmOutcome llm() {
        return text instanceof Outcome outcome ? outcome.llm() : null;
    }

    public long handoffId() {
        return isHandoff() ? ((PendingHandoff) detail).id : 0;
    }

    /** For {@code *.started} and handoff events, the spec that says how to read {@link #values()}; else null. */
    public CallSiteSpec spec() {
        if (isHandoff()) {
            return ((PendingHandoff) detail).spec;
        }
        return isStarted() ? (CallSiteSpec) detail : null;
    }

    public String[] values() {
        if (isHandoff()) {
            return ((PendingHandoff) detail).values;
        }
        return isStarted() ? (String[]) text : null;
    }

    public int stepIndex() {
        return isStarted() ? (int) number : -1;
    }

    /** For handoff events, the run that asked; 0 when none. */
    public long sourceRunId() {
        return isHandoff() ? ((PendingHandoff) detail).sourceRunId : 0;
    }

    public Status status() {
        return isEnded() ? (Status) detail : null;
    }

    public long durationNanos() {
        return isEnded() ? number - frame.startNanos : 0;
    }

    public String output() {
        if (text instanceof Outcome outcome) {
            return outcome.output();
        }
        return text instanceof String output ? output : null;
    }

    /** Attributes added through the explicit API ({@code Ratri.addAttribute}); usually null. */
    public Map<String, String> extra() {
        return text instanceof Outcome outcome ? outcome.extra() : null;
    }

    public Failure error() {
        return text instanceof Outcome outcome ? outcome.error() : null;
    }

    /** For {@code policy.decision}, what the policy decided; else null. */
    public Decision decision() {
        return type == EventType.POLICY_DECISION ? (Decision) detail : null;
    }

    /** For {@code agent.dropped}, how many events were lost. */
    public long count() {
        return type == EventType.AGENT_DROPPED ? (Long) detail : 0;
    }
}
