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
 * <p>Mutable, so that the application thread allocates none: a traced call writes each event
 * straight into a slot the export queue claimed for it and made once ({@link EventOutlet#claim}),
 * or, for an outlet that copies, into its thread's scratch event ({@link ThreadState#event}); the
 * exporter's sinks read each slot where it lies, before the queue frees it. So an event copies the
 * ids it carries from its call's frame and never points at the frame, which the thread reuses.
 * Fields that no kind of event uses together share a slot; the accessors say what each event means.
 */
public final class Event {

    private static final EventType[] TYPES = EventType.values();
    private static final Status[] STATUSES = Status.values();

    // Enum constants as their ordinals, and the thread's name written only when it changed: each reference
    // written into a slot the old generation holds costs the application thread a GC write barrier.
    /** The {@link EventType}'s ordinal; -1 while the event is empty. */
    private byte type = -1;
    /** ended: the {@link Status}'s ordinal. */
    private byte status;
    /** started: the step index (its time is {@link #startNanos}); else the {@code System.nanoTime()} it happened at. */
    private long number;
    private String thread;
    /** started and handoff: the spec; policy: the {@link Decision}; dropped: the count; ended: null. */
    private Object detail;
    /**
     * started and handoff: the rendered {@code String[]} values, or a {@link DeferredValues} that
     * spells them; ended: the output summary, a returned value that cannot change
     * ({@link DeferredValues#settled}, not a {@code String}) spelled to {@link #outputLimit} when
     * read, or an {@link Outcome} when it failed or the explicit API added attributes; else null.
     */
    private Object text;
    /**
     * started: the values are the spec's constants ({@link Templates#constants}), and {@link #text}
     * is null: a flag costs no GC write barrier, where the array's reference would on every event.
     */
    private boolean specValues;
    /** ended: how many characters an output kept as a value is spelled to. */
    private int outputLimit;
    /** What {@link #text} is when this event keeps deferred values: its own holder, made the first time. */
    private DeferredValues ownValues;
    /** The export queue's: where in its sequence it claimed this slot, for the slot's publication. */
    private long claimedAt;
    // copied from the frame of the call the event belongs to
    private long startNanos;
    private long sessionId;
    private long enclosingSessionId;
    private long runId;
    /** handoff: the source run's id (see {@link #sourceRunId()}). */
    private long parentRunId;
    private long stepId;
    /** handoff: the handoff's id. */
    private long toolCallId;
    private long llmCallId;
    /** On a {@code tool.started}: what the policy decided about the call, or null (see {@link #decisionBefore()}). */
    private Decision decision;

    /** An empty event to write into: a thread's scratch event or a slot of the export queue. */
    public Event() {
    }

    private Event write(EventType type, long number, String thread, Frame frame, Object detail, Object text) {
        this.type = (byte) type.ordinal();
        this.number = number;
        this.specValues = false;
        if (this.thread != thread) {
            this.thread = thread;
        }
        if (this.detail != detail) {
            this.detail = detail;
        }
        this.text = text instanceof DeferredValues deferred ? keep(deferred) : text;
        this.startNanos = frame.startNanos;
        SessionState session = frame.session;
        this.sessionId = session.id;
        this.enclosingSessionId = session.enclosing == null ? 0 : session.enclosing.id;
        this.runId = frame.runId;
        this.parentRunId = frame.parentRunId;
        this.stepId = frame.stepId;
        this.toolCallId = frame.toolCallId;
        this.llmCallId = frame instanceof LlmCall call ? call.llmCallId : 0;
        this.decision = frame.decision;
        return this;
    }

    /**
     * Makes this event the same as {@code other}: what the export queue does to its slot. Deferred
     * values are copied into this event's own holder, as {@code other}'s is written again.
     */
    public void copyFrom(Event other) {
        copyAllButText(other);
        text = other.text instanceof DeferredValues deferred ? keep(deferred) : other.text;
    }

    /** This event's own holder, now keeping what {@code deferred} keeps: the writer's holder is filled again next. */
    private DeferredValues keep(DeferredValues deferred) {
        if (ownValues == null) {
            ownValues = new DeferredValues();
        }
        ownValues.copyFrom(deferred);
        return ownValues;
    }

    /** The export queue's: marks this slot claimed at {@code index} of its sequence. */
    public void claimedAt(long index) {
        claimedAt = index;
    }

    /** The export queue's: where in its sequence this slot was last claimed. */
    public long claimedAt() {
        return claimedAt;
    }

    private void copyAllButText(Event other) {
        type = other.type;
        status = other.status;
        number = other.number;
        thread = other.thread;
        detail = other.detail;
        specValues = other.specValues;
        outputLimit = other.outputLimit;
        startNanos = other.startNanos;
        sessionId = other.sessionId;
        enclosingSessionId = other.enclosingSessionId;
        runId = other.runId;
        parentRunId = other.parentRunId;
        stepId = other.stepId;
        toolCallId = other.toolCallId;
        llmCallId = other.llmCallId;
        decision = other.decision;
    }

    /**
     * Drops what this event refers to (its spec, values, output, error), so that a slot or a
     * thread's scratch event keeps no user class or loader reachable while it waits to be written
     * again; the thread's name is kept, as the next event there is most likely the same thread's.
     */
    public void clear() {
        if (text == ownValues && ownValues != null) {
            ownValues.clear();
        }
        detail = null;
        text = null;
        decision = null;
    }

    /** Makes this claimed event stand for none: its writing failed part way, and the loss is counted. */
    public void abandon() {
        clear();
        type = -1;
    }

    /** Whether this event stands for none ({@link #abandon}): the exporter skips it. */
    public boolean abandoned() {
        return type < 0;
    }

    /**
     * A copy of this event that shares no holder with it: deferred values and a kept output are
     * spelled here, on the caller's thread (the exporter's). {@link #decisionBefore} builds the
     * decision event from one; the exporter itself reads each slot in place.
     */
    public Event copy() {
        Event copy = new Event();
        copy.copyAllButText(this);
        copy.text = text instanceof DeferredValues deferred ? deferred.spell() : keptOutput() ? output() : text;
        return copy;
    }

    private boolean keptOutput() {
        return text != null && !(text instanceof String) && !(text instanceof Outcome) && isEnded();
    }

    /** An ended event's output with what is rarely there: the error, and attributes added through the explicit API. */
    private record Outcome(String output, Failure error, Map<String, String> extra, LlmOutcome llm) {
    }

    /**
     * Writes a {@code *.started} event of {@code frame}'s call, at its start, into this event;
     * {@code values}: the spec's rendered {@code String[]}, or a {@link DeferredValues} that spells them.
     */
    Event writeStarted(EventType type, Frame frame, String thread, CallSiteSpec spec, Object values, int stepIndex) {
        boolean constant = values != null && spec != null && values == spec.templates().constants();
        write(type, stepIndex, thread, frame, spec, constant ? null : values);
        specValues = constant;
        return this;
    }

    /**
     * What an ended event says besides its status, made before a slot is claimed for it:
     * {@code attributes} (explicit API) are usually null. {@code output} is the output summary, or a
     * returned value that cannot change other than a {@code String} (only with neither error nor
     * attributes): spelled when read, on the exporter's thread, exactly as the call would have spelled it.
     */
    static Object outcome(Object output, Failure error, Map<String, String> attributes) {
        return error == null && attributes == null ? output
                : new Outcome((String) output, error, attributes == null ? null : Map.copyOf(attributes), null);
    }

    /**
     * Writes a {@code *.ended} event of {@code frame}'s call into this event; {@code outcome} is what
     * {@link #outcome} made, a kept output spelled to {@code maxChars}.
     */
    Event writeEnded(EventType type, Frame frame, long nanos, String thread, Status status, Object outcome,
                     int maxChars) {
        outputLimit = maxChars;
        this.status = (byte) status.ordinal();
        return write(type, nanos, thread, frame, null, outcome);
    }

    /** Writes a handoff event in {@code frame}'s session into this event; a completed one's target run is {@code frame}'s run. */
    Event writeHandoff(EventType type, Frame frame, long nanos, String thread, PendingHandoff handoff) {
        write(type, nanos, thread, frame, handoff.spec, handoff.values);
        this.parentRunId = handoff.sourceRunId; // the handoff may be reused once this returns: copy what it says
        this.toolCallId = handoff.id;
        return this;
    }

    /** A {@code *.started} event of {@code frame}'s call, at its start. */
    static Event started(EventType type, Frame frame, String thread, CallSiteSpec spec, String[] values, int stepIndex) {
        return new Event().writeStarted(type, frame, thread, spec, values, stepIndex);
    }

    /** A {@code *.ended} event of {@code frame}'s call; {@code attributes} are the explicit API's, usually null. */
    static Event ended(EventType type, Frame frame, long nanos, String thread, Status status, String output,
                       Failure error, Map<String, String> attributes) {
        return new Event().writeEnded(type, frame, nanos, thread, status, outcome(output, error, attributes), 0);
    }

    /** {@code llm.ended} of {@code call}. */
    static Event llmEnded(LlmCall call, long nanos, String thread, Status status, String output, Failure error,
                          LlmOutcome llm) {
        Event ended = new Event();
        ended.status = (byte) status.ordinal();
        return ended.write(EventType.LLM_ENDED, nanos, thread, call, null, new Outcome(output, error, null, llm));
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
        return new Event().writeHandoff(type, frame, nanos, thread, handoff);
    }

    /** {@code policy.decision} about the tool {@code frame}'s call opened, just before its {@code tool.started}. */
    private static Event decision(Frame frame, long nanos, String thread, Decision decision) {
        return new Event().write(EventType.POLICY_DECISION, nanos, thread, frame, decision, null);
    }

    /** A {@code tool.started} whose call the policy decided: it stands for two events, its {@code policy.decision} first. */
    public boolean carriesDecision() {
        return type() == EventType.TOOL_STARTED && decision != null;
    }

    /**
     * For a {@code tool.started} that {@link #carriesDecision()}: the {@code policy.decision} event that
     * goes just before it, made here on the exporter's thread (same time, thread and ids); else null.
     */
    public Event decisionBefore() {
        if (!carriesDecision()) {
            return null;
        }
        Event made = copy();
        made.type = (byte) EventType.POLICY_DECISION.ordinal();
        made.number = startNanos;
        made.detail = decision;
        made.text = null;
        made.decision = null;
        return made;
    }

    /** {@code policy.decision} made from plain values, for the sinks' tests. */
    public static Event decision(long nanos, String thread, long sessionId, long runId, long toolCallId,
                                 Decision decision) {
        return decision(Frame.ids(sessionId, runId, 0, 0, toolCallId, nanos), nanos, thread, decision);
    }

    /** {@code agent.dropped}: built by the exporter for a session that lost events. */
    public static Event dropped(long nanos, String thread, long sessionId, long count) {
        return new Event().write(EventType.AGENT_DROPPED, nanos, thread, Frame.ids(sessionId, 0, 0, 0, 0, nanos),
                count, null);
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
        EventType type = type();
        return type == EventType.HANDOFF_REQUESTED || type == EventType.HANDOFF_COMPLETED
                || type == EventType.HANDOFF_FAILED;
    }

    private boolean isEnded() {
        EventType type = type();
        return type == EventType.SESSION_ENDED || type == EventType.RUN_ENDED || type == EventType.STEP_ENDED
                || type == EventType.TOOL_ENDED || type == EventType.LLM_ENDED;
    }

    private boolean isStarted() {
        EventType type = type();
        return type == EventType.SESSION_STARTED || type == EventType.RUN_STARTED || type == EventType.STEP_STARTED
                || type == EventType.TOOL_STARTED || type == EventType.LLM_STARTED;
    }

    /** Which of the frame's ids the event carries: 0 the session's, 1 also the run's, 2 the step's, 3 the tool call's. */
    private int depth() {
        return switch (type()) {
            case RUN_STARTED, RUN_ENDED -> 1;
            case STEP_STARTED, STEP_ENDED, LLM_STARTED, LLM_ENDED -> 2;
            case TOOL_STARTED, TOOL_ENDED, POLICY_DECISION -> 3;
            default -> 0;
        };
    }

    /** How many ids {@link #carriedIds} writes. */
    public static final int CARRIED_IDS = 6;

    /**
     * The ids this event carries, as {@link #runId}, {@link #parentRunId}, {@link #stepId},
     * {@link #toolCallId}, {@link #handoffId} and {@link #llmCallId} give them (0 when absent), into
     * {@code into[0..5]}: the exporter reads all six per event, with one look at the type instead of one per id.
     */
    public void carriedIds(long[] into) {
        if (isHandoff()) {
            into[0] = runId();
            into[1] = 0;
            into[2] = 0;
            into[3] = 0;
            into[4] = toolCallId;
            into[5] = 0;
            return;
        }
        int depth = depth();
        into[0] = depth >= 1 ? runId : 0;
        into[1] = depth >= 1 ? parentRunId : 0;
        into[2] = depth >= 2 ? stepId : 0;
        into[3] = depth >= 3 ? toolCallId : 0;
        into[4] = 0;
        into[5] = type() == EventType.LLM_STARTED || type() == EventType.LLM_ENDED ? llmCallId : 0;
    }

    public EventType type() {
        return type < 0 ? null : TYPES[type];
    }

    public long nanos() {
        return isStarted() ? startNanos : number;
    }

    public String thread() {
        return thread;
    }

    public long sessionId() {
        return sessionId;
    }

    /** The test session a session opened inside a test belongs to; 0 for any other session. */
    public long enclosingSessionId() {
        return enclosingSessionId;
    }

    public long runId() {
        if (isHandoff()) {
            return type() == EventType.HANDOFF_COMPLETED ? runId : parentRunId;
        }
        return depth() >= 1 ? runId : 0;
    }

    public long parentRunId() {
        return depth() >= 1 ? parentRunId : 0;
    }

    public long stepId() {
        return depth() >= 2 ? stepId : 0;
    }

    public long toolCallId() {
        return depth() >= 3 ? toolCallId : 0;
    }

    /** For {@code llm.*} events, the model call's id; else 0. */
    public long llmCallId() {
        return type() == EventType.LLM_STARTED || type() == EventType.LLM_ENDED ? llmCallId : 0;
    }

    /** For {@code llm.ended}, what the reply said and what it cost; else null. */
    public LlmOutcome llm() {
        return text instanceof Outcome outcome ? outcome.llm() : null;
    }

    public long handoffId() {
        return isHandoff() ? toolCallId : 0;
    }

    /** For {@code *.started} and handoff events, the spec that says how to read {@link #values()}; else null. */
    public CallSiteSpec spec() {
        return isHandoff() || isStarted() ? (CallSiteSpec) detail : null;
    }

    /** Spelled here when the event keeps deferred values, as a slot the exporter reads without copying does. */
    public String[] values() {
        if (!isHandoff() && !isStarted()) {
            return null;
        }
        if (specValues) {
            return spec().templates().constants();
        }
        return text instanceof DeferredValues deferred ? deferred.spell() : (String[]) text;
    }

    public int stepIndex() {
        return isStarted() ? (int) number : -1;
    }

    /** For handoff events, the run that asked; 0 when none. */
    public long sourceRunId() {
        return isHandoff() ? parentRunId : 0;
    }

    public Status status() {
        return isEnded() ? STATUSES[status] : null;
    }

    public long durationNanos() {
        return isEnded() ? number - startNanos : 0;
    }

    public String output() {
        if (text instanceof Outcome outcome) {
            return outcome.output();
        }
        if (text instanceof String output) {
            return output;
        }
        return keptOutput() ? Summaries.summary(text, outputLimit) : null;
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
        return type() == EventType.POLICY_DECISION ? (Decision) detail : null;
    }

    /** For {@code agent.dropped}, how many events were lost. */
    public long count() {
        return type() == EventType.AGENT_DROPPED ? (Long) detail : 0;
    }
}
