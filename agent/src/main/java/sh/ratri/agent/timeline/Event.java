package sh.ratri.agent.timeline;

import java.util.Map;

/**
 * One timeline event as the application thread records it: ids as longs, time as
 * {@code System.nanoTime()}, values as rendered strings. The exporter thread turns it into
 * {@code ratri.event/v1} JSON (wall-clock time, event id, sequence, id strings), so none of that
 * work runs in user code.
 *
 * @param spec       for {@code *.started} and handoff events, the {@code SessionSpec}, {@code RunSpec}, … that
 *                   says how to read {@code values}; else null
 * @param values     the spec's rendered values, in its order; else null
 * @param stepIndex  the resolved index of a run or step; else -1
 * @param sourceRunId for handoff events, the run that asked; 0 when none
 * @param error      the exception that ended a failed item
 * @param count      for {@code agent.dropped}, how many events were lost
 * @param extra      attributes added through the explicit API ({@code Ratri.addAttribute}); usually null
 */
public record Event(EventType type, long nanos, String thread, long sessionId, long runId, long parentRunId,
                    long stepId, long toolCallId, long handoffId, Object spec, String[] values, int stepIndex,
                    long sourceRunId, Status status, long durationNanos, String output, Throwable error,
                    long count, Map<String, String> extra) {

    /** This event with the explicit API's attributes, or itself when there are none. */
    Event with(Map<String, String> attributes) {
        return attributes == null ? this : new Event(type, nanos, thread, sessionId, runId, parentRunId, stepId,
                toolCallId, handoffId, spec, values, stepIndex, sourceRunId, status, durationNanos, output, error,
                count, Map.copyOf(attributes));
    }

    static Event started(EventType type, long nanos, String thread, long sessionId, long runId, long parentRunId,
                         long stepId, long toolCallId, Object spec, String[] values, int stepIndex) {
        return new Event(type, nanos, thread, sessionId, runId, parentRunId, stepId, toolCallId, 0, spec, values,
                stepIndex, 0, null, 0, null, null, 0, null);
    }

    static Event ended(EventType type, long nanos, String thread, long sessionId, long runId, long parentRunId,
                       long stepId, long toolCallId, Status status, long durationNanos, String output,
                       Throwable error) {
        return new Event(type, nanos, thread, sessionId, runId, parentRunId, stepId, toolCallId, 0, null, null, -1,
                0, status, durationNanos, output, error, 0, null);
    }

    static Event handoff(EventType type, long nanos, String thread, long sessionId, long runId, long handoffId,
                         long sourceRunId, HandoffSpec spec, String[] values) {
        return new Event(type, nanos, thread, sessionId, runId, 0, 0, 0, handoffId, spec, values, -1, sourceRunId,
                null, 0, null, null, 0, null);
    }

    /** {@code agent.dropped}: built by the exporter for a session that lost events. */
    public static Event dropped(long nanos, String thread, long sessionId, long count) {
        return new Event(EventType.AGENT_DROPPED, nanos, thread, sessionId, 0, 0, 0, 0, 0, null, null, -1, 0, null,
                0, null, null, count, null);
    }
}
