package sh.ratri.agent.timeline;

import java.util.Map;

/**
 * Keeps, in memory, the events of one session (and of the sessions opened inside it) as they are
 * exported, for code in the same JVM that asserts on them: the {@code ratri-junit} extension.
 * Implemented by the export, which turns events into their JSON shape.
 */
public interface SessionRecorder {

    SessionRecorder NONE = new SessionRecorder() {
        @Override
        public Object start(long sessionId) {
            return "this agent records no sessions in memory";
        }

        @Override
        public Map<String, Object> read(Object recording, boolean stop) {
            return Map.of();
        }
    };

    /** A recording of {@code sessionId}'s events from now on, or a {@code String} saying why there can be none. */
    Object start(long sessionId);

    /**
     * {@code events}: what was recorded, once every event emitted before this call has been
     * exported; {@code lost}: events not kept (the recording is bounded); {@code complete}: false
     * when the export did not catch up in time. {@code stop} ends the recording.
     */
    Map<String, Object> read(Object recording, boolean stop);
}
