package sh.ratri.agent.timeline;

import java.util.Map;

/**
 * One timeline event as the application thread records it: ids as longs, time as
 * {@code System.nanoTime()}, values as rendered strings. The exporter thread turns it into
 * {@code ratri.event/v1} JSON (wall-clock time, event id, sequence, id strings), so none of that
 * work runs in user code.
 *
 * <p>Two events are built per traced call, so their size is most of what tracing allocates: fields
 * that no kind of event uses together share a slot (88 bytes instead of a plain record's 128). The
 * accessors say what each event means; which slot holds it is private to this class.
 */
public final class Event {

    private final EventType type;
    private final long nanos;
    private final String thread;
    private final long sessionId;
    private final long runId;
    /** The parent run; for handoff events (which have none) the source run. */
    private final long parentRunId;
    private final long stepId;
    private final long toolCallId;
    /** started: the spec; ended: the {@link Status}; else null. */
    private final Object detail;
    /**
     * started, handoff: the rendered {@code String[]} values; ended: the output summary, or an
     * {@link Annotated} when the explicit API added attributes; else null.
     */
    private final Object text;
    /** started: the step index; ended: the duration in ns; handoff: the handoff id; dropped: the count. */
    private final long number;
    private final Throwable error;

    private Event(EventType type, long nanos, String thread, long sessionId, long runId, long parentRunId,
                  long stepId, long toolCallId, Object detail, Object text, long number, Throwable error) {
        this.type = type;
        this.nanos = nanos;
        this.thread = thread;
        this.sessionId = sessionId;
        this.runId = runId;
        this.parentRunId = parentRunId;
        this.stepId = stepId;
        this.toolCallId = toolCallId;
        this.detail = detail;
        this.text = text;
        this.number = number;
        this.error = error;
    }

    /**
     * @param spec      the {@code SessionSpec}, {@code RunSpec}, … that says how to read {@code values}
     * @param values    the spec's rendered values, in its order
     * @param stepIndex the resolved index of a run or step; else -1
     */
    public static Event started(EventType type, long nanos, String thread, long sessionId, long runId, long parentRunId,
                         long stepId, long toolCallId, Object spec, String[] values, int stepIndex) {
        return new Event(type, nanos, thread, sessionId, runId, parentRunId, stepId, toolCallId, spec, values,
                stepIndex, null);
    }

    /** @param error the exception that ended a failed item */
    public static Event ended(EventType type, long nanos, String thread, long sessionId, long runId, long parentRunId,
                       long stepId, long toolCallId, Status status, long durationNanos, String output,
                       Throwable error) {
        return new Event(type, nanos, thread, sessionId, runId, parentRunId, stepId, toolCallId, status, output,
                durationNanos, error);
    }

    /** @param sourceRunId the run that asked for the handoff; 0 when none */
    public static Event handoff(EventType type, long nanos, String thread, long sessionId, long runId, long handoffId,
                         long sourceRunId, HandoffSpec spec, String[] values) {
        return new Event(type, nanos, thread, sessionId, runId, sourceRunId, 0, 0, spec, values, handoffId, null);
    }

    /** {@code agent.dropped}: built by the exporter for a session that lost events. */
    public static Event dropped(long nanos, String thread, long sessionId, long count) {
        return new Event(EventType.AGENT_DROPPED, nanos, thread, sessionId, 0, 0, 0, 0, null, null, count, null);
    }

    /** An ended event's output summary with the attributes added through {@code Ratri.addAttribute}. */
    private record Annotated(String output, Map<String, String> extra) {
    }

    /** This ended event with the explicit API's attributes, or itself when there are none. */
    Event with(Map<String, String> attributes) {
        if (attributes == null || !isEnded()) {
            return this;
        }
        return new Event(type, nanos, thread, sessionId, runId, parentRunId, stepId, toolCallId, detail,
                new Annotated(output(), Map.copyOf(attributes)), number, error);
    }

    private boolean isHandoff() {
        return type == EventType.HANDOFF_REQUESTED || type == EventType.HANDOFF_COMPLETED
                || type == EventType.HANDOFF_FAILED;
    }

    private boolean isEnded() {
        return type == EventType.SESSION_ENDED || type == EventType.RUN_ENDED || type == EventType.STEP_ENDED
                || type == EventType.TOOL_ENDED;
    }

    private boolean isStarted() {
        return !isEnded() && !isHandoff() && type != EventType.AGENT_DROPPED;
    }

    public EventType type() {
        return type;
    }

    public long nanos() {
        return nanos;
    }

    public String thread() {
        return thread;
    }

    public long sessionId() {
        return sessionId;
    }

    public long runId() {
        return runId;
    }

    public long parentRunId() {
        return isHandoff() ? 0 : parentRunId;
    }

    public long stepId() {
        return stepId;
    }

    public long toolCallId() {
        return toolCallId;
    }

    public long handoffId() {
        return isHandoff() ? number : 0;
    }

    /** For {@code *.started} and handoff events, the spec that says how to read {@link #values()}; else null. */
    public Object spec() {
        return isEnded() ? null : detail;
    }

    public String[] values() {
        return text instanceof String[] values ? values : null;
    }

    public int stepIndex() {
        return isStarted() ? (int) number : -1;
    }

    /** For handoff events, the run that asked; 0 when none. */
    public long sourceRunId() {
        return isHandoff() ? parentRunId : 0;
    }

    public Status status() {
        return isEnded() ? (Status) detail : null;
    }

    public long durationNanos() {
        return isEnded() ? number : 0;
    }

    public String output() {
        if (text instanceof Annotated annotated) {
            return annotated.output();
        }
        return text instanceof String output ? output : null;
    }

    /** Attributes added through the explicit API ({@code Ratri.addAttribute}); usually null. */
    public Map<String, String> extra() {
        return text instanceof Annotated annotated ? annotated.extra() : null;
    }

    public Throwable error() {
        return error;
    }

    /** For {@code agent.dropped}, how many events were lost. */
    public long count() {
        return type == EventType.AGENT_DROPPED ? number : 0;
    }
}
